/**
 * Sigma correlation rules (correlation specification v2.1): event_count, value_count, temporal,
 * temporal_ordered, value_sum, value_avg, value_percentile, with timespan, group-by, field aliases, chaining
 * (correlations over correlations) and `generate`. Memory is bounded: entries older than the timespan are
 * evicted, groups and entries per group are capped, and every eviction is counted. Semantics: docs/sigma.md.
 */
import type { Issue } from '../shared/index.js';
import { conditionHolds, type WindowEntry as Entry, windowMetric } from './correlation-window.js';
import type { FlatEvent, FlatValue } from './flat-event.js';
import type { SigmaCorrelationRule, SigmaLevel } from './rule-model.js';

export interface CorrelationOptions {
  /** Open groups kept per correlation rule before the least recently used is evicted (default 50,000). */
  readonly maxGroups?: number;
  /** Entries kept per group before the oldest is dropped (default 5,000). */
  readonly maxEntriesPerGroup?: number;
  /** Events attached to a finding as evidence (default 25; counts stay exact). */
  readonly maxEvidence?: number;
  /** How late (ms) an out-of-order event may arrive and still join windows it belongs to (default 0). */
  readonly outOfOrderToleranceMs?: number;
  /** Event field holding the ISO-8601 timestamp (default `TimeCreated`). */
  readonly timestampField?: string;
}

/** A base rule or correlation match fed to the engine. */
export interface RuleMatchRef {
  readonly ruleId: string;
  readonly ruleName?: string | undefined;
}

export interface CorrelationFinding {
  readonly correlationId: string;
  readonly name: string | undefined;
  readonly title: string;
  readonly level: SigmaLevel | undefined;
  readonly tags: readonly string[];
  readonly type: SigmaCorrelationRule['correlation']['type'];
  /** group-by field (or alias) → value. */
  readonly group: Readonly<Record<string, FlatValue>>;
  /**
   * Times of the first and last grouped events: their timestamp field's own text when it parses (as a Sigma
   * finding's time is, so both kinds print alike), else the ISO-8601 rendering of the time used.
   */
  readonly firstTime: string;
  readonly lastTime: string;
  /** Number of grouped events (exact). */
  readonly eventCount: number;
  /** The measured value the condition was tested on (count, distinct values, sum, average, percentage). */
  readonly value: number;
  /** Referenced rules that contributed (ids). */
  readonly ruleIds: readonly string[];
  /** Up to `maxEvidence` grouped events, oldest first. */
  readonly events: readonly FlatEvent[];
  /** For each of `events`, the referenced rule (id) it matched. */
  readonly eventRuleIds: readonly string[];
}

export interface CorrelationStats {
  readonly openGroups: number;
  /** Groups dropped because `maxGroups` was reached. */
  readonly evictedGroups: number;
  /** Entries dropped because `maxEntriesPerGroup` was reached. */
  readonly droppedEntries: number;
  /** Events ignored because they arrived later than the tolerance allows. */
  readonly lateEvents: number;
  /** Events without a usable timestamp. */
  readonly untimedEvents: number;
}

export interface CorrelationEngine {
  /** Feeds one rule match; returns the correlation findings it completes (including chained ones). */
  feed(match: RuleMatchRef, event: FlatEvent): CorrelationFinding[];
  /** Evaluates every open window (end of input) and returns the findings; the engine is then empty. */
  flush(): CorrelationFinding[];
  /** Whether a rule's own matches should be reported (false when only correlations use it: `generate: false`). */
  isStandalone(ruleId: string, ruleName?: string): boolean;
  /** Rule ids/names referenced by some correlation (so the hunt can skip feeding others). */
  readonly referenced: ReadonlySet<string>;
  stats(): CorrelationStats;
}

interface Group {
  entries: Entry[];
  maxT: number;
  readonly values: Record<string, FlatValue>;
}
interface Corr {
  readonly rule: SigmaCorrelationRule;
  readonly id: string;
  /** Referenced rule key → index in `rules`. */
  readonly index: Map<string, number>;
  readonly groups: Map<string, Group>;
  readonly monotone: boolean;
}

/**
 * Builds the engine. `correlations` may reference base rules and each other by `id` or `name`;
 * unresolvable references and cycles are returned as issues (those correlations are left out).
 */
