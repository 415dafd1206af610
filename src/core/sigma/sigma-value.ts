/**
 * Sigma detection values after parsing: strings with wildcards (`*`, `?`, escaped by `\`), placeholders
 * (`%name%`, only under `expand`), numbers, booleans, null, and the typed values produced by type modifiers
 * (regular expression, CIDR, comparison, exists, field reference). Rules specification v2.1 "Escape Character".
 */
import type { RawValueItem } from './rule-model.js';
import type { SourcePos } from './yaml-source.js';

export const STAR = 0;
export const QMARK = 1;
/** A string part: literal text, `*` (STAR), `?` (QMARK) or a placeholder. */
export type StrPart = string | typeof STAR | typeof QMARK | { readonly placeholder: string };

export interface StrValue {
  readonly kind: 'str';
  readonly parts: readonly StrPart[];
  /** The value as written (used by `re`, `cidr`, `fieldref`, `expand`). */
  readonly raw: string;
  /** Literal characters are bytes (set by the utf16 encodings, consumed by base64). */
  readonly bytes?: boolean;
}
export interface NumValue {
  readonly kind: 'num';
  readonly value: number;
  readonly raw: string;
}
export interface BoolValue {
  readonly kind: 'bool';
  readonly value: boolean;
}
export interface NullValue {
  readonly kind: 'null';
}
export interface RegexValue {
  readonly kind: 're';
  readonly pattern: string;
  readonly flags: { readonly i: boolean; readonly m: boolean; readonly s: boolean };
}
export interface CidrValue {
  readonly kind: 'cidr';
  readonly text: string;
}
export interface CompareValue {
  readonly kind: 'cmp';
  readonly op: 'gt' | 'gte' | 'lt' | 'lte';
  readonly value: number;
}
export interface ExistsValue {
  readonly kind: 'exists';
  readonly value: boolean;
}
export interface FieldRefValue {
  readonly kind: 'fieldref';
  readonly field: string;
}
export type SigmaValue =
  | StrValue
  | NumValue
  | BoolValue
  | NullValue
  | RegexValue
  | CidrValue
  | CompareValue
  | ExistsValue
  | FieldRefValue;

/** Parses a Sigma string: `\*` `\?` `\\` escapes, `*` and `?` wildcards; `%x%` placeholders when asked. */
export function parseSigmaString(raw: string, placeholders = false): StrValue {
  const parts: StrPart[] = [];
  let lit = '';
  const flush = () => {
    if (lit) parts.push(lit);
    lit = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\') {
      const n = raw[i + 1];
      if (n === '*' || n === '?' || n === '\\' || (placeholders && n === '%')) {
        lit += n;
        i++;
      } else lit += c;
    } else if (c === '*') {
      flush();
      if (parts[parts.length - 1] !== STAR) parts.push(STAR);
    } else if (c === '?') {
      flush();
      parts.push(QMARK);
    } else if (placeholders && c === '%') {
      const end = raw.indexOf('%', i + 1);
      const name = end > i + 1 ? raw.slice(i + 1, end) : '';
      if (end > i + 1 && /^[\w.-]+$/.test(name)) {
        flush();
        parts.push({ placeholder: name });
        i = end;
      } else lit += c;
    } else lit += c;
  }
  flush();
  return { kind: 'str', parts, raw };
}

/** Turns a raw YAML value into a Sigma value. */
export function toSigmaValue(item: RawValueItem): SigmaValue {
  const v = item.value;
  if (v === null) return { kind: 'null' };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number') return { kind: 'num', value: v, raw: item.raw };
  return parseSigmaString(v);
}

/** Whether a string value contains wildcards or placeholders. */
export function hasWildcards(v: StrValue): boolean {
  return v.parts.some((p) => typeof p !== 'string');
}

/** The literal text of a wildcard-free string value. */
export function literalText(v: StrValue): string {
  return v.parts.map((p) => (typeof p === 'string' ? p : '')).join('');
}

/** Position-carrying error raised by modifiers and value compilation. */
export class ValueError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly pos?: SourcePos,
  ) {
    super(message);
    this.name = 'ValueError';
  }
}
