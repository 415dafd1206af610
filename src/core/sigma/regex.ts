/**
 * The `re` modifier in linear time: patterns compile with re2js (RE2 semantics, no backtracking), so a
 * hostile value can never stall a hunt. Patterns that need constructs RE2 lacks (lookaround,
 * backreferences, possessive quantifiers, atomic groups) are rejected with the reason.
 */
import { RE2JS } from 're2js';
import { ValueError } from './sigma-value.js';

export interface RegexFlags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
}

/** Why a pattern cannot run in linear time, or null when it can. */
export function unsupportedRegexReason(pattern: string): string | null {
  if (/\(\?<?[=!]/.test(pattern))
    return 'lookaround assertions ((?=…), (?!…), (?<=…), (?<!…)) are not supported by RE2';
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern) || /\\k<\w+>/.test(pattern))
    return 'backreferences (\\1, \\k<name>) are not supported by RE2';
  if (/\(\?>/.test(pattern)) return 'atomic groups ((?>…)) are not supported by RE2';
  return null;
}

/**
 * Compiles a Sigma regular expression into a linear-time predicate. Throws `ValueError`. Patterns with a
 * proven backtracking bound (`nativeRegexSafe`) run on the JavaScript engine, which is faster; all others on
 * re2js.
 */
export function compileRegex(pattern: string, given: RegexFlags): (s: string) => boolean {
  // A leading inline flag group (`(?i)`, common in Sigma rules) is the same as the sub-modifiers.
  let flags = given;
  const lead = /^\(\?([ims]+)\)/.exec(pattern);
  if (lead) {
    const f = lead[1]!;
    flags = { i: flags.i || f.includes('i'), m: flags.m || f.includes('m'), s: flags.s || f.includes('s') };
    pattern = pattern.slice(lead[0].length);
  }
  const reason = unsupportedRegexReason(pattern);
  if (reason)
    throw new ValueError(
      'sigma.regex.unsupported',
      `regular expression ${JSON.stringify(pattern)}: ${reason}`,
    );
  const nativeSource =
    !flags.m && nativeRegexSafe(pattern) && (!flags.i || caseFoldSafe(pattern))
      ? toNativeSource(pattern, flags.s)
      : null;
  if (nativeSource !== null) {
    try {
      const native = new RegExp(nativeSource, `${flags.i ? 'i' : ''}${flags.s ? 's' : ''}`);
      RE2JS.compile(pattern); // still reject what RE2 would reject, so both engines accept the same rules
      return (s) => native.test(s);
    } catch {
      // fall through to re2js, which reports the syntax error
    }
  }
  let f = 0;
  if (flags.i) f |= RE2JS.CASE_INSENSITIVE;
  if (flags.m) f |= RE2JS.MULTILINE;
  if (flags.s) f |= RE2JS.DOTALL;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, f);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/nested repetition/.test(msg))
      throw new ValueError(
        'sigma.regex.unsupported',
        `regular expression ${JSON.stringify(pattern)}: possessive quantifiers (*+, ++, ?+) are not supported by RE2 (${msg})`,
      );
    throw new ValueError(
      'sigma.regex.invalid',
      `regular expression ${JSON.stringify(pattern)} does not compile: ${msg}`,
    );
  }
  return (s) => re.test(s);
}

const META = new Set(['.', '^', '$', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\']);

/**
 * The longest literal every match of `pattern` must contain (lowercased), for the prefilter (at least 3
 * characters, not number-like) or as a cheap gate before running the regex (`minLength` 1); null when none. Conservative: only top-level text outside groups and classes counts,
 * any top-level alternation gives up, and a character followed by `?`, `*` or `{` is dropped.
 */
export function requiredRegexLiteral(pattern: string, minLength = 3): string | null {
  let best = '';
  let run = '';
  let depth = 0;
  const end = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined || n === 'Q') return null;
      i++;
      if (depth === 0 && !/[0-9A-Za-z]/.test(n)) {
        run += n;
        continue;
      }
      end();
      continue;
    }
    if (c === '[') {
      end();
      // Skip the class: `]` right after `[` or `[^` is literal; escapes are skipped.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') {
      end();
      depth++;
      continue;
    }
    if (c === ')') {
      end();
      depth--;
      continue;
    }
    if (c === '|') {
      if (depth === 0) return null;
      continue;
    }
    if (c === '?' || c === '*' || c === '{') {
      // The previous character is optional (or repeated from zero).
      run = run.slice(0, -1);
      end();
      if (c === '{') while (i < pattern.length && pattern[i] !== '}') i++;
      continue;
    }
    if (c === '+') {
      end();
      continue;
    }
    if (META.has(c) || depth > 0) {
      end();
      continue;
    }
    run += c;
  }
  end();
  const lit = best.toLowerCase();
  if (lit.length < minLength) return null;
  // As a prefilter needle it must not be something a number's text could hold (numbers may be skipped).
  return minLength < 3 || !/^[0-9.+\-e]*$/.test(lit) ? lit : null;
}