export function createCorrelationEngine(
  correlations: readonly SigmaCorrelationRule[],
  known: readonly { readonly id: string; readonly name?: string | undefined }[],
  options: CorrelationOptions = {},
): { engine: CorrelationEngine; issues: Issue[] } {
  const maxGroups = options.maxGroups ?? 50_000;
  const maxEntries = options.maxEntriesPerGroup ?? 5_000;
  const maxEvidence = options.maxEvidence ?? 25;
  const tolerance = options.outOfOrderToleranceMs ?? 0;
  const tsField = options.timestampField ?? 'TimeCreated';
  const issues: Issue[] = [];
  const names = new Map<string, string>(); // name or id → canonical id
  for (const k of known) {
    names.set(k.id, k.id);
    if (k.name) names.set(k.name, k.id);
  }
  for (const c of correlations) {
    const id = c.id ?? c.name ?? c.title;
    names.set(id, id);
    if (c.name) names.set(c.name, id);
  }
  const corrs: Corr[] = [];
  const byRef = new Map<string, Corr[]>();
  const suppressed = new Set<string>();
  for (const c of correlations) {
    const id = c.id ?? c.name ?? c.title;
    const index = new Map<string, number>();
    let ok = true;
    c.correlation.rules.forEach((r, i) => {
      const canon = names.get(r);
      if (!canon) {
        issues.push({
          code: 'sigma.correlation.unknown-rule',
          severity: 'error',
          message: `correlation ${JSON.stringify(c.title)} refers to ${JSON.stringify(r)}, which is not loaded`,
          location: c.location,
        });
        ok = false;
      } else index.set(canon, i);
    });
    if (!ok) continue;
    const ops = c.correlation.condition?.ops ?? [];
    const t = c.correlation.type;
    const monotone =
      t !== 'value_avg' && t !== 'value_percentile' && ops.every((o) => o.op === 'gt' || o.op === 'gte');
    const corr: Corr = { rule: c, id, index, groups: new Map(), monotone };
    corrs.push(corr);
    for (const canon of index.keys()) {
      const list = byRef.get(canon) ?? [];
      list.push(corr);
      byRef.set(canon, list);
      if (!c.generate) suppressed.add(canon);
    }
  }
  // Cycle check over correlation → correlation references.
  const corrIds = new Map(corrs.map((c) => [c.id, c]));
  const visiting = new Set<string>();
  const done = new Set<string>();
  const cyclic = new Set<string>();
  const visit = (c: Corr): void => {
    if (done.has(c.id)) return;
    if (visiting.has(c.id)) {
      cyclic.add(c.id);
      return;
    }
    visiting.add(c.id);
    for (const r of c.index.keys()) {
      const d = corrIds.get(r);
      if (d) visit(d);
    }
    visiting.delete(c.id);
    done.add(c.id);
  };
  corrs.forEach(visit);
  // Flush order: a correlation after the correlations it references (post-order of the visit).
  const flushOrder = [...done].map((id) => corrIds.get(id)!).filter((c) => !cyclic.has(c.id));
  for (const id of cyclic) {
    const c = corrIds.get(id)!;
    issues.push({
      code: 'sigma.correlation.cycle',
      severity: 'error',
      message: `correlation ${JSON.stringify(c.rule.title)} is part of a reference cycle`,
      location: c.rule.location,
    });
    for (const list of byRef.values()) {
      const i = list.indexOf(c);
      if (i >= 0) list.splice(i, 1);
    }
  }

  let evictedGroups = 0;
  let droppedEntries = 0;
  let lateEvents = 0;
  let untimed = 0;
  let watermark = Number.NEGATIVE_INFINITY;

  const fieldFor = (c: Corr, field: string, ref: RuleMatchRef): string => {
    const alias = c.rule.correlation.aliases.get(field);
    if (!alias) return field;
    return (
      (ref.ruleName !== undefined ? alias.get(ref.ruleName) : undefined) ?? alias.get(ref.ruleId) ?? field
    );
  };

  const metric = (c: Corr, w: readonly Entry[], current: Entry | null): number =>
    windowMetric(c.rule, w, current);
  const satisfied = (c: Corr, value: number): boolean => conditionHolds(c.rule, value);

  const finding = (c: Corr, g: Group, w: readonly Entry[], value: number): CorrelationFinding => {
    const ruleIds = new Set<string>();
    const refs = [...c.index.entries()];
    const refOf = (e: Entry) => refs.find(([, i]) => i === e.rule)?.[0] ?? '';
    for (const e of w) ruleIds.add(refOf(e));
    const time = (e: Entry) => {
      const text = e.event[tsField];
      return typeof text === 'string' && Date.parse(text) === e.t ? text : new Date(e.t).toISOString();
    };
    const evidence = w.slice(0, maxEvidence);
    return {
      correlationId: c.id,
      name: c.rule.name,
      title: c.rule.title,
      level: c.rule.level,
      tags: c.rule.tags,
      type: c.rule.correlation.type,
      group: g.values,
      firstTime: time(w[0]!),
      lastTime: time(w[w.length - 1]!),
      eventCount: w.length,
      value,
      ruleIds: [...ruleIds],
      events: evidence.map((e) => e.event),
      eventRuleIds: evidence.map(refOf),
    };
  };

  const out: CorrelationFinding[] = [];
  const emit = (c: Corr, f: CorrelationFinding, depth: number) => {
    out.push(f);
    // Chaining: the correlation's own match feeds correlations that reference it.
    const last = f.events[f.events.length - 1];
    if (last && depth < 8) {
      const ev: FlatEvent = { ...last, ...f.group, [tsField]: f.lastTime };
      feedOne({ ruleId: c.id, ruleName: c.rule.name }, ev, depth + 1);
    }
  };

  const closeWindows = (c: Corr, g: Group, upTo: number, depth: number) => {
    // Tumbling windows anchored at the oldest entry, for conditions that need the whole window.
    const span = c.rule.correlation.timespanMs;
    while (g.entries.length > 0 && g.entries[0]!.t + span < upTo) {
      const start = g.entries[0]!.t;
      let k = 0;
      while (k < g.entries.length && g.entries[k]!.t <= start + span) k++;
      const w = g.entries.slice(0, k);
      g.entries = g.entries.slice(k);
      evaluateClosed(c, g, w, depth);
    }
  };

  const evaluateClosed = (c: Corr, g: Group, w: Entry[], depth: number) => {
    if (w.length === 0) return;
    if (c.rule.correlation.type === 'value_percentile') {
      const seen = new Set<string>();
      for (const e of w) {
        const key = JSON.stringify(e.value ?? null);
        if (seen.has(key)) continue;
        seen.add(key);
        const v = metric(c, w, e);
        if (satisfied(c, v)) {
          const matching = w.filter((x) => JSON.stringify(x.value ?? null) === key);
          emit(
            c,
            finding(
              c,
              {
                ...g,
                values: {
                  ...g.values,
                  [c.rule.correlation.condition?.field?.[0] ?? 'value']: e.value ?? null,
                },
              },
              matching,
              v,
            ),
            depth,
          );
        }
      }
      return;
    }
    const v = metric(c, w, null);
    if (satisfied(c, v)) emit(c, finding(c, g, w, v), depth);
  };

  const sweep = (c: Corr, depth: number) => {
    // Groups are kept in least-recently-updated order: close and drop those whose window has passed.
    const span = c.rule.correlation.timespanMs;
    for (const [key, g] of c.groups) {
      if (g.maxT + span + tolerance >= watermark) break;
      if (!c.monotone) closeWindows(c, g, Number.POSITIVE_INFINITY, depth);
      c.groups.delete(key);
    }
  };

  const feedCorr = (
    c: Corr,
    ref: RuleMatchRef,
    canon: string,
    event: FlatEvent,
    t: number,
    depth: number,
  ) => {
    const corr = c.rule.correlation;
    const values: Record<string, FlatValue> = {};
    const keyParts: FlatValue[] = [];
    for (const gb of corr.groupBy) {
      const v = event[fieldFor(c, gb, ref)];
      values[gb] = v === undefined ? null : v;
      keyParts.push(values[gb]!);
    }
    const key = JSON.stringify(keyParts);
    let g = c.groups.get(key);
    if (g) c.groups.delete(key);
    else {
      if (c.groups.size >= maxGroups) {
        const oldest = c.groups.keys().next().value;
        if (oldest !== undefined) {
          c.groups.delete(oldest);
          evictedGroups++;
        }
      }
      g = { entries: [], maxT: t, values };
    }
    c.groups.set(key, g);
    const fieldName = corr.condition?.field;
    let value: FlatValue | undefined;
    if (fieldName && fieldName.length > 0) {
      if (fieldName.length === 1) value = event[fieldFor(c, fieldName[0]!, ref)];
      else value = fieldName.map((f) => event[fieldFor(c, f, ref)] ?? null);
    }
    const entry: Entry = { t, rule: c.index.get(canon)!, value, event };
    const span = corr.timespanMs;
    if (!c.monotone) closeWindows(c, g, t, depth);
    // Insert keeping time order (out-of-order events within the tolerance land in place).
    let i = g.entries.length;
    while (i > 0 && g.entries[i - 1]!.t > t) i--;
    g.entries.splice(i, 0, entry);
    if (g.entries.length > maxEntries) {
      g.entries.shift();
      droppedEntries++;
    }
    const inOrder = t >= g.maxT;
    if (t > g.maxT) g.maxT = t;
    if (!c.monotone) return;
    // Evict what no window ending at or after the newest entry can use.
    const horizon = g.maxT - span - tolerance;
    let drop = 0;
    while (drop < g.entries.length && g.entries[drop]!.t < horizon) drop++;
    if (drop) g.entries.splice(0, drop);
    // Windows of length `span` that contain the new entry.
    const ents = g.entries;
    if (inOrder) {
      let lo = 0;
      while (lo < ents.length && ents[lo]!.t < t - span) lo++;
      const w = ents.slice(lo);
      const v = metric(c, w, entry);
      if (satisfied(c, v)) {
        g.entries = ents.slice(0, lo);
        emit(c, finding(c, g, w, v), depth);
      }
      return;
    }
    for (let lo = 0; lo < ents.length && ents[lo]!.t <= t; lo++) {
      if (ents[lo]!.t < t - span) continue;
      let hi = lo;
      while (hi < ents.length && ents[hi]!.t <= ents[lo]!.t + span) hi++;
      const w = ents.slice(lo, hi);
      const v = metric(c, w, entry);
      if (satisfied(c, v)) {
        g.entries = [...ents.slice(0, lo), ...ents.slice(hi)];
        emit(c, finding(c, g, w, v), depth);
        return;
      }
    }
  };

  let fed = 0;
  const feedOne = (ref: RuleMatchRef, event: FlatEvent, depth: number) => {
    const canon = names.get(ref.ruleId) ?? (ref.ruleName !== undefined ? names.get(ref.ruleName) : undefined);
    if (canon === undefined) return;
    const targets = byRef.get(canon);
    if (!targets || targets.length === 0) return;
    const ts = event[tsField];
    const t = typeof ts === 'string' ? Date.parse(ts) : typeof ts === 'number' ? ts : Number.NaN;
    if (Number.isNaN(t)) {
      untimed++;
      return;
    }
    if (t < watermark - tolerance) {
      // Too late: windows it belonged to may already be closed and reported.
      lateEvents++;
      return;
    }
    if (t > watermark) watermark = t;
    for (const c of targets) feedCorr(c, ref, canon, event, t, depth);
    if (++fed % 1024 === 0) for (const c of corrs) sweep(c, depth);
  };

  const engine: CorrelationEngine = {
    feed(match, event) {
      out.length = 0;
      feedOne(match, event, 0);
      return out.splice(0);
    },
    flush() {
      out.length = 0;
      for (const c of flushOrder) {
        for (const g of c.groups.values()) if (!c.monotone) closeWindows(c, g, Number.POSITIVE_INFINITY, 0);
        c.groups.clear();
      }
      return out.splice(0);
    },
    isStandalone(ruleId, ruleName) {
      return (
        !suppressed.has(ruleId) &&
        !(ruleName !== undefined && suppressed.has(names.get(ruleName) ?? ruleName))
      );
    },
    referenced: new Set([
      ...byRef.keys(),
      ...[...names.entries()].filter(([, v]) => byRef.has(v)).map(([k]) => k),
    ]),
    stats() {
      let open = 0;
      for (const c of corrs) open += c.groups.size;
      return { openGroups: open, evictedGroups, droppedEntries, lateEvents, untimedEvents: untimed };
    },
  };
  return { engine, issues };
}
