/**
 * The literal prefilter: every rule's required needles (`CompiledRule.literals`: lower-case strings of which
 * at least one must occur in the event's string values for the rule to match) in Aho–Corasick automata.
 * One scan of an event's strings marks the rules whose needles occur; the others are skipped unevaluated.
 * Rules with `literals: null` are always candidates. The automata serve every route (rule indices are the
 * rule set's), so their size is bounded by the rule set, not by the variety of events.
 *
 * Needles are scoped: a rule says in which fields its literals occur (`literalFields`, the fields its
 * detection items read), so an event is scanned only in the fields the routed rules read (`scan(ev, fields)`);
 * keyword rules (literals in any field) also have their needles in a small second automaton that scans the
 * remaining fields. Most of an event's text (timestamps, GUIDs, rendered messages, fields no rule reads) is
 * then never scanned for the thousands of field-bound needles.
 */
import type { FlatEvent, FlatValue } from '../../sigma/index.js';
import { AhoCorasick } from './aho-corasick.js';

/** What the prefilter needs of a rule (a `CompiledRule` fits). */
export interface PrefilterRule {
  readonly literals: readonly string[] | null;
  /** Fields in which the literals occur when the rule matches; null or absent: any field. */
  readonly literalFields?: readonly string[] | null;
}

/** Strings longer than this are scanned every time (rarely repeated, and costly to keep). */
const MAX_CACHED_STRING = 4096;
/** Slots of the direct-mapped cache in front of the map (a power of two). */
const RECENT_SLOTS = 4096;
/** Longest string the direct-mapped cache keeps (bounds what it holds alive: 4,096 × 1,024 characters). */
const MAX_RECENT_STRING = 1024;
/** Characters of cached strings after which a needle set's cache starts afresh (bounded memory). */
const MAX_CACHED_CHARS = 2 ** 20;
const NO_NEEDLES = new Int32Array(0);

/**
 * One automaton with the rules its needles stand for, and the needles found in recently scanned strings: event
 * logs repeat the same values (images, hashes, user names, call traces, provider names) over and over — in
 * the sample logs 9 in 10 scanned strings were seen before — and a hash lookup is far cheaper than a scan.
 */
class NeedleSet {
  readonly automaton: AhoCorasick;
  /** needle id → rules needing it. */
  readonly needleRules: readonly Int32Array[];
  private readonly found = new Map<string, Int32Array>();
  /**
   * A direct-mapped cache in front of `found`, its slot picked from the string's length and five of its
   * characters: a hit costs one string comparison instead of hashing the whole string (the strings are fresh
   * from the decoder, so V8 has no hash for them yet), which was the largest part of a map lookup.
   */
  private readonly recentText: (string | undefined)[] = new Array<string | undefined>(RECENT_SLOTS).fill(
    undefined,
  );
  private readonly recentIds: Int32Array[] = new Array<Int32Array>(RECENT_SLOTS).fill(NO_NEEDLES);
  /** Length of the shortest needle. */
  private readonly shortest: number;
  private cachedChars = 0;
  private readonly collected: number[] = [];
  private readonly collect = (id: number): void => {
    this.collected.push(id);
  };
  constructor(
    needles: readonly string[],
    rules: readonly Int32Array[],
    /** Whether scanned strings are kept in `found` (the recent-strings cache serves either way). */
    private readonly cache: boolean,
  ) {
    this.automaton = new AhoCorasick(needles);
    this.needleRules = rules;
    this.shortest = needles.reduce((m, n) => Math.min(m, n.length), Number.POSITIVE_INFINITY);
  }

  /** The needles occurring in `text` (each once). */
  needlesIn(text: string): Int32Array {
    // Shorter than every needle: none can occur (lower-casing lengthens only U+0130, to two characters).
    if (text.length < this.shortest && (text.length * 2 < this.shortest || text.indexOf('\u0130') < 0))
      return NO_NEEDLES;
    const n = text.length;
    // Five characters spread over the string: values of one fixed format (GUIDs, timestamps) share their
    // length and first and last characters, and with fewer positions they crowded into a few slots (in the
    // sample hunt a third of all scans were GUIDs pushed out by other GUIDs).
    let h = (n * 31 + text.charCodeAt(0)) | 0;
    h = (Math.imul(h, 31) + text.charCodeAt(n >> 2)) | 0;
    h = (Math.imul(h, 31) + text.charCodeAt(n >> 1)) | 0;
    h = (Math.imul(h, 31) + text.charCodeAt(n - 1 - (n >> 2))) | 0;
    const slot = (h + text.charCodeAt(n - 1) * 7) & (RECENT_SLOTS - 1);
    if (this.recentText[slot] === text) return this.recentIds[slot]!;
    let ids = this.cache ? this.found.get(text) : undefined;
    if (ids === undefined) {
      ids = this.scanned(text);
      if (this.cache && n <= MAX_CACHED_STRING) this.remember(text, ids);
    }
    if (n <= MAX_RECENT_STRING) {
      this.recentText[slot] = text;
      this.recentIds[slot] = ids;
    }
    return ids;
  }

