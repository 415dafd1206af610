/**
 * Incremental summaries of findings: counts by level, by ATT&CK technique, by host and by rule, and per
 * technique the hosts and first/last times it was seen (what actor playbooks are matched against). Memory
 * grows with the number of distinct rules (IOC indicators hit), techniques and hosts, never with the number of
 * findings.
 */
import { FINDING_LEVELS, type Finding, type FindingLevel } from './finding.js';

/** Where and when one ATT&CK technique was observed. */
export interface TechniqueObservation {
  readonly technique: string;
  readonly findings: number;
  readonly hosts: readonly string[];
  readonly first: string | null;
  readonly last: string | null;
  readonly rules: readonly string[];
}

export interface FindingSummary {
  readonly total: number;
  readonly byLevel: Readonly<Record<FindingLevel, number>>;
  readonly byKind: Readonly<Record<string, number>>;
  /** Sorted by count (descending), then key. */
  readonly byTechnique: readonly { readonly key: string; readonly count: number }[];
  readonly byHost: readonly { readonly key: string; readonly count: number }[];
  /** `key`: the rule id; for IOC findings the type's rule id and the indicator (`ioc:ip 203.0.113.7`). */
  readonly byRule: readonly {
    readonly key: string;
    readonly title: string;
    readonly level: FindingLevel;
    readonly count: number;
  }[];
  readonly techniques: readonly TechniqueObservation[];
}

interface TechniqueAcc {
  findings: number;
  hosts: Set<string>;
  first: string | null;
  last: string | null;
  rules: Set<string>;
}

const sortCounts = (m: Map<string, number>) =>
  [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** Accumulates findings one at a time; `summary()` can be called at any point. */
export class FindingSummarizer {
  private total = 0;
  private readonly levels = new Map<FindingLevel, number>();
  private readonly kinds = new Map<string, number>();
  private readonly hosts = new Map<string, number>();
  private readonly techs = new Map<string, TechniqueAcc>();
  private readonly rules = new Map<string, { title: string; level: FindingLevel; count: number }>();

  add(f: Finding): void {
    this.total++;
    this.levels.set(f.level, (this.levels.get(f.level) ?? 0) + 1);
    this.kinds.set(f.kind, (this.kinds.get(f.kind) ?? 0) + 1);
    const host = f.computer ?? '(unknown)';
    this.hosts.set(host, (this.hosts.get(host) ?? 0) + 1);
    // IOC findings share a rule id per indicator type (`ioc:ip`); each indicator is a "rule" of its own here.
    const ruleKey = f.ioc ? `${f.rule_id} ${f.ioc.indicator}` : f.rule_id;
    const r = this.rules.get(ruleKey);
    if (r) r.count++;
    else this.rules.set(ruleKey, { title: f.rule_title, level: f.level, count: 1 });
    const first = f.correlation?.first_time ?? f.timestamp;
    const last = f.correlation?.last_time ?? f.timestamp;
    for (const t of f.techniques) {
      let acc = this.techs.get(t);
      if (!acc) {
        acc = { findings: 0, hosts: new Set(), first: null, last: null, rules: new Set() };
        this.techs.set(t, acc);
      }
      acc.findings++;
      if (f.computer) acc.hosts.add(f.computer);
      acc.rules.add(f.rule_id);
      if (first !== null && (acc.first === null || first < acc.first)) acc.first = first;
      if (last !== null && (acc.last === null || last > acc.last)) acc.last = last;
    }
  }

  summary(): FindingSummary {
    const byLevel = Object.fromEntries(FINDING_LEVELS.map((l) => [l, this.levels.get(l) ?? 0])) as Record<
      FindingLevel,
      number
    >;
    const techCounts = new Map([...this.techs].map(([k, v]) => [k, v.findings]));
    return {
      total: this.total,
      byLevel,
      byKind: Object.fromEntries([...this.kinds].sort()),
      byTechnique: sortCounts(techCounts),
      byHost: sortCounts(this.hosts),
      byRule: [...this.rules]
        .map(([key, v]) => ({ key, ...v }))
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      techniques: [...this.techs]
        .map(([technique, v]) => ({
          technique,
          findings: v.findings,
          hosts: [...v.hosts].sort(),
          first: v.first,
          last: v.last,
          rules: [...v.rules].sort(),
        }))
        .sort((a, b) => (a.technique < b.technique ? -1 : 1)),
    };
  }
}

/** Summary of a list of findings. */
export function summarizeFindings(findings: Iterable<Finding>): FindingSummary {
  const s = new FindingSummarizer();
  for (const f of findings) s.add(f);
  return s.summary();
}
