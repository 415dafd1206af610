/**
 * Compiles one detection item (`field|modifiers: values`, after field mapping and modifiers) into a closure
 * over a FlatEvent, plus the literal needles the prefilter may rely on. Semantics (docs/sigma.md):
 * strings compare case-insensitively unless `cased`; arrays match when any element matches; `null` matches
 * an absent or null field; `''` matches an empty or null field; numbers compare numerically or by their text.
 */
import { cidrMatcher, parseCidr } from './cidr.js';
import { fastStringItem } from './fast-string-item.js';
import { type FlatEvent, type FlatValue, lowerFor, scalarText } from './flat-event.js';
import type { FieldState, TimePart } from './modifiers.js';
import { compileRegex, requiredRegexLiteral } from './regex.js';
import { type SigmaValue, STAR, type StrPart } from './sigma-value.js';
import { compileStringPattern, longestLiteral } from './string-matcher.js';

type Scalar = string | number | boolean;
/** Tests one scalar of the event (already known to exist). */
type ScalarTest = (v: Scalar, ev: FlatEvent) => boolean;

export interface CompiledItem {
  /** Event field(s) read (empty for keyword items). */
  readonly fields: readonly string[];
  readonly test: (ev: FlatEvent) => boolean;
  /**
   * Needles (lowercased) of which at least one occurs in the event's string values whenever `test` is true,
   * or null when no such set exists.
   */
  readonly needles: readonly string[] | null;
  /**
   * When the item holds only for events whose `EventID` is one of these integers (an `EventID` item with plain
   * values), the hunt routes its rule by them; null otherwise.
   */
  readonly eventIds?: readonly number[] | null;
  /** Keyword items: the event fields holding a keyword (for match explanations). */
  readonly locate?: (ev: FlatEvent) => { field: string; value: FlatValue }[];
}

const NUMERIC_TEXT = /^[-+]?\d+(\.\d+)?$/;
/** A needle made only of characters a number's text can contain cannot be relied on (numbers are skipped). */
const NUMBERISH = /^[0-9.+\-e]*$/;

function numericOf(v: Scalar): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (NUMERIC_TEXT.test(t)) return Number(t);
    if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t, 16);
  }
  return null;
}