  /** Scans `text` with the automaton. */
  private scanned(text: string): Int32Array {
    this.collected.length = 0;
    this.automaton.newEpoch(); // a fresh epoch: every needle of this string is reported
    this.automaton.scanOnce(text, this.collect);
    return this.collected.length === 0 ? NO_NEEDLES : Int32Array.from(this.collected);
  }

  /** Keeps a scanned string's needles (the map starts afresh past MAX_CACHED_CHARS: bounded memory). */
  private remember(text: string, ids: Int32Array): void {
    this.cachedChars += text.length + 16;
    if (this.cachedChars > MAX_CACHED_CHARS) {
      this.found.clear();
      this.cachedChars = text.length + 16;
    }
    this.found.set(text, ids);
  }
}

/** Builds one needle set from (rule index, needles) pairs; null when there are none. */
function needleSet(
  entries: readonly { readonly pos: number; readonly lits: readonly string[] }[],
  cache: boolean,
) {
  if (entries.length === 0) return null;
  const ids = new Map<string, number>();
  const rulesOf: number[][] = [];
  for (const { pos, lits } of entries)
    for (const l of lits) {
      const needle = l.toLowerCase();
      let id = ids.get(needle);
      if (id === undefined) {
        id = rulesOf.length;
        ids.set(needle, id);
        rulesOf.push([]);
      }
      const list = rulesOf[id]!;
      if (list[list.length - 1] !== pos) list.push(pos);
    }
  return new NeedleSet(
    [...ids.keys()],
    rulesOf.map((l) => Int32Array.from(l)),
    cache,
  );
}

export class LiteralPrefilter {
  /** Per rule: whether it is always evaluated. */
  readonly always: Uint8Array;
  /** Every rule's needles: scans the fields the routed rules read. */
  private readonly all: NeedleSet | null;
  /** Keyword rules' needles only: scans the other fields when a keyword rule is routed. */
  private readonly anywhere: NeedleSet | null;
  private readonly ruleEpoch: Int32Array;
  private epoch = 0;
  /** Rules whose needles the last scan found (each once, in the order found); `hitCount` of them are valid. */
  private readonly hitRules: Int32Array;
  private hitCount = 0;
  /** `scanFields` arrays seen, as sets (for skipping them in the keyword scan); routes are few. */
  private readonly fieldSets = new Map<readonly string[], ReadonlySet<string>>();

  private constructor(rules: readonly PrefilterRule[]) {
    this.always = new Uint8Array(rules.length);
    const all: { pos: number; lits: readonly string[] }[] = [];
    const anywhere: { pos: number; lits: readonly string[] }[] = [];
    rules.forEach((r, pos) => {
      const lits = r.literals;
      // No needles, or an empty one (which every string contains): always a candidate.
      if (lits === null || lits.length === 0 || lits.some((l) => l === '')) {
        this.always[pos] = 1;
        return;
      }
      all.push({ pos, lits });
      if (!r.literalFields) anywhere.push({ pos, lits });
    });
    this.all = needleSet(all, true);
    // The keyword needles are few (a small, fast automaton) and meet every field, most of whose values
    // (timestamps, GUIDs, record ids) never repeat: not worth keeping in the map of strings seen (the
    // recent-strings cache still serves the values that do repeat).
    this.anywhere = needleSet(anywhere, false);
    this.ruleEpoch = new Int32Array(rules.length);
    this.hitRules = new Int32Array(rules.length);
  }

  /** A prefilter over rules' literals, or null when no rule has any (nothing to filter). */
  static build(rules: readonly PrefilterRule[]): LiteralPrefilter | null {
    if (!rules.some((r) => r.literals !== null && r.literals.length > 0)) return null;
    return new LiteralPrefilter(rules);
  }

