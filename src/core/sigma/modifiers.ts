/**
 * Value modifiers (Sigma modifiers appendix v2.1) as a registry of plain definitions. Each definition
 * transforms a detection item's state (its values, the AND/OR linking, case sensitivity, negation, time
 * extraction); they are applied left to right as written (`field|mod1|mod2`).
 */
import { parseCidr } from './cidr.js';
import {
  hasWildcards,
  literalText,
  parseSigmaString,
  type SigmaValue,
  STAR,
  type StrPart,
  type StrValue,
  ValueError,
} from './sigma-value.js';

export type TimePart = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** What a detection item means after its modifiers ran. */
export interface FieldState {
  readonly values: readonly SigmaValue[];
  /** `all`: values are AND-linked instead of OR-linked. */
  readonly all: boolean;
  /** `cased`: case-sensitive comparison. */
  readonly cased: boolean;
  /** `neq`: the field must differ from every value. */
  readonly neq: boolean;
  /** A time modifier: compare this component of the field's date instead of the field. */
  readonly timePart: TimePart | null;
}

export interface ModifierContext {
  /** Placeholder values for `expand` (from the processing pipelines). */
  readonly placeholders: ReadonlyMap<string, readonly string[]>;
  /** Whether unresolved placeholders become `*` instead of an error (pipeline option). */
  readonly placeholderFallback: 'reject' | 'wildcard';
}

export interface ModifierDefinition {
  readonly name: string;
  /** One line for docs and `rules lint`. */
  readonly summary: string;
  apply(state: FieldState, ctx: ModifierContext, previous: readonly string[]): FieldState;
}

const mapValues = (state: FieldState, fn: (v: SigmaValue) => SigmaValue | SigmaValue[]): FieldState => ({
  ...state,
  values: state.values.flatMap(fn),
});

function requireStr(v: SigmaValue, mod: string): StrValue {
  if (v.kind === 'str') return v;
  if (v.kind === 'num') return parseSigmaString(v.raw);
  throw new ValueError('sigma.modifier.type', `\`${mod}\` applies to strings, not to a ${v.kind} value`);
}

function wrap(mod: string, before: boolean, after: boolean) {
  return (state: FieldState) =>
    mapValues(state, (v) => {
      const s = requireStr(v, mod);
      const parts: StrPart[] = [...s.parts];
      if (before && parts[0] !== STAR) parts.unshift(STAR);
      if (after && parts[parts.length - 1] !== STAR) parts.push(STAR);
      return { ...s, parts };
    });
}

function encodeLiteral(mod: string, fn: (text: string, bytes: boolean) => string, setBytes: boolean) {
  return (state: FieldState) =>
    mapValues(state, (v) => {
      const s = requireStr(v, mod);
      if (hasWildcards(s))
        throw new ValueError(
          'sigma.modifier.wildcard-in-encoded',
          `\`${mod}\` cannot encode a value with wildcards or placeholders (${JSON.stringify(s.raw)}); apply contains/startswith/endswith after it`,
        );
      const out = fn(literalText(s), s.bytes === true);
      return setBytes
        ? { kind: 'str', parts: out ? [out] : [], raw: s.raw, bytes: true }
        : { kind: 'str', parts: out ? [out] : [], raw: s.raw };
    });
}

/** UTF-8 (or raw byte) string → binary string (one char per byte). */
function toByteString(text: string, bytes: boolean): string {
  if (bytes) return text;
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b);
  return out;
}

function utf16(text: string, bytes: boolean, le: boolean): string {
  if (bytes) text = new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const lo = String.fromCharCode(u & 0xff);
    const hi = String.fromCharCode(u >> 8);
    out += le ? lo + hi : hi + lo;
  }
  return out;
}

/** The three base64 forms of a value at byte offsets 0, 1, 2 (stable middle part only). */
export function base64Offsets(bin: string): string[] {
  const starts = [0, 2, 3];
  const ends = [0, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const enc = btoa('\0'.repeat(i) + bin);
    const end = ends[(bin.length + i) % 3]!;
    out.push(enc.slice(starts[i]!, end === 0 ? undefined : end));
  }
  return out;
}

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
const DASH_RE = /[-/\u2013\u2014\u2015]/g;
/** Cap on windash permutations per value (5^4); beyond it only the first 4 dashes vary. */
const WINDASH_MAX_VARIABLE = 4;

