/**
 * The per-event hunt loop: route the event to the rules that can read it, scan its strings once with the
 * literal prefilter, evaluate only the candidate rules, and turn matches into findings (or into inputs for
 * correlation rules). One rule that throws is counted and reported, never fatal to the hunt.
 */
import {
  eventIdentity,
  type Finding,
  type FindingLevel,
  levelRank,
  techniquesFromTags,
} from '../../findings/index.js';
import type { CompiledRule, FlatEvent, MatchResult } from '../../sigma/index.js';
import type { IocMatcher } from '../ioc/index.js';
import { LiteralPrefilter } from './literal-prefilter.js';
import { type Route, RuleRouter } from './rule-router.js';

/** What the engine needs to know about correlations (from `CompiledRuleSet.createCorrelationEngine()`). */
export interface CorrelationRefs {
  readonly referenced: ReadonlySet<string>;
  isStandalone(ruleId: string, ruleName?: string): boolean;
}

/** A rule match that a correlation rule consumes. */
export interface CorrelationInput {
  readonly ruleId: string;
  readonly ruleName: string | undefined;
  readonly event: FlatEvent;
  readonly sourceFile: string | null;
}

export interface HuntEngineOptions {
  /** Use the literal prefilter (default true). Off, every routed rule is evaluated. */
  readonly prefilter?: boolean;
  /** Findings below this level are not reported (correlation inputs are still fed). Default informational. */
  readonly minLevel?: FindingLevel;
  /** IOC sweep over every event (hits become `ioc` findings). */
  readonly ioc?: IocMatcher | null;
  readonly correlations?: CorrelationRefs | null;
  /** Level of rules that set none (default `informational`). */
  readonly defaultLevel?: FindingLevel;
}

export interface HuntEngineStats {
  events: number;
  /** Rule evaluations performed. */
  evaluations: number;
  /** Routed rules skipped because none of their literals occurred. */
  prefiltered: number;
  /** Rule matches (including those fed only to correlations and those below --min-level). */
  matches: number;
  iocHits: number;
  /** Evaluations that threw (the rule is then skipped for the rest of the hunt). */
  ruleErrors: number;
}

/** Counters at zero. */
export function emptyHuntStats(): HuntEngineStats {
  return { events: 0, evaluations: 0, prefiltered: 0, matches: 0, iocHits: 0, ruleErrors: 0 };
}

/** Adds `from`'s counters to `into` (one engine's to a hunt's total). */
export function addHuntStats(into: HuntEngineStats, from: HuntEngineStats): void {
  into.events += from.events;
  into.evaluations += from.evaluations;
  into.prefiltered += from.prefiltered;
  into.matches += from.matches;
  into.iocHits += from.iocHits;
  into.ruleErrors += from.ruleErrors;
}

/** A rule that failed at run time. */
export interface RuleFailure {
  readonly ruleId: string;
  readonly message: string;
  readonly sourceFile: string | null;
}

interface RouteSelection {
  readonly member: Int32Array;
  readonly always: Int32Array;
}

interface RuleInfo {
  readonly level: FindingLevel;
  readonly techniques: readonly string[];
  readonly report: boolean;
  readonly feed: boolean;
  disabled: boolean;
}

export class HuntEngine {
  readonly stats: HuntEngineStats = emptyHuntStats();
  readonly failures: RuleFailure[] = [];
  private readonly router: RuleRouter;
  private readonly info: RuleInfo[];
  private readonly minRank: number;
  private readonly ioc: IocMatcher | null;
  private readonly prefilter: LiteralPrefilter | null;
  /** Per route: its rules as a bit set and its always-evaluated rules (for `LiteralPrefilter.candidates`). */
  private readonly selections = new Map<Route, RouteSelection>();
  private lastRoute: Route | null = null;
  private lastSelection: RouteSelection | null = null;
  /** The current event's candidate rules (reused: one event is hunted at a time). */
  private readonly candidateBuffer: Int32Array;

  constructor(
    readonly rules: readonly CompiledRule[],
    options: HuntEngineOptions = {},
  ) {
    this.router = new RuleRouter(rules);
    this.candidateBuffer = new Int32Array(rules.length);
    this.prefilter = options.prefilter !== false ? LiteralPrefilter.build(rules) : null;
    this.minRank = levelRank(options.minLevel ?? 'informational');
    this.ioc = options.ioc ?? null;
    const corr = options.correlations ?? null;
    const defaultLevel = options.defaultLevel ?? 'informational';
    this.info = rules.map((r) => {
      const feed =
        corr !== null && (corr.referenced.has(r.id) || (r.name !== undefined && corr.referenced.has(r.name)));
      const level = r.level ?? defaultLevel;
      return {
        level,
        techniques: techniquesFromTags(r.tags),
        report: (corr === null || corr.isStandalone(r.id, r.name)) && levelRank(level) >= this.minRank,
        feed,
        disabled: false,
      };
    });
  }

