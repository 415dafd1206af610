/**
 * The literal prefilter: every rule's required needles (`CompiledRule.literals`: lower-case strings of which
 * at least one must occur in the event's string values for the rule to match) in one Aho–Corasick automaton.
 * One scan of an event's strings marks the rules whose needles occur; the others are skipped unevaluated.
 * Rules with `literals: null` are always candidates. One automaton serves every route (rule indices are the
 * rule set's), so its size is bounded by the rule set, not by the variety of events.
 */
import type { FlatEvent, FlatValue } from '../../sigma/index.js';
import { AhoCorasick } from './aho-corasick.js';

export class LiteralPrefilter {
  /** Per rule: whether it is always evaluated. */
  readonly always: Uint8Array;
  private readonly automaton: AhoCorasick;
  /** needle id → rules needing it. */
  private readonly needleRules: readonly Int32Array[];
  private readonly ruleEpoch: Int32Array;
  private epoch = 0;

  private constructor(literals: readonly (readonly string[] | null)[]) {
    this.always = new Uint8Array(literals.length);
    const ids = new Map<string, number>();
    const rulesOf: number[][] = [];
    literals.forEach((lits, pos) => {
      // No needles, or an empty one (which every string contains): always a candidate.
      if (lits === null || lits.length === 0 || lits.some((l) => l === '')) {
        this.always[pos] = 1;
        return;
      }
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
    });
    this.automaton = new AhoCorasick([...ids.keys()]);
    this.needleRules = rulesOf.map((l) => Int32Array.from(l));
    this.ruleEpoch = new Int32Array(literals.length);
  }

  /** A prefilter over rules' literals, or null when no rule has any (nothing to filter). */
  static build(literals: readonly (readonly string[] | null)[]): LiteralPrefilter | null {
    if (!literals.some((l) => l !== null && l.length > 0)) return null;
    return new LiteralPrefilter(literals);
  }

  /** Number of automaton states (for diagnostics). */
  get states(): number {
    return this.automaton.stateCount;
  }

  private readonly onNeedle = (id: number): void => {
    const rules = this.needleRules[id]!;
    const epoch = this.epoch;
    for (let k = 0; k < rules.length; k++) this.ruleEpoch[rules[k]!] = epoch;
  };

  private scanValue(v: FlatValue): void {
    if (typeof v === 'string') this.automaton.scanOnce(v, this.onNeedle);
    else if (typeof v === 'boolean') this.automaton.scanOnce(v ? 'true' : 'false', this.onNeedle);
    else if (Array.isArray(v)) for (const x of v) this.scanValue(x);
  }

  /** Scans an event; afterwards `candidate(rule)` tells whether that rule may match it. */
  scan(ev: FlatEvent): void {
    this.epoch++;
    if (this.epoch === 0x7fffffff) {
      this.epoch = 1;
      this.ruleEpoch.fill(0);
    }
    this.automaton.newEpoch();
    for (const k in ev) this.scanValue(ev[k] as FlatValue);
  }

  /** Whether a rule (by index) may match the last scanned event. */
  candidate(pos: number): boolean {
    return this.always[pos] === 1 || this.ruleEpoch[pos] === this.epoch;
  }
}
