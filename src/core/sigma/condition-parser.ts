/**
 * The Sigma condition grammar (rules specification v2.1 "Condition"): `and`, `or`, `not`, parentheses,
 * `1 of x*`, `all of x*`, `1 of them`, `all of them` (and `N of`), with precedence
 * or < and < not < x-of < ( ). The obsolete aggregation syntax (`| count() by … > N`, `near`) is reported
 * as `sigma.condition.deprecated-aggregation` instead of being silently dropped.
 */

export type ConditionNode =
  | { readonly type: 'id'; readonly name: string; readonly col: number }
  | {
      readonly type: 'of';
      /** `all`, or the minimum number of matching identifiers. */
      readonly quantifier: 'all' | number;
      /** Identifier pattern with `*` wildcards, or null for `them`. */
      readonly pattern: string | null;
      readonly col: number;
    }
  | { readonly type: 'and'; readonly args: readonly ConditionNode[] }
  | { readonly type: 'or'; readonly args: readonly ConditionNode[] }
  | { readonly type: 'not'; readonly arg: ConditionNode };

/** A condition syntax error; `col` is 1-based within the condition text. */
export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly col: number,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ConditionSyntaxError';
  }
}

interface Token {
  readonly kind: 'lparen' | 'rparen' | 'word' | 'pipe';
  readonly text: string;
  readonly col: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    // Same whitespace class as the word scan below, so every character is consumed by exactly one branch.
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(') out.push({ kind: 'lparen', text: c, col: i + 1 });
    else if (c === ')') out.push({ kind: 'rparen', text: c, col: i + 1 });
    else if (c === '|') out.push({ kind: 'pipe', text: c, col: i + 1 });
    else {
      const start = i;
      while (i < text.length && !/[\s()|]/.test(text[i]!)) i++;
      out.push({ kind: 'word', text: text.slice(start, i), col: start + 1 });
      continue;
    }
    i++;
  }
  return out;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them']);

/** Parses a condition string into an AST; throws `ConditionSyntaxError`. */
export function parseCondition(text: string): ConditionNode {
  const tokens = tokenize(text);
  const pipe = tokens.find((t) => t.kind === 'pipe');
  if (pipe) {
    throw new ConditionSyntaxError(
      'the `|` aggregation syntax (count(), near …) of Sigma 1.0 is deprecated and not supported; rewrite it as a correlation rule',
      pipe.col,
      'sigma.condition.deprecated-aggregation',
    );
  }
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const isWord = (t: Token | undefined, w: string): boolean =>
    t !== undefined && t.kind === 'word' && t.text.toLowerCase() === w;
  const fail = (msg: string, t: Token | undefined): never => {
    throw new ConditionSyntaxError(msg, t ? t.col : text.length + 1, 'sigma.condition.syntax');
  };

  const parseOr = (): ConditionNode => {
    const args = [parseAnd()];
    while (isWord(peek(), 'or')) {
      p++;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0]! : { type: 'or', args };
  };
  const parseAnd = (): ConditionNode => {
    const args = [parseNot()];
    while (isWord(peek(), 'and')) {
      p++;
      args.push(parseNot());
    }
    return args.length === 1 ? args[0]! : { type: 'and', args };
  };
  const parseNot = (): ConditionNode => {
    if (isWord(peek(), 'not')) {
      p++;
      return { type: 'not', arg: parseNot() };
    }
    return parseAtom();
  };
  const parseAtom = (): ConditionNode => {
    const t = peek();
    if (!t) return fail('unexpected end of condition: expected a search identifier', t);
    if (t.kind === 'lparen') {
      p++;
      const inner = parseOr();
      if (peek()?.kind !== 'rparen') fail('missing closing parenthesis', peek());
      p++;
      return inner;
    }
    if (t.kind === 'rparen') return fail('unexpected `)`', t);
    const lower = t.text.toLowerCase();
    if (isWord(tokens[p + 1], 'of')) {
      let quantifier: 'all' | number;
      if (lower === 'all') quantifier = 'all';
      else if (lower === 'any') quantifier = 1;
      else if (/^\d+$/.test(lower) && Number(lower) >= 1) quantifier = Number(lower);
      else return fail(`expected \`1\`, \`all\` or a number before \`of\`, found \`${t.text}\``, t);
      p += 2;
      const target = peek();
      if (target?.kind !== 'word' || (KEYWORDS.has(target.text.toLowerCase()) && !isWord(target, 'them')))
        return fail('expected a search-identifier pattern or `them` after `of`', target);
      p++;
      return {
        type: 'of',
        quantifier,
        pattern: isWord(target, 'them') ? null : target.text,
        col: t.col,
      };
    }
    if (KEYWORDS.has(lower)) return fail(`unexpected \`${t.text}\`: expected a search identifier`, t);
    p++;
    return { type: 'id', name: t.text, col: t.col };
  };

  const ast = parseOr();
  if (p < tokens.length) {
    const t = tokens[p]!;
    if (t.kind === 'word' && (t.text.toLowerCase() === 'near' || /^count\(/i.test(t.text)))
      throw new ConditionSyntaxError(
        'the `near` operator of Sigma 1.0 is deprecated and not supported; rewrite it as a temporal correlation rule',
        t.col,
        'sigma.condition.deprecated-aggregation',
      );
    fail(`unexpected \`${t.text}\` (missing \`and\`/\`or\`?)`, t);
  }
  return ast;
}

/** Identifier names a node refers to (patterns are returned as written). */
export function conditionReferences(
  node: ConditionNode,
  out: { name: string; col: number; pattern: boolean }[] = [],
) {
  switch (node.type) {
    case 'id':
      out.push({ name: node.name, col: node.col, pattern: false });
      break;
    case 'of':
      if (node.pattern !== null) out.push({ name: node.pattern, col: node.col, pattern: true });
      break;
    case 'and':
    case 'or':
      for (const a of node.args) conditionReferences(a, out);
      break;
    case 'not':
      conditionReferences(node.arg, out);
      break;
  }
  return out;
}

/** Matches identifier names against an `x*` pattern (`*` any run of characters). */
export function identifierPatternMatcher(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*')) return (n) => n === pattern;
  const parts = pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${parts.join('.*')}$`);
  return (n) => re.test(n);
}