  /** Distinct routes built so far (diagnostics). */
  get routeCount(): number {
    return this.router.routeCount;
  }

  /**
   * Hunts one event: calls `onFinding` for each reported rule match and IOC hit, and `onCorrelation` for
   * each match of a rule that some correlation references.
   */
  process(
    event: FlatEvent,
    sourceFile: string | null,
    onFinding: (f: Finding) => void,
    onCorrelation?: (input: CorrelationInput) => void,
  ): void {
    this.stats.events++;
    const route = this.router.route(event);
    const pf = route.hasLiterals ? this.prefilter : null;
    let rules = route.rules;
    let count = rules.length;
    if (pf) {
      pf.scan(event, route.scanFields, route.scanAnywhere);
      const sel = this.selectionOf(route, pf);
      count = pf.candidates(sel.member, sel.always, this.candidateBuffer);
      rules = this.candidateBuffer;
      this.stats.prefiltered += route.rules.length - count;
    }
    for (let pos = 0; pos < count; pos++) {
      const idx = rules[pos]!;
      const info = this.info[idx]!;
      if (info.disabled) continue;
      const rule = this.rules[idx]!;
      this.stats.evaluations++;
      let m: MatchResult | null;
      try {
        m = rule.match(event);
      } catch (e) {
        this.stats.ruleErrors++;
        info.disabled = true;
        this.failures.push({
          ruleId: rule.id,
          message: e instanceof Error ? e.message : String(e),
          sourceFile,
        });
        continue;
      }
      if (!m) continue;
      this.stats.matches++;
      if (info.feed && onCorrelation)
        onCorrelation({ ruleId: rule.id, ruleName: rule.name, event, sourceFile });
      if (info.report) onFinding(this.finding(rule, info, m, event, sourceFile));
    }
    if (this.ioc) {
      const hits = this.ioc.match(event);
      for (const h of hits) {
        this.stats.iocHits++;
        if (levelRank(h.level) < this.minRank) continue;
        onFinding({
          kind: 'ioc',
          rule_id: `ioc:${h.type}`,
          rule_title: `IOC ${h.type} ${h.indicator}${h.label ? ` (${h.label})` : ''}`,
          level: h.level,
          tags: [],
          techniques: [],
          ...eventIdentity(event, sourceFile),
          matched: { selections: ['ioc'], fields: [{ field: h.field, value: h.value }] },
          event,
          ioc: {
            type: h.type,
            indicator: h.indicator,
            field: h.field,
            value: h.value,
            source: h.source,
            ...(h.label ? { label: h.label } : {}),
          },
        });
      }
    }
  }

  /** A route's rules as the prefilter's candidate selection needs them (built on the route's first event). */
  private selectionOf(route: Route, pf: LiteralPrefilter): RouteSelection {
    if (route === this.lastRoute) return this.lastSelection!;
    let sel = this.selections.get(route);
    if (!sel) {
      const member = new Int32Array((this.rules.length + 31) >>> 5);
      const always: number[] = [];
      for (const r of route.rules) {
        member[r >>> 5]! |= 1 << (r & 31);
        if (pf.always[r] === 1) always.push(r);
      }
      sel = { member, always: Int32Array.from(always) };
      // Routes are few; the bound only matters for hostile inputs with endless channel/provider combinations.
      if (this.selections.size >= 10_000) this.selections.clear();
      this.selections.set(route, sel);
    }
    this.lastRoute = route;
    this.lastSelection = sel;
    return sel;
  }

  private finding(
    rule: CompiledRule,
    info: RuleInfo,
    m: MatchResult,
    event: FlatEvent,
    sourceFile: string | null,
  ): Finding {
    return {
      kind: 'sigma',
      rule_id: rule.id,
      rule_title: rule.title,
      level: info.level,
      tags: rule.tags,
      techniques: info.techniques,
      ...eventIdentity(event, sourceFile),
      matched: { selections: m.selections, fields: m.fields },
      event,
    };
  }
}
