/**
 * Fast path for the detection items that make up most real rules: one field, plain string values that are
 * exact, `*x`, `x*` or `*x*` patterns (`Image|endswith: [...]`, `CommandLine|contains|all: [...]`,
 * `OriginalFileName: [...]`). The field's lowercased value is fetched once and tested with inline loops over
 * precomputed needles (exact values in a Set), without a closure per value.
 */
import { type FlatEvent, type FlatValue, lowerFor } from './flat-event.js';
import type { FieldState } from './modifiers.js';
import { QMARK, STAR, type StrPart } from './sigma-value.js';

type Shape = { kind: 'exact' | 'prefix' | 'suffix' | 'contains'; text: string };

function shapeOf(parts: readonly StrPart[], lower: boolean): Shape | null {
  if (parts.some((p) => p === QMARK || typeof p === 'object')) return null;
  const lead = parts[0] === STAR;
  const trail = parts.length > 1 && parts[parts.length - 1] === STAR;
  const inner = parts.slice(lead ? 1 : 0, trail ? -1 : undefined);
  if (inner.length > 1 || inner.some((p) => p === STAR)) return null;
  const raw = (inner[0] as string | undefined) ?? '';
  const text = lower ? raw.toLowerCase() : raw;
  if (text === '' && (lead || trail)) return null; // `*` alone: leave to the general path
  return { kind: lead && trail ? 'contains' : lead ? 'suffix' : trail ? 'prefix' : 'exact', text };
}

/** Needle lists longer than this are indexed by one character. */
const INDEX_FROM = 4;
/** `contains` lists from this length on are searched in one pass over the value (see `containsAny`). */
const BIGRAM_FROM = 16;
/** Bits of the bigram filter (a power of two). */
const BIGRAM_BITS = 4096;

/**
 * A test for "the value contains one of `needles`". Long lists (`BIGRAM_FROM`) are searched in one pass over
 * the value: each position's two characters are looked up in a bit filter of the needles' first two characters,
 * and only on a hit are the needles starting with that pair compared there — instead of one `includes` scan of
 * the whole value per needle (profiles of SigmaHQ hunts: lists of 30–60 passwords, tool names or flags,
 * evaluated on every process creation, were the engine's largest single cost).
 */
function containsAny(needles: readonly string[]): (s: string) => boolean {
  if (needles.length < BIGRAM_FROM)
    return (s) => {
      for (let i = 0; i < needles.length; i++) if (s.includes(needles[i]!)) return true;
      return false;
    };
  const single = needles.filter((n) => n.length < 2);
  const byPair = new Map<number, string[]>();
  const bits = new Uint32Array(BIGRAM_BITS >>> 5);
  for (const n of needles) {
    if (n.length < 2) continue;
    const c0 = n.charCodeAt(0);
    const c1 = n.charCodeAt(1);
    const h = (c0 * 31 + c1) & (BIGRAM_BITS - 1);
    bits[h >>> 5]! |= 1 << (h & 31);
    const key = c0 * 65536 + c1;
    const list = byPair.get(key);
    if (list) list.push(n);
    else byPair.set(key, [n]);
  }
  return (s) => {
    for (let i = 0; i < single.length; i++) if (s.includes(single[i]!)) return true;
    const end = s.length - 1;
    let c1 = end > 0 ? s.charCodeAt(0) : 0;
    for (let i = 0; i < end; i++) {
      const c0 = c1;
      c1 = s.charCodeAt(i + 1);
      const h = (c0 * 31 + c1) & (BIGRAM_BITS - 1);
      if ((bits[h >>> 5]! & (1 << (h & 31))) === 0) continue;
      const list = byPair.get(c0 * 65536 + c1);
      if (list) for (let k = 0; k < list.length; k++) if (s.startsWith(list[k]!, i)) return true;
    }
    return false;
  };
}