function windashVariants(s: StrValue): StrValue[] {
  let variants: StrPart[][] = [[]];
  let variable = 0;
  for (const p of s.parts) {
    if (typeof p !== 'string') {
      for (const v of variants) v.push(p);
      continue;
    }
    // Split literal into dash / non-dash runs.
    let last = 0;
    const pieces: string[][] = [];
    for (const m of p.matchAll(DASH_RE)) {
      const idx = m.index ?? 0;
      if (idx > last) pieces.push([p.slice(last, idx)]);
      pieces.push(variable++ < WINDASH_MAX_VARIABLE ? DASHES : [m[0]]);
      last = idx + 1;
    }
    if (last < p.length) pieces.push([p.slice(last)]);
    for (const choices of pieces) {
      const next: StrPart[][] = [];
      for (const v of variants) for (const c of choices) next.push([...v, c]);
      variants = next;
    }
  }
  return variants.map((parts) => ({ kind: 'str', parts: mergeLiterals(parts), raw: s.raw }));
}

function mergeLiterals(parts: StrPart[]): StrPart[] {
  const out: StrPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else out.push(p);
  }
  return out;
}

function numberOf(v: SigmaValue, mod: string): number {
  if (v.kind === 'num') return v.value;
  if (v.kind === 'str' && /^-?\d+(\.\d+)?$/.test(v.raw.trim())) return Number(v.raw);
  const shown =
    v.kind === 'str'
      ? JSON.stringify(v.raw)
      : v.kind === 'bool'
        ? String(v.value)
        : v.kind === 'null'
          ? 'null'
          : `a ${v.kind} value`;
  throw new ValueError('sigma.modifier.type', `\`${mod}\` needs a number, got ${shown}`);
}

function compare(op: 'gt' | 'gte' | 'lt' | 'lte'): ModifierDefinition['apply'] {
  return (state) => mapValues(state, (v) => ({ kind: 'cmp', op, value: numberOf(v, op) }));
}

function reFlag(flag: 'i' | 'm' | 's'): ModifierDefinition['apply'] {
  return (state, _ctx, previous) => {
    if (!previous.includes('re'))
      throw new ValueError(
        'sigma.modifier.order',
        `\`${flag}\` is a sub-modifier of \`re\` and must follow it`,
      );
    return mapValues(state, (v) => (v.kind === 're' ? { ...v, flags: { ...v.flags, [flag]: true } } : v));
  };
}

function timePart(part: TimePart): ModifierDefinition {
  return {
    name: part,
    summary: `compares the ${part} of the field's date (UTC)`,
    apply: (state) => ({ ...state, timePart: part }),
  };
}

function expandPlaceholders(s: StrValue, ctx: ModifierContext): StrValue[] {
  const parsed = parseSigmaString(s.raw, true);
  let variants: StrPart[][] = [[]];
  for (const p of parsed.parts) {
    if (typeof p === 'object') {
      const values = ctx.placeholders.get(p.placeholder);
      if (!values || values.length === 0) {
        if (ctx.placeholderFallback === 'wildcard') {
          for (const v of variants) v.push(STAR);
          continue;
        }
        throw new ValueError(
          'sigma.placeholder.unresolved',
          `placeholder %${p.placeholder}% has no values: define it under \`placeholders:\` in a processing pipeline (--pipeline)`,
        );
      }
      const next: StrPart[][] = [];
      for (const v of variants) for (const val of values) next.push([...v, ...parseSigmaString(val).parts]);
      variants = next;
    } else for (const v of variants) v.push(p);
  }
  return variants.map((parts) => ({ kind: 'str', parts: mergeLiterals(parts), raw: s.raw }));
}

