/**
 * Parser for STIX 2.1 patterns (§9.2 grammar, §9.3 literals): a recursive-descent parser over the
 * token stream of pattern-lexer.ts, building a tree. `parsePattern` throws on the first syntax error;
 * semantic checks live in pattern-validator.ts.
 */
import type { StormwatchError } from '../shared/index.js';
import { patternSyntaxError, type Token, tokenizePattern } from './pattern-lexer.js';

export type PatternLiteral =
  | { readonly type: 'string' | 'timestamp' | 'hex' | 'binary'; readonly value: string }
  | { readonly type: 'int' | 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean };

export interface ObjectPathNode {
  readonly objectType: string;
  /** Property names, list indexes, or '*' for "any element". */
  readonly steps: readonly (string | number)[];
  readonly offset: number;
}

export type ComparisonOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'IN'
  | 'LIKE'
  | 'MATCHES'
  | 'ISSUBSET'
  | 'ISSUPERSET'
  | 'EXISTS';

export interface PropertyTest {
  readonly kind: 'test';
  readonly path: ObjectPathNode;
  readonly negated: boolean;
  readonly operator: ComparisonOperator;
  /** Absent for EXISTS; an array for IN. */
  readonly value?: PatternLiteral | readonly PatternLiteral[];
}

export interface ComparisonGroup {
  readonly kind: 'comparison';
  readonly operator: 'AND' | 'OR';
  readonly operands: readonly ComparisonNode[];
}

export type ComparisonNode = PropertyTest | ComparisonGroup;

export type Qualifier =
  | { readonly kind: 'WITHIN'; readonly seconds: number }
  | { readonly kind: 'REPEATS'; readonly times: number }
  | { readonly kind: 'START'; readonly start: string; readonly stop: string };

export interface ObservationNode {
  readonly kind: 'observation';
  readonly comparison: ComparisonNode;
  readonly qualifiers: readonly Qualifier[];
  readonly offset: number;
}

export interface ObservationGroup {
  readonly kind: 'observation-group';
  readonly operator: 'AND' | 'OR' | 'FOLLOWEDBY';
  readonly operands: readonly PatternNode[];
  readonly qualifiers: readonly Qualifier[];
}

export type PatternNode = ObservationNode | ObservationGroup;

