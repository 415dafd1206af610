/**
 * The finding model shared by the hunt, its renderers and (later) the store: one Sigma rule match, one
 * correlation (which groups several events), or one IOC hit — with the event's identity (time, host, channel,
 * event id, record id, file) and what matched.
 */
import type { FlatEvent, FlatValue } from '../sigma/index.js';

/** Sigma levels, lowest first. */
export const FINDING_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type FindingLevel = (typeof FINDING_LEVELS)[number];

/** What produced a finding. */
export type FindingKind = 'sigma' | 'correlation' | 'ioc';

/** One event field that satisfied a detection item (`field: null` for keywords). */
export interface MatchedField {
  /** Sigma findings: the search identifier (selection) the field satisfied; each field once per selection. */
  readonly selection?: string;
  readonly field: string | null;
  readonly value: FlatValue;
}

/** What matched: the Sigma search identifiers that were true, and the fields/values that satisfied them. */
export interface MatchedDetail {
  readonly selections: readonly string[];
  readonly fields: readonly MatchedField[];
}

/** Where an event came from and who it is (the columns of the timeline). */
export interface EventIdentity {
  /** ISO-8601 UTC (`TimeCreated`), or null when the record has none. */
  readonly timestamp: string | null;
  readonly computer: string | null;
  readonly channel: string | null;
  readonly event_id: number | null;
  readonly record_id: number | null;
  readonly source_file: string | null;
}

/** A correlation finding's extra facts (Sigma correlation specification). */
export interface CorrelationDetail {
  readonly type: string;
  readonly group: Readonly<Record<string, FlatValue>>;
  readonly first_time: string;
  readonly last_time: string;
  /** Number of grouped events (exact, even when fewer are attached as evidence). */
  readonly event_count: number;
  /** The measured value the condition was tested on (count, distinct values, sum…). */
  readonly value: number;
  readonly rule_ids: readonly string[];
}

/** An IOC hit's extra facts. */
export interface IocDetail {
  /** Indicator type (`ip`, `cidr`, `domain`, `url`, `sha256`, `filename`, `commandline`…). */
  readonly type: string;
  /** The indicator as listed in the IOC file. */
  readonly indicator: string;
  /** The event field that held it, and the value seen there. */
  readonly field: string;
  readonly value: string;
  /** Where the indicator was read (`iocs.csv:12`, a STIX object id…). */
  readonly source: string;
  /** Actor, campaign or malware family the IOC file names for it, when it does. */
  readonly label?: string;
}

export interface Finding extends EventIdentity {
  readonly kind: FindingKind;
  readonly rule_id: string;
  readonly rule_title: string;
  readonly level: FindingLevel;
  /** Sigma tags as written (`attack.t1003.003`, `attack.credential-access`). */
  readonly tags: readonly string[];
  /** ATT&CK technique ids from the tags (`T1003.003`), upper-case, de-duplicated. */
  readonly techniques: readonly string[];
  readonly matched: MatchedDetail;
  /** The event that matched (for correlations: the last grouped event). */
  readonly event: FlatEvent | null;
  /** Correlations: the grouped events' identities (up to the evidence cap), oldest first. */
  readonly events?: readonly (EventIdentity & {
    /** The id of the referenced rule the event matched. */
    readonly rule_id?: string;
    readonly event: FlatEvent;
  })[];
  readonly correlation?: CorrelationDetail;
  readonly ioc?: IocDetail;
}

const LEVEL_RANK: Readonly<Record<FindingLevel, number>> = {
  informational: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

/** 0 (informational) … 4 (critical). */
export function levelRank(level: FindingLevel): number {
  return LEVEL_RANK[level];
}

/** True for the five Sigma level names (case-insensitive), with `info` accepted for informational. */
export function isFindingLevel(s: string): s is FindingLevel {
  return Object.hasOwn(LEVEL_RANK, s);
}

/** Parses a level name (`high`, `Info`); undefined when it is not one. */
export function parseFindingLevel(s: string): FindingLevel | undefined {
  const l = s.trim().toLowerCase();
  if (l === 'info') return 'informational';
  return isFindingLevel(l) ? l : undefined;
}

const TECHNIQUE_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;

/**
 * ATT&CK technique ids named by Sigma tags: `attack.t1003.003` → `T1003.003`. Tactic tags
 * (`attack.credential-access`), group/software tags (`attack.g0045`, `attack.s0002`) and others are ignored.
 */
export function techniquesFromTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const m = TECHNIQUE_TAG.exec(t.trim());
    if (m?.[1]) {
      const id = m[1].toUpperCase();
      if (!out.includes(id)) out.push(id);
    }
  }
  return out;
}

function text(v: FlatValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function int(v: FlatValue | undefined): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

/** The timeline identity of an event (`TimeCreated`, `Computer`, `Channel`, `EventID`, `EventRecordID`). */
export function eventIdentity(event: FlatEvent, sourceFile: string | null): EventIdentity {
  return {
    timestamp: text(event.TimeCreated),
    computer: text(event.Computer),
    channel: text(event.Channel),
    event_id: int(event.EventID),
    record_id: int(event.EventRecordID),
    source_file: sourceFile,
  };
}

/**
 * Timeline order: timestamp (untimed last), then host, source file and record id, then rule id — a total,
 * deterministic order whatever order worker threads delivered the findings in.
 */
export function compareFindings(a: Finding, b: Finding): number {
  const ta = a.timestamp;
  const tb = b.timestamp;
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    // By instant first (sources differ in fractional digits: `…:00Z` vs `…:00.5Z`), then by text.
    const ma = Date.parse(ta);
    const mb = Date.parse(tb);
    if (ma !== mb && !Number.isNaN(ma) && !Number.isNaN(mb)) return ma < mb ? -1 : 1;
    return ta < tb ? -1 : 1;
  }
  return (
    cmp(a.computer, b.computer) ||
    cmp(a.source_file, b.source_file) ||
    (a.record_id ?? -1) - (b.record_id ?? -1) ||
    cmp(a.kind, b.kind) ||
    cmp(a.rule_id, b.rule_id) ||
    cmp(a.ioc?.indicator ?? null, b.ioc?.indicator ?? null)
  );
}

function cmp(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
