import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../app/catalog/index.js';
import { type Finding, summarizeFindings } from '../../findings/index.js';
import { actorPlaybookReport, canonicalTechniques, PlaybookIndex } from './playbook-scoring.js';

const catalog = loadCatalog();
const index = new PlaybookIndex(catalog);

/** Techniques the 2023–2024 advisories describe for Volt Typhoon (as the rules/lotl pack tags them). */
const VOLT_TYPHOON_LIKE = [
  'T1003.003',
  'T1090.001',
  'T1070.001',
  'T1654',
  'T1047',
  'T1021.001',
  'T1560.001',
  'T1105',
  'T1069.002',
  'T1087.002',
  'T1018',
  'T1016',
  'T1049',
  'T1082',
  'T1033',
  'T1562.004',
  'T1003.001',
];

function finding(technique: string, host: string, time: string): Finding {
  return {
    kind: 'sigma',
    rule_id: `r-${technique}`,
    rule_title: technique,
    level: 'high',
    tags: [`attack.${technique.toLowerCase()}`],
    techniques: [technique],
    timestamp: time,
    computer: host,
    channel: 'Security',
    event_id: 4688,
    record_id: 1,
    source_file: 'x.evtx',
    matched: { selections: [], fields: [] },
    event: null,
  };
}

describe('playbook scoring', () => {
  it('ranks Volt Typhoon (G1017) near the top for Volt Typhoon-like findings', () => {
    const observed = canonicalTechniques(catalog, VOLT_TYPHOON_LIKE);
    expect(observed.unknown).toEqual([]);
    const top = index.rank(observed.ids, { limit: 5 });
    expect(top.slice(0, 3).map((m) => m.attack_id)).toContain('G1017');
    const vt = top.find((m) => m.attack_id === 'G1017')!;
    expect(vt.actor_name).toBe('Volt Typhoon');
    expect(vt.score).toBeGreaterThan(0);
    expect(vt.score).toBeLessThanOrEqual(1);
    expect(vt.observed.map((t) => t.id)).toEqual(expect.arrayContaining(['T1003.003', 'T1090.001', 'T1654']));
    // Missing techniques are the actor's unobserved ones, most distinctive (highest idf) first.
    const idfs = vt.missing.map((t) => t.idf);
    expect(idfs).toEqual([...idfs].sort((a, b) => b - a));
    for (const t of vt.missing) expect(observed.ids.has(t.id)).toBe(false);
  });

  it('is deterministic and weights rare techniques above ubiquitous ones', () => {
    const ids = canonicalTechniques(catalog, VOLT_TYPHOON_LIKE).ids;
    expect(index.rank(ids)).toEqual(index.rank(new Set([...ids].reverse())));
    // T1059 (Command and Scripting Interpreter) is used by many actors, T1654 (Log Enumeration) by few.
    expect(index.idf('T1654')).toBeGreaterThan(index.idf('T1059'));
    expect(index.idf('T1059')).toBeGreaterThan(0);
  });

  it('gives no actor a high score from one common technique, however short its known list', () => {
    // T1027 (Obfuscated Files or Information) is used by many actors; some are known for little else.
    const small = index.actors.filter((a) => a.techniques.has('T1027') && a.techniques.size <= 2);
    expect(small.length).toBeGreaterThan(0);
    const top = index.rank(canonicalTechniques(catalog, ['T1027']).ids, { limit: 200 });
    for (const m of top) expect(m.score).toBeLessThan(0.25);
    // Coverage is measured against at least the median actor's playbook mass.
    for (const a of small) {
      const m = top.find((x) => x.actor_id === a.actor.id)!;
      expect(m.coverage).toBeCloseTo(index.idf('T1027') / index.minMass, 3);
    }
  });

  it('maps sub-techniques to their parents and revoked techniques to their successors', () => {
    const revoked = catalog
      .techniques()
      .all()
      .find((t) => t.revoked && t.revoked_by);
    const input = ['T1003.003', ...(revoked ? [revoked.id] : [])];
    const o = canonicalTechniques(catalog, input);
    expect(o.ids.has('T1003')).toBe(true);
    if (revoked) expect(o.remapped[revoked.id]).toBe(catalog.techniques().successor(revoked)?.id);
    expect(canonicalTechniques(catalog, ['T9999']).unknown).toEqual(['T9999']);
  });

  it("reports which of an actor's techniques were seen, on which hosts, first and last time", () => {
    const findings = [
      finding('T1003.003', 'DC01', '2024-02-07T10:00:00Z'),
      finding('T1003.003', 'DC02', '2024-02-07T12:00:00Z'),
      finding('T1090.001', 'WS7', '2024-02-07T09:00:00Z'),
    ];
    const actor = catalog.resolveActor('Volt Typhoon');
    expect(actor.kind).toBe('actor');
    if (actor.kind !== 'actor') return;
    const report = actorPlaybookReport(index, actor.actor, summarizeFindings(findings).techniques);
    expect(report.attack_id).toBe('G1017');
    const ntds = report.techniques.find((t) => t.id === 'T1003.003');
    expect(ntds).toMatchObject({
      seen: true,
      findings: 2,
      hosts: ['DC01', 'DC02'],
      first: '2024-02-07T10:00:00Z',
      last: '2024-02-07T12:00:00Z',
    });
    // The parent technique counts as seen through its sub-technique.
    expect(report.techniques.find((t) => t.id === 'T1003')?.seen).toBe(true);
    expect(report.seen).toBe(report.techniques.filter((t) => t.seen).length);
    expect(report.techniques.slice(0, report.seen).every((t) => t.seen)).toBe(true);
    expect(report.rank).not.toBeNull();
  });
});