const OBJECT_TYPE_RE = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const PROPERTY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ORDER_OPS = new Set(['<', '<=', '>', '>=']);
const STRING_OPS = new Set(['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

class Parser {
  private i = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i] ?? { kind: 'eof', text: '', offset: this.source.length };
  }
  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }
  private is(kind: Token['kind'], text?: string): boolean {
    const t = this.peek();
    return t.kind === kind && (text === undefined || t.text === text);
  }
  private expect(kind: Token['kind'], text: string | undefined, what: string): Token {
    if (!this.is(kind, text)) throw this.fail(`expected ${what}`);
    return this.next();
  }
  private fail(what: string, at: Token = this.peek()): StormwatchError {
    const found = at.kind === 'eof' ? 'end of pattern' : `'${at.text}'`;
    return patternSyntaxError(this.source, at.offset, `${what}, found ${found}`);
  }

  parse(): PatternNode {
    if (this.is('eof')) throw this.fail('expected an observation expression such as [type:property = value]');
    const node = this.observations();
    if (!this.is('eof')) throw this.fail('expected AND, OR, FOLLOWEDBY or end of pattern');
    return node;
  }

  private observations(): PatternNode {
    return this.observationLevel(['FOLLOWEDBY', 'OR', 'AND'], 0);
  }

  /** Precedence climbing: FOLLOWEDBY binds loosest, then OR, then AND. */
  private observationLevel(ops: readonly ('FOLLOWEDBY' | 'OR' | 'AND')[], level: number): PatternNode {
    const op = ops[level];
    if (op === undefined) return this.observation();
    const operands = [this.observationLevel(ops, level + 1)];
    while (this.is('keyword', op)) {
      this.next();
      operands.push(this.observationLevel(ops, level + 1));
    }
    return operands.length === 1 && operands[0]
      ? operands[0]
      : { kind: 'observation-group', operator: op, operands, qualifiers: [] };
  }

  private observation(): PatternNode {
    const start = this.peek();
    if (this.is('punct', '[')) {
      this.next();
      const comparison = this.comparisonOr();
      this.expect('punct', ']', "']' closing the observation expression");
      return { kind: 'observation', comparison, qualifiers: this.qualifiers(), offset: start.offset };
    }
    if (this.is('punct', '(')) {
      this.next();
      const inner = this.observations();
      this.expect('punct', ')', "')'");
      const qualifiers = this.qualifiers();
      if (qualifiers.length === 0) return inner;
      // Qualifiers outside the parentheses apply to the whole group, not merged with inner ones.
      if (inner.qualifiers.length > 0)
        return { kind: 'observation-group', operator: 'AND', operands: [inner], qualifiers };
      return { ...inner, qualifiers };
    }
    throw this.fail("expected '[' starting an observation expression");
  }

  private qualifiers(): Qualifier[] {
    const out: Qualifier[] = [];
    for (;;) {
      if (this.is('keyword', 'WITHIN')) {
        this.next();
        const t = this.next();
        if ((t.kind !== 'int' && t.kind !== 'float') || Number(t.text) <= 0)
          throw this.fail('expected a positive number of seconds', t);
        this.expect('keyword', 'SECONDS', 'SECONDS');
        out.push({ kind: 'WITHIN', seconds: Number(t.text) });
      } else if (this.is('keyword', 'REPEATS')) {
        this.next();
        const t = this.next();
        if (t.kind !== 'int' || Number(t.text) <= 0) throw this.fail('expected a positive integer', t);
        this.expect('keyword', 'TIMES', 'TIMES');
        out.push({ kind: 'REPEATS', times: Number(t.text) });
      } else if (this.is('keyword', 'START')) {
        this.next();
        const start = this.expect('timestamp', undefined, "a timestamp literal t'…'");
        this.expect('keyword', 'STOP', 'STOP');
        const stop = this.expect('timestamp', undefined, "a timestamp literal t'…'");
        out.push({ kind: 'START', start: start.text, stop: stop.text });
      } else {
        return out;
      }
    }
  }

  private comparisonOr(): ComparisonNode {
    const operands = [this.comparisonAnd()];
    while (this.is('keyword', 'OR')) {
      this.next();
      operands.push(this.comparisonAnd());
    }
    return operands.length === 1 && operands[0]
      ? operands[0]
      : { kind: 'comparison', operator: 'OR', operands };
  }

  private comparisonAnd(): ComparisonNode {
    const operands = [this.propTest()];
    while (this.is('keyword', 'AND')) {
      this.next();
      operands.push(this.propTest());
    }
    return operands.length === 1 && operands[0]
      ? operands[0]
      : { kind: 'comparison', operator: 'AND', operands };
  }

  private propTest(): ComparisonNode {
    if (this.is('punct', '(')) {
      this.next();
      const inner = this.comparisonOr();
      this.expect('punct', ')', "')'");
      return inner;
    }
    if (this.is('keyword', 'EXISTS')) {
      this.next();
      return { kind: 'test', path: this.objectPath(), negated: false, operator: 'EXISTS' };
    }
    const path = this.objectPath();
    let negated = false;
    if (this.is('keyword', 'NOT')) {
      this.next();
      negated = true;
    }
    const opToken = this.next();
    if (opToken.kind === 'op') {
      const operator = opToken.text as ComparisonOperator;
      const value = this.literal();
      if (ORDER_OPS.has(operator) && value.type === 'bool')
        throw this.fail(`'${operator}' needs an orderable literal`, opToken);
      return { kind: 'test', path, negated, operator, value };
    }
    if (opToken.kind === 'keyword' && opToken.text === 'IN') {
      this.expect('punct', '(', "'(' starting a set");
      const values: PatternLiteral[] = [];
      if (!this.is('punct', ')')) {
        values.push(this.literal());
        while (this.is('punct', ',')) {
          this.next();
          values.push(this.literal());
        }
      }
      this.expect('punct', ')', "')' closing the set");
      return { kind: 'test', path, negated, operator: 'IN', value: values };
    }
    if (opToken.kind === 'keyword' && STRING_OPS.has(opToken.text)) {
      const t = this.expect('string', undefined, `a string literal after ${opToken.text}`);
      return {
        kind: 'test',
        path,
        negated,
        operator: opToken.text as ComparisonOperator,
        value: { type: 'string', value: t.text },
      };
    }
    throw this.fail(
      'expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)',
      opToken,
    );
  }

  private objectPath(): ObjectPathNode {
    const typeToken = this.expect('ident', undefined, 'an object type such as ipv4-addr');
    if (!OBJECT_TYPE_RE.test(typeToken.text))
      throw this.fail(`'${typeToken.text}' is not a valid object type name`, typeToken);
    this.expect('punct', ':', "':' after the object type");
    const steps: (string | number)[] = [this.propertyName()];
    for (;;) {
      if (this.is('punct', '.')) {
        this.next();
        steps.push(this.propertyName());
      } else if (this.is('punct', '[')) {
        this.next();
        const t = this.next();
        if (t.kind === 'punct' && t.text === '*') steps.push('*');
        else if (t.kind === 'int') steps.push(Number(t.text));
        else throw this.fail("expected a list index or '*'", t);
        this.expect('punct', ']', "']' closing the list index");
      } else {
        return { objectType: typeToken.text, steps, offset: typeToken.offset };
      }
    }
  }

  private propertyName(): string {
    const t = this.next();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'ident' && PROPERTY_RE.test(t.text)) return t.text;
    if (t.kind === 'ident')
      throw this.fail(`property name '${t.text}' must be quoted (it is not a plain identifier)`, t);
    throw this.fail('expected a property name', t);
  }

  private literal(): PatternLiteral {
    const t = this.next();
    switch (t.kind) {
      case 'string':
      case 'timestamp':
      case 'hex':
      case 'binary':
        return { type: t.kind, value: t.text };
      case 'int':
      case 'float':
        return { type: t.kind, value: Number(t.text) };
      case 'bool':
        return { type: 'bool', value: t.text === 'true' };
      default:
        throw this.fail('expected a literal value', t);
    }
  }
}

/** Parses a STIX pattern into its tree. Throws `stix.pattern-syntax` (with column) on the first error. */
export function parsePattern(pattern: string): PatternNode {
  return new Parser(pattern, tokenizePattern(pattern)).parse();
}
