import { describe, expect, it } from 'vitest';
import {
  compareFindings,
  eventIdentity,
  type Finding,
  parseFindingLevel,
  summarizeFindings,
  techniquesFromTags,
} from './index.js';

function f(over: Partial<Finding>): Finding {
  return {
    kind: 'sigma',
    rule_id: 'r1',
    rule_title: 'Rule 1',
    level: 'high',
    tags: [],
    techniques: [],
    timestamp: '2024-01-01T00:00:00Z',
    computer: 'A',
    channel: 'Security',
    event_id: 4688,
    record_id: 1,
    source_file: 'a.evtx',
    matched: { selections: ['sel'], fields: [] },
    event: null,
    ...over,
  };
}

describe('findings', () => {
  it('takes ATT&CK technique ids from Sigma tags, ignoring tactics, groups and software', () => {
    expect(
      techniquesFromTags([
        'attack.credential-access',
        'attack.t1003.003',
        'attack.T1003.003',
        'attack.g1017',
        'attack.s0002',
        'cve.2021-1',
        'attack.t1047',
      ]),
    ).toEqual(['T1003.003', 'T1047']);
  });

  it('parses levels (info as informational) and reads event identities', () => {
    expect(parseFindingLevel('Info')).toBe('informational');
    expect(parseFindingLevel('CRITICAL')).toBe('critical');
    expect(parseFindingLevel('severe')).toBeUndefined();
    expect(
      eventIdentity(
        {
          TimeCreated: '2024-01-01T00:00:00Z',
          Computer: 'DC01',
          Channel: 'Security',
          EventID: 4624,
          EventRecordID: '42',
        },
        'x.evtx',
      ),
    ).toEqual({
      timestamp: '2024-01-01T00:00:00Z',
      computer: 'DC01',
      channel: 'Security',
      event_id: 4624,
      record_id: 42,
      source_file: 'x.evtx',
    });
  });

  it('orders a timeline by time (untimed last), then host, file, record and rule — whatever the arrival order', () => {
    const list = [
      f({ rule_id: 'b', timestamp: null }),
      f({ rule_id: 'c', timestamp: '2024-01-02T00:00:00Z' }),
      f({ rule_id: 'z', record_id: 2 }),
      f({ rule_id: 'a', record_id: 2 }),
      f({ rule_id: 'x', computer: 'B', record_id: 1 }),
      f({ rule_id: 'y', record_id: 1 }),
    ];
    const order = (xs: Finding[]) => [...xs].sort(compareFindings).map((x) => x.rule_id);
    expect(order(list)).toEqual(['y', 'a', 'z', 'x', 'c', 'b']);
    expect(order([...list].reverse())).toEqual(order(list));
    // Sources differ in fractional digits: order by instant, not by text ('Z' sorts after '.').
    const mixed = [
      f({ rule_id: 'late', timestamp: '2024-01-01T00:00:00.5Z' }),
      f({ rule_id: 'early', timestamp: '2024-01-01T00:00:00Z' }),
    ];
    expect(order(mixed)).toEqual(['early', 'late']);
  });

  it('summarises by level, kind, technique, host and rule, with per-technique hosts and first/last times', () => {
    const s = summarizeFindings([
      f({ techniques: ['T1003.003'], computer: 'DC01', timestamp: '2024-01-01T10:00:00Z' }),
      f({
        techniques: ['T1003.003', 'T1047'],
        computer: 'DC02',
        timestamp: '2024-01-01T09:00:00Z',
        level: 'critical',
        rule_id: 'r2',
        rule_title: 'Rule 2',
      }),
      f({
        kind: 'ioc',
        rule_id: 'ioc:ip',
        rule_title: 'IOC ip 10.0.0.1',
        computer: null,
        level: 'medium',
        timestamp: null,
      }),
    ]);
    expect(s.total).toBe(3);
    expect(s.byLevel).toEqual({ informational: 0, low: 0, medium: 1, high: 1, critical: 1 });
    expect(s.byKind).toEqual({ ioc: 1, sigma: 2 });
    expect(s.byTechnique).toEqual([
      { key: 'T1003.003', count: 2 },
      { key: 'T1047', count: 1 },
    ]);
    expect(s.byHost.map((h) => h.key)).toEqual(['(unknown)', 'DC01', 'DC02']);
    expect(s.techniques[0]).toEqual({
      technique: 'T1003.003',
      findings: 2,
      hosts: ['DC01', 'DC02'],
      first: '2024-01-01T09:00:00Z',
      last: '2024-01-01T10:00:00Z',
      rules: ['r1', 'r2'],
    });
  });

  it('counts IOC hits per indicator in the rule summary, not per indicator type', () => {
    const ioc = (indicator: string) =>
      f({
        kind: 'ioc',
        rule_id: 'ioc:cidr',
        rule_title: `IOC cidr ${indicator}`,
        ioc: { type: 'cidr', indicator, field: 'DestinationIp', value: '10.0.0.1', source: 'iocs.txt:1' },
      });
    const s = summarizeFindings([ioc('10.0.0.0/8'), ioc('192.168.0.0/16'), ioc('10.0.0.0/8'), f({})]);
    expect(s.byRule).toEqual([
      { key: 'ioc:cidr 10.0.0.0/8', title: 'IOC cidr 10.0.0.0/8', level: 'high', count: 2 },
      { key: 'ioc:cidr 192.168.0.0/16', title: 'IOC cidr 192.168.0.0/16', level: 'high', count: 1 },
      { key: 'r1', title: 'Rule 1', level: 'high', count: 1 },
    ]);
  });
});