/** Largest number of backtracking paths per start position accepted for the native engine. */
const NATIVE_PATH_LIMIT = 256;

/**
 * Whether `pattern` can run on the JavaScript (backtracking) engine with a proven bound: only bounded
 * quantifiers (`?`, `{m,n}`), none nested inside a quantified group, at most NATIVE_PATH_LIMIT paths per start
 * position (product of the quantifier ranges and alternation branches), and only syntax both engines read
 * the same way. Then a search is linear in the value with a constant ≤ the limit. Everything else uses re2js.
 */
export function nativeRegexSafe(pattern: string): boolean {
  if (/\(\?(?!:)|\\[pPQEzAkxuUCGae0-9]|\[:/.test(pattern)) return false;
  let paths = 1;
  // Per open group: did it contain a quantifier or alternation, and how many branches.
  const stack: { complex: boolean; branches: number }[] = [];
  let lastAtomComplex = false; // the atom a following quantifier applies to is a complex group
  let hasAtom = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++;
      lastAtomComplex = false;
      hasAtom = true;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      if (j >= pattern.length) return false;
      i = j;
      lastAtomComplex = false;
      hasAtom = true;
      continue;
    }
    if (c === '(') {
      stack.push({ complex: false, branches: 1 });
      if (pattern[i + 1] === '?') i += 2; // `(?:`
      hasAtom = false;
      continue;
    }
    if (c === ')') {
      const g = stack.pop();
      if (!g) return false;
      paths *= g.branches;
      lastAtomComplex = g.complex;
      if (g.complex || g.branches > 1) for (const outer of stack) outer.complex = true;
      hasAtom = true;
      continue;
    }
    if (c === '|') {
      const top = stack[stack.length - 1];
      if (top) {
        top.branches++;
        top.complex = true;
      } else paths *= 2;
      hasAtom = false;
      continue;
    }
    let range = 0;
    if (c === '*' || c === '+') return false;
    if (c === '?') range = 2;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) {
        hasAtom = true; // a literal `{`
        lastAtomComplex = false;
        continue;
      }
      if (m[2] !== undefined && m[3] === '') return false; // {n,} is unbounded
      const lo = Number(m[1]);
      const hi = m[3] !== undefined ? Number(m[3]) : lo;
      range = hi - lo + 1;
      i += m[0].length - 1;
    }
    if (range > 0) {
      if (!hasAtom || lastAtomComplex) return false;
      if (pattern[i + 1] === '?') i++; // lazy
      paths *= range;
      for (const g of stack) g.complex = true;
      hasAtom = false;
      if (paths > NATIVE_PATH_LIMIT) return false;
      continue;
    }
    lastAtomComplex = false;
    hasAtom = true;
  }
  return stack.length === 0 && paths <= NATIVE_PATH_LIMIT;
}

/**
 * Rewrites an RE2 pattern for the JavaScript engine where their meanings differ: `\s`/`\S` are ASCII
 * whitespace in RE2 (JavaScript adds Unicode spaces), and `.` excludes only `\n` in RE2 (JavaScript also
 * excludes `\r`, U+2028 and U+2029). Null when a construct cannot be rewritten (`\S` inside a class).
 */
export function toNativeSource(pattern: string, dotAll: boolean): string | null {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      i++;
      if (n === 's') out += inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
      else if (n === 'S') {
        if (inClass) return null;
        out += '[^\\t\\n\\f\\r ]';
      } else out += `\\${n}`;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
      // RE2 reads a `]` first in a class as a literal; JavaScript would end (or negate-all) the class.
      if (pattern[i + 1] === ']') {
        i++;
        out += '\\]';
      }
      continue;
    }
    out += c === '.' && !dotAll ? '[^\\n]' : c;
  }
  return out;
}

const FOLD_RISK = new Set(['s', 'S', 'k', 'K']);

/**
 * Whether case-insensitive matching means the same in RE2 and in JavaScript without the `u` flag: RE2 folds
 * `s`/`k` with U+017F/U+212A (and non-ASCII letters generally), JavaScript does not. So the pattern must hold
 * no non-ASCII character and no `s`/`k`, neither as a letter nor inside a class range.
 */
export function caseFoldSafe(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) > 0x7f) return false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      i++; // escapes (\s, \k…) are classes or symbols, not letters
      continue;
    }
    if (inClass && c === ']') {
      inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (FOLD_RISK.has(c)) return false;
    if (inClass && c === '-' && i > 0 && i + 1 < pattern.length) {
      const lo = pattern.charCodeAt(i - 1);
      const hi = pattern.charCodeAt(i + 1);
      for (const r of FOLD_RISK) {
        const code = r.charCodeAt(0);
        if (code >= lo && code <= hi) return false;
      }
    }
  }
  return true;
}