function timeComponent(v: Scalar, part: TimePart): number | null {
  const text = scalarText(v);
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
    case 'week': {
      // ISO-8601 week number: the week holding the year's first Thursday is week 1.
      const thursday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      thursday.setUTCDate(thursday.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3);
      const jan4 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
      return (
        1 +
        Math.round(
          ((thursday.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7,
        )
      );
    }
  }
}

function compileValue(v: SigmaValue, cased: boolean): ScalarTest | null {
  switch (v.kind) {
    case 'str': {
      const m = compileStringPattern(v.parts, !cased);
      if (cased) return (x) => m(scalarText(x));
      if (v.parts.length === 0) return (x) => x === '';
      return (x, ev) => m(typeof x === 'string' ? lowerFor(ev, x) : String(x).toLowerCase());
    }
    case 'num': {
      const n = v.value;
      const raw = v.raw.toLowerCase();
      return (x, ev) => {
        if (typeof x === 'number') return x === n;
        if (typeof x === 'string') {
          const l = lowerFor(ev, x);
          return l === raw || (NUMERIC_TEXT.test(l) && Number(l) === n);
        }
        return false;
      };
    }
    case 'bool': {
      const b = v.value;
      const t = String(b);
      return (x) => x === b || (typeof x === 'string' && x.toLowerCase() === t);
    }
    case 'null':
      return null;
    case 're': {
      const r = compileRegex(v.pattern, v.flags);
      // Gate: a literal every match contains; most values lack it, and `includes` is far cheaper than a regex.
      const gate = regexGate(v.pattern, v.flags.i, 1);
      if (gate !== null)
        return (x, ev) =>
          typeof x === 'string' && !lowerFor(ev, x).includes(gate) ? false : r(scalarText(x));
      // A case-insensitive literal with `s`/`k` also matches U+017F/U+212A, which lowercasing keeps apart: the
      // gate then holds only for text without those two characters (nearly all text).
      const folded = foldedRegexGate(v.pattern, v.flags.i);
      if (folded === null) return (x) => r(scalarText(x));
      return (x, ev) =>
        typeof x === 'string' && !lowerFor(ev, x).includes(folded) && !hasFoldingSK(x)
          ? false
          : r(scalarText(x));
    }
    case 'cidr': {
      const c = parseCidr(v.text);
      if (!c) return () => false;
      const m = cidrMatcher([c]);
      return (x) => typeof x === 'string' && m(x);
    }
    case 'cmp': {
      const n = v.value;
      const op = v.op;
      return (x) => {
        const y = numericOf(x);
        if (y === null) return false;
        return op === 'gt' ? y > n : op === 'gte' ? y >= n : op === 'lt' ? y < n : y <= n;
      };
    }
    case 'exists':
      return null;
    case 'fieldref': {
      const other = v.field;
      return (x, ev) => {
        const o = ev[other];
        if (o === undefined || o === null || Array.isArray(o)) return false;
        const a = scalarText(x);
        const b = scalarText(o);
        return cased ? a === b : lowerFor(ev, a) === lowerFor(ev, b);
      };
    }
  }
}

/**
 * A literal every match of the regex contains, compared on lowercased text. Under case-insensitive matching
 * RE2 also folds `s`/`k` with U+017F/U+212A, which lowercasing does not, so such literals are not used.
 */
function regexGate(pattern: string, insensitive: boolean, minLength: number): string | null {
  const ci = insensitive || /\(\?[a-z]*i[a-z]*[:)]/.test(pattern);
  const lit = requiredRegexLiteral(pattern, minLength);
  return lit !== null && ci && /[sk]/.test(lit) ? null : lit;
}

/** The required literal of a case-insensitive regex when `regexGate` refused it for its `s`/`k` (ASCII only). */
function foldedRegexGate(pattern: string, insensitive: boolean): string | null {
  const ci = insensitive || /\(\?[a-z]*i[a-z]*[:)]/.test(pattern);
  const lit = requiredRegexLiteral(pattern, 1);
  return lit !== null && ci && /[sk]/.test(lit) && !/[^ -~]/.test(lit) ? lit : null;
}

/** Whether text holds U+017F (long s) or U+212A (Kelvin sign), which RE2 folds with `s` and `k`. */
function hasFoldingSK(text: string): boolean {
  return text.indexOf('\u017f') >= 0 || text.indexOf('\u212a') >= 0;
}

function needleOf(v: SigmaValue): string | null {
  if (v.kind === 're') return regexGate(v.pattern, v.flags.i, 3);
  if (v.kind !== 'str') return null;
  const lit = longestLiteral(v.parts);
  if (lit === null || NUMBERISH.test(lit) || lit === 'true' || lit === 'false') return null;
  return lit;
}

/** Needles of an item: OR-linked values need one needle each; AND-linked values need just one. */
function itemNeedles(state: FieldState): string[] | null {
  if (state.neq || state.timePart !== null || state.values.length === 0) return null;
  const per = state.values.map(needleOf);
  if (state.all) {
    let best: string | null = null;
    for (const n of per) if (n !== null && (best === null || n.length > best.length)) best = n;
    return best === null ? null : [best];
  }
  if (per.some((n) => n === null)) return null;
  return [...new Set(per as string[])];
}

/**
 * Compiles a field item. `fields` are the event field names after mapping (several = OR, as pySigma's
 * one-to-many field mappings). `fastPath: false` forces the general matcher (tests compare both).
 */
export function compileFieldItem(
  fields: readonly string[],
  state: FieldState,
  fastPath = true,
): CompiledItem {
  const perField = fieldPredicates(fields, state, fastPath);
  const test =
    perField.length === 1
      ? perField[0]!
      : (ev: FlatEvent) => {
          for (let i = 0; i < perField.length; i++) if (perField[i]!(ev)) return true;
          return false;
        };
  return { fields, test, needles: itemNeedles(state), eventIds: itemEventIds(fields, state) };
}

/**
 * One predicate per field. A function of its own: the callback below captures `state`, and in
 * `compileFieldItem` that would keep the item's parsed values alive in the context of its `test` closure.
 */
function fieldPredicates(
  fields: readonly string[],
  state: FieldState,
  fastPath: boolean,
): ((ev: FlatEvent) => boolean)[] {
  const tests = fieldTests(state);
  return fields.map((f) => (fastPath ? fastStringItem(f, state) : null) ?? fieldPredicate(f, state, tests));
}

/** The flat event's EventID field (the name routing reads). */
const EVENT_ID_FIELD = 'EventID';

/**
 * EventIDs an `EventID: [ids]` item admits: plain integer values (numbers, or strings of digits) with no
 * modifier that widens the comparison. Event values that are not plain integers are routed to every rule.
 */
function itemEventIds(fields: readonly string[], state: FieldState): number[] | null {
  if (fields.length !== 1 || fields[0] !== EVENT_ID_FIELD) return null;
  if (state.neq || state.timePart !== null || state.values.length === 0) return null;
  if (state.all && state.values.length > 1) return null;
  const ids = new Set<number>();
  for (const v of state.values) {
    let n: number;
    if (v.kind === 'num') n = v.value;
    else if (v.kind === 'str' && v.parts.length > 0 && v.parts.every((p) => typeof p === 'string')) {
      const text = (v.parts as readonly string[]).join('');
      if (!/^\d{1,15}$/.test(text)) return null;
      n = Number(text);
    } else return null;
    if (!Number.isSafeInteger(n) || n < 0) return null;
    ids.add(n);
  }
  return [...ids];
}

function fieldTests(state: FieldState): { tests: ScalarTest[]; nullOk: boolean; emptyOk: boolean } {
  const tests: ScalarTest[] = [];
  let nullOk = false;
  let emptyOk = false;
  for (const v of state.values) {
    if (v.kind === 'null') nullOk = true;
    if (v.kind === 'str' && v.parts.length === 0) emptyOk = true;
    const t = compileValue(v, state.cased);
    if (t) tests.push(t);
  }
  if (state.timePart !== null) {
    const part = state.timePart;
    return {
      tests: tests.map(
        (t): ScalarTest =>
          (x, ev) => {
            const n = timeComponent(x, part);
            return n !== null && t(n, ev);
          },
      ),
      nullOk,
      emptyOk,
    };
  }
  return { tests, nullOk, emptyOk };
}

function fieldPredicate(
  field: string,
  state: FieldState,
  { tests, nullOk, emptyOk }: { tests: ScalarTest[]; nullOk: boolean; emptyOk: boolean },
): (ev: FlatEvent) => boolean {
  const exists = state.values.find((v) => v.kind === 'exists');
  if (exists && exists.kind === 'exists') {
    const want = exists.value;
    return (ev) => (ev[field] !== undefined) === want;
  }
  const anyScalar = (v: Scalar, ev: FlatEvent): boolean => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(v, ev)) return true;
    return false;
  };
  const test1 = tests.length === 1 ? tests[0]! : anyScalar;
  const anyElement = (arr: FlatValue[], ev: FlatEvent, t: ScalarTest): boolean => {
    for (const e of arr) {
      if (e === null) continue;
      if (Array.isArray(e)) {
        if (anyElement(e, ev, t)) return true;
      } else if (t(e, ev)) return true;
    }
    return false;
  };
  if (state.neq) {
    // The field must exist and differ from every value.
    return (ev) => {
      const v = ev[field];
      if (v === undefined || v === null) return false;
      if (Array.isArray(v)) return !anyElement(v, ev, anyScalar);
      return !anyScalar(v, ev);
    };
  }
  if (state.all && tests.length > 1) {
    return (ev) => {
      const v = ev[field];
      if (v === undefined || v === null) return false;
      for (const t of tests) {
        if (Array.isArray(v) ? !anyElement(v, ev, t) : !t(v, ev)) return false;
      }
      return true;
    };
  }
  return (ev) => {
    const v = ev[field];
    if (v === undefined) return nullOk;
    if (v === null) return nullOk || emptyOk;
    if (Array.isArray(v)) return anyElement(v, ev, test1);
    return test1(v, ev);
  };
}

