/**
 * Tokens of the STIX 2.1 patterning language (§9, and the normative ANTLR grammar STIXPattern.g4):
 * identifiers, keywords, literals (string, int, float, bool, t'', h'', b''), operators and punctuation.
 * Every token carries its 0-based offset so errors can point at the character at fault.
 */
import { StormwatchError } from '../shared/index.js';

export type TokenKind =
  | 'ident'
  | 'keyword'
  | 'string'
  | 'int'
  | 'float'
  | 'bool'
  | 'timestamp'
  | 'hex'
  | 'binary'
  | 'op'
  | 'punct'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Keyword (upper case), operator, punctuation or identifier text; decoded value for literals. */
  readonly text: string;
  readonly offset: number;
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'FOLLOWEDBY',
  'LIKE',
  'MATCHES',
  'ISSUPERSET',
  'ISSUBSET',
  'EXISTS',
  'LAST',
  'IN',
  'START',
  'STOP',
  'SECONDS',
  'TIMES',
  'WITHIN',
  'REPEATS',
]);

/** Throws `stix.pattern-syntax` naming the offset. */
export function patternSyntaxError(pattern: string, offset: number, what: string): StormwatchError {
  const near = pattern.slice(offset, offset + 24);
  return new StormwatchError({
    code: 'stix.pattern-syntax',
    kind: 'input',
    message: `STIX pattern syntax error at column ${offset + 1}: ${what}${near ? ` (near "${near}")` : ''}`,
    location: { col: offset + 1, offset },
    hint: "Check the pattern against STIX 2.1 §9, e.g. [ipv4-addr:value = '198.51.100.3'].",
  });
}

/** Splits a pattern into tokens. Throws `stix.pattern-syntax` on a character no token can start with. */
export function tokenizePattern(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    // Prefixed literals: t'…', h'…', b'…'
    if ((c === 't' || c === 'h' || c === 'b') && pattern.charAt(i + 1) === "'") {
      const { value, end } = readQuoted(pattern, i + 1);
      const kind = c === 't' ? 'timestamp' : c === 'h' ? 'hex' : 'binary';
      tokens.push({ kind, text: value, offset: start });
      i = end;
      continue;
    }
    if (c === "'") {
      const { value, end } = readQuoted(pattern, i);
      tokens.push({ kind: 'string', text: value, offset: start });
      i = end;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_-]/.test(pattern.charAt(j))) j++;
      const word = pattern.slice(i, j);
      if (KEYWORDS.has(word)) tokens.push({ kind: 'keyword', text: word, offset: start });
      else if (word === 'true' || word === 'false') tokens.push({ kind: 'bool', text: word, offset: start });
      else tokens.push({ kind: 'ident', text: word, offset: start });
      i = j;
      continue;
    }
    const number = /^[-+]?(?:\d+\.\d*|\.\d+|\d+)/.exec(pattern.slice(i));
    if (number && (/\d/.test(c) || ((c === '-' || c === '+') && /[\d.]/.test(pattern.charAt(i + 1))))) {
      const text = number[0];
      tokens.push({ kind: text.includes('.') ? 'float' : 'int', text, offset: start });
      i += text.length;
      continue;
    }
    const two = pattern.slice(i, i + 2);
    if (two === '!=' || two === '<=' || two === '>=' || two === '==') {
      if (two === '==') throw patternSyntaxError(pattern, start, "'==' is not a STIX operator; use '='");
      tokens.push({ kind: 'op', text: two, offset: start });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, offset: start });
      i++;
      continue;
    }
    if ('[]():.,*'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, offset: start });
      i++;
      continue;
    }
    throw patternSyntaxError(pattern, start, `unexpected character '${c}'`);
  }
  tokens.push({ kind: 'eof', text: '', offset: n });
  return tokens;
}

/** Reads a `'…'` literal starting at the opening quote; `\'` and `\\` are the only escapes (§9.3). */
function readQuoted(pattern: string, quoteAt: number): { value: string; end: number } {
  let value = '';
  let i = quoteAt + 1;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === '\\') {
      const next = pattern.charAt(i + 1);
      if (next !== "'" && next !== '\\') {
        throw patternSyntaxError(pattern, i, `invalid escape '\\${next}' (only \\' and \\\\ are allowed)`);
      }
      value += next;
      i += 2;
      continue;
    }
    if (c === "'") return { value, end: i + 1 };
    value += c;
    i++;
  }
  throw patternSyntaxError(pattern, quoteAt, 'unterminated string literal');
}