const DEFINITIONS: readonly ModifierDefinition[] = [
  { name: 'contains', summary: 'value anywhere in the field (`*v*`)', apply: wrap('contains', true, true) },
  {
    name: 'startswith',
    summary: 'value at the start of the field (`v*`)',
    apply: wrap('startswith', false, true),
  },
  { name: 'endswith', summary: 'value at the end of the field (`*v`)', apply: wrap('endswith', true, false) },
  {
    name: 'all',
    summary: 'values are AND-linked instead of OR-linked',
    apply: (state) => ({ ...state, all: true }),
  },
  {
    name: 'exists',
    summary: 'the field is present (true) or absent (false)',
    apply: (state) =>
      mapValues(state, (v) => {
        if (v.kind === 'bool') return { kind: 'exists', value: v.value };
        if (v.kind === 'str' && /^(true|false)$/i.test(v.raw))
          return { kind: 'exists', value: v.raw.toLowerCase() === 'true' };
        throw new ValueError('sigma.modifier.type', '`exists` takes `true` or `false`');
      }),
  },
  { name: 'cased', summary: 'case-sensitive matching', apply: (state) => ({ ...state, cased: true }) },
  { name: 'neq', summary: 'the field differs from every value', apply: (state) => ({ ...state, neq: true }) },
  {
    name: 'windash',
    summary: 'every permutation of - / – — ― in the value',
    apply: (state) => mapValues(state, (v) => windashVariants(requireStr(v, 'windash'))),
  },
  {
    name: 're',
    summary: 'regular expression (RE2 syntax, linear time; case-sensitive unless `i`)',
    apply: (state) =>
      mapValues(state, (v) => {
        const s = v.kind === 'str' ? v.raw : v.kind === 'num' ? v.raw : null;
        if (s === null) throw new ValueError('sigma.modifier.type', '`re` needs a string pattern');
        return { kind: 're', pattern: s, flags: { i: false, m: false, s: false } };
      }),
  },
  { name: 'i', summary: '`re` sub-modifier: case-insensitive', apply: reFlag('i') },
  { name: 'm', summary: '`re` sub-modifier: ^ and $ match at line breaks', apply: reFlag('m') },
  { name: 's', summary: '`re` sub-modifier: `.` matches newlines', apply: reFlag('s') },
  {
    name: 'base64',
    summary: 'value encoded with base64',
    apply: encodeLiteral('base64', (t, b) => btoa(toByteString(t, b)), false),
  },
  {
    name: 'base64offset',
    summary: 'value base64-encoded at the three byte offsets (OR-linked)',
    apply: (state) =>
      mapValues(state, (v) => {
        const s = requireStr(v, 'base64offset');
        if (hasWildcards(s))
          throw new ValueError(
            'sigma.modifier.wildcard-in-encoded',
            '`base64offset` cannot encode a value with wildcards; apply `contains` after it',
          );
        return base64Offsets(toByteString(literalText(s), s.bytes === true)).map(
          (enc): StrValue => ({ kind: 'str', parts: [enc], raw: s.raw }),
        );
      }),
  },
  {
    name: 'utf16le',
    summary: 'value as UTF-16LE bytes',
    apply: encodeLiteral('utf16le', (t, b) => utf16(t, b, true), true),
  },
  {
    name: 'wide',
    summary: 'alias of utf16le',
    apply: encodeLiteral('wide', (t, b) => utf16(t, b, true), true),
  },
  {
    name: 'utf16be',
    summary: 'value as UTF-16BE bytes',
    apply: encodeLiteral('utf16be', (t, b) => utf16(t, b, false), true),
  },
  {
    name: 'utf16',
    summary: 'value as UTF-16LE bytes with a byte order mark',
    apply: encodeLiteral('utf16', (t, b) => `\xff\xfe${utf16(t, b, true)}`, true),
  },
  {
    name: 'cidr',
    summary: 'IPv4/IPv6 network range',
    apply: (state) =>
      mapValues(state, (v) => {
        const s = v.kind === 'str' ? v.raw.trim() : '';
        if (!parseCidr(s))
          throw new ValueError('sigma.modifier.cidr', `invalid CIDR network ${JSON.stringify(s)}`);
        return { kind: 'cidr', text: s };
      }),
  },
  {
    name: 'fieldref',
    summary: 'compare with the value of another field of the same event',
    apply: (state) =>
      mapValues(state, (v) => {
        if (v.kind !== 'str' || !v.raw)
          throw new ValueError('sigma.modifier.type', '`fieldref` needs a field name');
        return { kind: 'fieldref', field: v.raw };
      }),
  },
  { name: 'gt', summary: 'numerically greater than', apply: compare('gt') },
  { name: 'gte', summary: 'numerically greater than or equal', apply: compare('gte') },
  { name: 'lt', summary: 'numerically less than', apply: compare('lt') },
  { name: 'lte', summary: 'numerically less than or equal', apply: compare('lte') },
  {
    name: 'expand',
    summary: 'expand %placeholders% with values from the processing pipelines',
    apply: (state, ctx) => mapValues(state, (v) => (v.kind === 'str' ? expandPlaceholders(v, ctx) : v)),
  },
  timePart('minute'),
  timePart('hour'),
  timePart('day'),
  timePart('week'),
  timePart('month'),
  timePart('year'),
];

/** The modifier registry: name → definition. */
export const MODIFIERS: ReadonlyMap<string, ModifierDefinition> = new Map(
  DEFINITIONS.map((d) => [d.name, d]),
);

/** Applies `modifiers` in order to the initial values of a detection item. Throws `ValueError`. */
export function applyModifiers(
  values: readonly SigmaValue[],
  modifiers: readonly string[],
  ctx: ModifierContext,
): FieldState {
  let state: FieldState = { values, all: false, cased: false, neq: false, timePart: null };
  const seen: string[] = [];
  for (const name of modifiers) {
    const def = MODIFIERS.get(name);
    if (!def) throw new ValueError('sigma.modifier.unknown', `unknown modifier \`${name}\``);
    state = def.apply(state, ctx, seen);
    seen.push(name);
  }
  if (state.values.some((v) => v.kind === 'str' && v.parts.some((p) => typeof p === 'object'))) {
    // Unreachable: placeholders only arise under `expand`, which resolves them.
    throw new ValueError('sigma.placeholder.unresolved', 'unresolved placeholder');
  }
  return state;
}