/** Groups non-empty texts by a character code of theirs. */
function indexBy(texts: readonly string[], code: (t: string) => number): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const t of texts) {
    const k = code(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/** A predicate for the item, or null when the item is not of the simple shape. */
export function fastStringItem(field: string, state: FieldState): ((ev: FlatEvent) => boolean) | null {
  if (state.neq || state.timePart !== null || state.values.length === 0) return null;
  const lower = !state.cased;
  const shapes: Shape[] = [];
  for (const v of state.values) {
    if (v.kind !== 'str' || v.parts.length === 0) return null;
    const s = shapeOf(v.parts, lower);
    if (!s) return null;
    shapes.push(s);
  }
  return state.all && shapes.length > 1 ? allOfItem(field, shapes, lower) : anyOfItem(field, shapes, lower);
}

/*
 * The predicates are built in functions of their own that receive only what they use: closures share their
 * function's context, and the rule set keeps every item's closures for the whole hunt, so a closure in
 * `fastStringItem` would keep the item's parsed values alive (~10 MB over the SigmaHQ Windows rules).
 */

/** OR-linked values (or a single one): any shape matching the value or one of its elements. */
function anyOfItem(field: string, shapes: readonly Shape[], lower: boolean): (ev: FlatEvent) => boolean {
  const exact = new Set(shapes.filter((s) => s.kind === 'exact').map((s) => s.text));
  const prefixes = shapes.filter((s) => s.kind === 'prefix').map((s) => s.text);
  const suffixes = shapes.filter((s) => s.kind === 'suffix').map((s) => s.text);
  const contains = shapes.filter((s) => s.kind === 'contains').map((s) => s.text);
  // Long `endswith`/`startswith` lists (DLL names, tool names: up to hundreds) are indexed by their last /
  // first character, so a value is compared only with the needles that can fit it.
  const byLast = suffixes.length > INDEX_FROM ? indexBy(suffixes, (t) => t.charCodeAt(t.length - 1)) : null;
  const byFirst = prefixes.length > INDEX_FROM ? indexBy(prefixes, (t) => t.charCodeAt(0)) : null;
  const ends = (s: string): boolean => {
    const list = byLast ? byLast.get(s.charCodeAt(s.length - 1)) : suffixes;
    if (list) for (let i = 0; i < list.length; i++) if (s.endsWith(list[i]!)) return true;
    return false;
  };
  const starts = (s: string): boolean => {
    const list = byFirst ? byFirst.get(s.charCodeAt(0)) : prefixes;
    if (list) for (let i = 0; i < list.length; i++) if (s.startsWith(list[i]!)) return true;
    return false;
  };
  const anyContained = contains.length > 0 ? containsAny(contains) : null;
  const testStr = (s: string): boolean => {
    if (exact.size > 0 && exact.has(s)) return true;
    if (suffixes.length > 0 && ends(s)) return true;
    if (anyContained?.(s)) return true;
    return prefixes.length > 0 && starts(s);
  };
  const fold = (ev: FlatEvent, v: string): string => (lower ? lowerFor(ev, v) : v);
  const testValue = (ev: FlatEvent, v: FlatValue): boolean => {
    if (typeof v === 'string') return testStr(fold(ev, v));
    if (v === null) return false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (testValue(ev, v[i]!)) return true;
      return false;
    }
    return testStr(lower ? String(v).toLowerCase() : String(v));
  };
  return (ev) => {
    const v = ev[field];
    if (v === undefined || v === null) return false;
    return testValue(ev, v);
  };
}

/** Whether `s` fits one shape. */
function fits(s: string, { kind, text }: Shape): boolean {
  return kind === 'contains'
    ? s.includes(text)
    : kind === 'suffix'
      ? s.endsWith(text)
      : kind === 'prefix'
        ? s.startsWith(text)
        : s === text;
}

/** `all`-linked values (two or more): every shape must fit the value (of an array: some element each). */
function allOfItem(field: string, shapes: readonly Shape[], lower: boolean): (ev: FlatEvent) => boolean {
  const testStr = (s: string): boolean => {
    for (let i = 0; i < shapes.length; i++) if (!fits(s, shapes[i]!)) return false;
    return true;
  };
  return (ev) => {
    const v = ev[field];
    if (v === undefined || v === null) return false;
    if (typeof v === 'string') return testStr(lower ? lowerFor(ev, v) : v);
    if (!Array.isArray(v)) return testStr(lower ? String(v).toLowerCase() : String(v));
    // Arrays under `all` are rare: each needle may sit in a different element, so test per element set.
    const texts: string[] = [];
    const collect = (x: FlatValue): void => {
      if (Array.isArray(x)) for (const y of x) collect(y);
      else if (x !== null) texts.push(lower ? String(x).toLowerCase() : String(x));
    };
    collect(v);
    return shapes.every((shape) => texts.some((s) => fits(s, shape)));
  };
}
