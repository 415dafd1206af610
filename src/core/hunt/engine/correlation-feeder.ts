/**
 * Feeds correlation rules in time order. Worker threads deliver rule matches file by file, so matches of
 * rules referenced by correlations are buffered (only those: a small fraction of all events), sorted by
 * `TimeCreated` and fed to the Sigma correlation engine at the end — or earlier, in sorted batches, when the
 * buffer reaches its cap (later events older than the watermark then count as late in the engine's stats).
 */
import {
  type EventIdentity,
  eventIdentity,
  type Finding,
  type FindingLevel,
  levelRank,
  techniquesFromTags,
} from '../../findings/index.js';
import type { CorrelationEngine, CorrelationFinding, FlatEvent } from '../../sigma/index.js';
import type { CorrelationInput } from './hunt-engine.js';

export interface CorrelationFeederOptions {
  /** Buffered matches before a sorted batch is fed early (default 500,000). */
  readonly maxBuffered?: number;
  readonly minLevel?: FindingLevel;
  readonly defaultLevel?: FindingLevel;
  /**
   * Tags of the rules correlations reference (by rule id and by name): a correlation rule without `tags` of its
   * own (the Sigma correlation schema has none) reports the union of the tags of the rules that contributed.
   */
  readonly ruleTags?: ReadonlyMap<string, readonly string[]>;
}

function timeOf(ev: FlatEvent): number {
  const t = ev.TimeCreated;
  const ms = typeof t === 'string' ? Date.parse(t) : Number.NaN;
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

export class CorrelationFeeder {
  private buffer: CorrelationInput[] = [];
  /** Source file of each fed event (weak: the engine's evidence decides how long an event lives). */
  private files = new WeakMap<FlatEvent, string | null>();
  private readonly maxBuffered: number;
  private readonly minRank: number;
  private readonly defaultLevel: FindingLevel;
  private readonly ruleTags: ReadonlyMap<string, readonly string[]>;
  /** Matches fed so far. */
  fed = 0;
  /** Batches fed before the end because the buffer was full. */
  earlyBatches = 0;

  constructor(
    private readonly engine: CorrelationEngine,
    options: CorrelationFeederOptions = {},
  ) {
    this.maxBuffered = options.maxBuffered ?? 500_000;
    this.minRank = levelRank(options.minLevel ?? 'informational');
    this.defaultLevel = options.defaultLevel ?? 'informational';
    this.ruleTags = options.ruleTags ?? new Map();
  }

  /** Buffers one match; may return findings when a full buffer is fed early. */
  add(input: CorrelationInput): Finding[] {
    this.buffer.push(input);
    if (this.buffer.length < this.maxBuffered) return [];
    this.earlyBatches++;
    return this.drain();
  }

  /** Feeds everything left and flushes every open window: the remaining correlation findings. */
  finish(): Finding[] {
    const out = this.drain();
    for (const cf of this.engine.flush()) this.push(out, cf);
    this.files = new WeakMap();
    return out;
  }

  private drain(): Finding[] {
    const batch = this.buffer;
    this.buffer = [];
    // Stable sort by time, then file and record id, for a deterministic feed whatever the thread timing.
    batch.sort((a, b) => {
      const ta = timeOf(a.event);
      const tb = timeOf(b.event);
      if (ta !== tb) return ta < tb ? -1 : 1;
      // Same millisecond: the full text keeps sub-millisecond order (same-source timestamps share a format).
      const sa = String(a.event.TimeCreated ?? '');
      const sb = String(b.event.TimeCreated ?? '');
      if (sa !== sb) return sa < sb ? -1 : 1;
      const fa = a.sourceFile ?? '';
      const fb = b.sourceFile ?? '';
      if (fa !== fb) return fa < fb ? -1 : 1;
      return (
        Number(a.event.EventRecordID ?? 0) - Number(b.event.EventRecordID ?? 0) ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
      );
    });
    const out: Finding[] = [];
    for (const input of batch) {
      this.files.set(input.event, input.sourceFile);
      this.fed++;
      for (const cf of this.engine.feed({ ruleId: input.ruleId, ruleName: input.ruleName }, input.event))
        this.push(out, cf);
    }
    return out;
  }

  private push(out: Finding[], cf: CorrelationFinding): void {
    const level = cf.level ?? this.defaultLevel;
    if (levelRank(level) < this.minRank) return;
    out.push(this.toFinding(cf, level));
  }

  private toFinding(cf: CorrelationFinding, level: FindingLevel): Finding {
    const events: (EventIdentity & { rule_id?: string; event: FlatEvent })[] = cf.events.map((event, i) => {
      const rule = cf.eventRuleIds[i];
      return {
        ...eventIdentity(event, this.files.get(event) ?? null),
        ...(rule ? { rule_id: rule } : {}),
        event,
      };
    });
    const tags =
      cf.tags.length > 0 ? cf.tags : [...new Set(cf.ruleIds.flatMap((r) => this.ruleTags.get(r) ?? []))];
    const last = events[events.length - 1];
    const hosts = new Set(events.map((e) => e.computer).filter((c): c is string => c !== null));
    const groupHost = cf.group.Computer;
    return {
      kind: 'correlation',
      rule_id: cf.correlationId,
      rule_title: cf.title,
      level,
      tags,
      techniques: techniquesFromTags(tags),
      timestamp: cf.lastTime,
      computer:
        typeof groupHost === 'string'
          ? groupHost
          : hosts.size === 1
            ? [...hosts][0]!
            : (last?.computer ?? null),
      channel: last?.channel ?? null,
      event_id: last?.event_id ?? null,
      record_id: last?.record_id ?? null,
      source_file: last?.source_file ?? null,
      matched: {
        selections: [...cf.ruleIds],
        fields: Object.entries(cf.group).map(([field, value]) => ({ field, value })),
      },
      event: last?.event ?? null,
      events,
      correlation: {
        type: cf.type,
        group: cf.group,
        first_time: cf.firstTime,
        last_time: cf.lastTime,
        event_count: cf.eventCount,
        value: cf.value,
        rule_ids: cf.ruleIds,
      },
    };
  }
}