/** Compiles a keyword item (no field): values are searched in every value of the event (`contains`). */
export function compileKeywordItem(state: FieldState): CompiledItem {
  const tests: ScalarTest[] = [];
  for (const v of state.values) {
    // Keywords are full-text search: a plain keyword matches anywhere in a value.
    const wrapped: SigmaValue =
      v.kind === 'str'
        ? { ...v, parts: surroundWithStars(v.parts) }
        : v.kind === 'num'
          ? { kind: 'str', parts: [STAR, v.raw, STAR], raw: v.raw }
          : v;
    const t = compileValue(wrapped, state.cased);
    if (t) tests.push(t);
  }
  // Full-text search without per-call closures. Values are visited in event order; a keyword list (OR) walks
  // the event once and tries every keyword on each value.
  const anyTest = (v: Scalar, ev: FlatEvent): boolean => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(v, ev)) return true;
    return false;
  };
  const inValue = (v: FlatValue, ev: FlatEvent, t: ScalarTest): boolean => {
    if (v === null) return false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (inValue(v[i]!, ev, t)) return true;
      return false;
    }
    return t(v, ev);
  };
  const inEvent = (ev: FlatEvent, t: ScalarTest): boolean => {
    for (const k in ev) if (inValue(ev[k] as FlatValue, ev, t)) return true;
    return false;
  };
  const test = state.all
    ? (ev: FlatEvent) => {
        for (let i = 0; i < tests.length; i++) if (!inEvent(ev, tests[i]!)) return false;
        return true;
      }
    : (ev: FlatEvent) => inEvent(ev, anyTest);
  const finalTest = state.neq ? (ev: FlatEvent) => !test(ev) : test;
  const locate = (ev: FlatEvent): { field: string; value: FlatValue }[] => {
    const out: { field: string; value: FlatValue }[] = [];
    for (const k in ev)
      if (inValue(ev[k] as FlatValue, ev, anyTest)) out.push({ field: k, value: ev[k] as FlatValue });
    return out;
  };
  return { fields: [], test: finalTest, needles: state.neq ? null : itemNeedles(state), locate };
}

function surroundWithStars(parts: readonly StrPart[]): StrPart[] {
  const out = [...parts];
  if (out[0] !== STAR) out.unshift(STAR);
  if (out[out.length - 1] !== STAR) out.push(STAR);
  return out;
}