  /** Number of automaton states (for diagnostics). */
  get states(): number {
    return (this.all?.automaton.stateCount ?? 0) + (this.anywhere?.automaton.stateCount ?? 0);
  }

  private scanString(set: NeedleSet, text: string): void {
    const ids = set.needlesIn(text);
    if (ids.length === 0) return;
    const needleRules = set.needleRules;
    const ruleEpoch = this.ruleEpoch;
    const epoch = this.epoch;
    const hitRules = this.hitRules;
    let hitCount = this.hitCount;
    for (let i = 0; i < ids.length; i++) {
      const rules = needleRules[ids[i]!]!;
      for (let k = 0; k < rules.length; k++) {
        const r = rules[k]!;
        if (ruleEpoch[r] !== epoch) {
          ruleEpoch[r] = epoch;
          hitRules[hitCount++] = r;
        }
      }
    }
    this.hitCount = hitCount;
  }

  private scanValue(set: NeedleSet, v: FlatValue): void {
    if (typeof v === 'string') this.scanString(set, v);
    else if (typeof v === 'boolean') this.scanString(set, v ? 'true' : 'false');
    else if (Array.isArray(v)) for (const x of v) this.scanValue(set, x);
  }

  private fieldSet(fields: readonly string[]): ReadonlySet<string> {
    let set = this.fieldSets.get(fields);
    if (!set) {
      if (this.fieldSets.size >= 10_000) this.fieldSets.clear();
      set = new Set(fields);
      this.fieldSets.set(fields, set);
    }
    return set;
  }

  /**
   * Scans an event; afterwards `candidate(rule)` tells whether that rule may match it. `fields`: the only
   * fields the field-bound rules to be asked about read (a route's `scanFields`), or null for every field;
   * `anywhere`: whether keyword rules will be asked about (their needles are then sought in every value).
   */
  scan(ev: FlatEvent, fields: readonly string[] | null = null, anywhere = true): void {
    this.epoch++;
    this.hitCount = 0;
    if (this.epoch === 0x7fffffff) {
      this.epoch = 1;
      this.ruleEpoch.fill(0);
    }
    const all = this.all!;
    if (fields === null) {
      for (const k in ev) this.scanValue(all, ev[k] as FlatValue);
      return;
    }
    const kw = this.anywhere;
    if (!anywhere || kw === null) {
      for (let i = 0; i < fields.length; i++) {
        const v = ev[fields[i]!];
        if (v !== undefined && v !== null) this.scanValue(all, v);
      }
      return;
    }
    // Every value is scanned: those of `fields` for every needle, the rest only for the keyword rules' needles.
    // One walk over the event's own keys (a route's fields are many, and most are absent from any one event).
    const scanned = this.fieldSet(fields);
    for (const k in ev) {
      const v = ev[k];
      if (v !== undefined && v !== null) this.scanValue(scanned.has(k) ? all : kw, v);
    }
  }

  /** Whether a rule (by index) may match the last scanned event. */
  candidate(pos: number): boolean {
    return this.always[pos] === 1 || this.ruleEpoch[pos] === this.epoch;
  }

  /**
   * The rules of `route` (a sorted rule list, `member` its bit set by rule index) that may match the last
   * scanned event, ascending, written to `out`; returns how many. Walks the rules the scan found and the
   * route's always-candidates (`always`, sorted) instead of the whole route: a route holds ~100 rules,
   * an event's needles point at a few.
   */
  candidates(member: Int32Array, always: Int32Array, out: Int32Array): number {
    const hits = this.hitRules;
    let n = 0;
    for (let i = 0; i < this.hitCount; i++) {
      const r = hits[i]!;
      if ((member[r >>> 5]! >>> (r & 31)) & 1) out[n++] = r;
    }
    // Found in needle order: sort (insertion for the usual handful, natively for the odd event with dozens).
    if (n > 16) out.subarray(0, n).sort();
    else
      for (let i = 1; i < n; i++) {
        const r = out[i]!;
        let j = i;
        while (j > 0 && out[j - 1]! > r) {
          out[j] = out[j - 1]!;
          j--;
        }
        out[j] = r;
      }
    if (always.length === 0) return n;
    // Merge the always-candidates in (disjoint from the hits: a rule with needles is never one).
    let i = n - 1;
    let k = always.length - 1;
    let w = n + always.length - 1;
    while (k >= 0) {
      if (i >= 0 && out[i]! > always[k]!) out[w--] = out[i--]!;
      else out[w--] = always[k--]!;
    }
    return n + always.length;
  }
}
