import { describe, expect, it } from 'vitest';
import {
  type CorrelationFinding,
  type CorrelationOptions,
  compileRuleSet,
  createPipelineSet,
  type FlatEvent,
  parseRules,
} from './index.js';

const NO_PIPELINES = createPipelineSet([]);

const BASE = `
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource: {product: windows, service: security}
detection:
  selection:
    EventID: [529, 4625]
  condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource: {product: windows, service: security}
detection:
  selection:
    EventID: [528, 4624]
  condition: selection
`;

/** Loads base rules + correlations, then feeds events through matching and correlation. */
function run(correlations: string, events: FlatEvent[], options: CorrelationOptions = {}) {
  const { rules, issues } = parseRules(`${BASE}---\n${correlations}`, { file: 'corr.yml' });
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  const set = compileRuleSet(rules, NO_PIPELINES);
  expect(set.issues).toEqual([]);
  const engine = set.createCorrelationEngine(options);
  const findings: CorrelationFinding[] = [];
  const standalone: string[] = [];
  for (const ev of events)
    for (const r of set.rules) {
      const m = r.match(ev);
      if (!m) continue;
      if (engine.isStandalone(r.id, r.name)) standalone.push(r.name ?? r.id);
      findings.push(...engine.feed({ ruleId: r.id, ruleName: r.name }, ev));
    }
  findings.push(...engine.flush());
  return { findings, standalone, stats: engine.stats() };
}

const t = (min: number, sec = 0) => new Date(Date.UTC(2024, 0, 1, 10, min, sec)).toISOString();
const fail = (min: number, user = 'bob', extra: FlatEvent = {}): FlatEvent => ({
  EventID: 4625,
  TargetUserName: user,
  TimeCreated: t(min),
  ...extra,
});
const ok = (min: number, user = 'bob', extra: FlatEvent = {}): FlatEvent => ({
  EventID: 4624,
  TargetUserName: user,
  TimeCreated: t(min),
  ...extra,
});

const summary = (f: CorrelationFinding) => ({
  id: f.correlationId,
  group: f.group,
  n: f.eventCount,
  value: f.value,
  first: f.firstTime,
  last: f.lastTime,
});

describe('event_count', () => {
  const corr = `title: Many failed logins\nid: 0e95725d-7320-415d-80f7-004da920fc11\nlevel: high\ncorrelation:\n  type: event_count\n  rules: [failed_login]\n  group-by: [TargetUserName]\n  timespan: 10m\n  condition: {gte: 3}\n`;
  it('fires when the count is reached within the timespan, per group', () => {
    const r = run(corr, [fail(0), fail(1, 'eve'), fail(2), fail(3, 'eve'), fail(4)]);
    expect(r.findings.map(summary)).toEqual([
      {
        id: '0e95725d-7320-415d-80f7-004da920fc11',
        group: { TargetUserName: 'bob' },
        n: 3,
        value: 3,
        first: t(0),
        last: t(4),
      },
    ]);
    expect(r.findings[0]?.events).toHaveLength(3);
    expect(r.findings[0]?.level).toBe('high');
  });
  it('does not fire when the events are spread wider than the timespan', () => {
    expect(run(corr, [fail(0), fail(6), fail(12), fail(18)]).findings).toEqual([]);
    expect(run(corr, [fail(0), fail(6), fail(9)]).findings).toHaveLength(1);
  });
  it('generate: false (default) suppresses the base rule’s own findings', () => {
    const r = run(corr, [fail(0), ok(1)]);
    expect(r.standalone).toEqual(['successful_login']);
    const gen = run(`${corr}generate: true\n`, [fail(0)]);
    expect(gen.standalone).toEqual(['failed_login']);
  });
  it('range conditions are judged when the window closes', () => {
    const range = corr.replace('condition: {gte: 3}', 'condition: {gt: 1, lte: 2}');
    const r = run(range, [fail(0), fail(1), fail(30), fail(31), fail(32)]);
    expect(r.findings.map((f) => [f.eventCount, f.firstTime])).toEqual([[2, t(0)]]);
  });
  it('out-of-order events within the tolerance join their window; later ones are counted as late', () => {
    const events = [fail(5), fail(20), fail(4), fail(6)];
    expect(run(corr, events).findings).toEqual([]);
    expect(run(corr, events).stats.lateEvents).toBe(2);
    const tolerant = run(corr, events, { outOfOrderToleranceMs: 30 * 60_000 });
    expect(tolerant.findings.map((f) => [f.eventCount, f.firstTime, f.lastTime])).toEqual([[3, t(4), t(6)]]);
    expect(tolerant.stats.lateEvents).toBe(0);
  });
  it('bounded memory: caps groups and entries and counts what was evicted', () => {
    const many = Array.from({ length: 50 }, (_, i) => fail(0, `user${i}`));
    const r = run(corr, many, { maxGroups: 10 });
    expect(r.stats.evictedGroups).toBe(40);
    const capped = run(
      corr.replace('gte: 3', 'gte: 100'),
      Array.from({ length: 30 }, () => fail(1)),
      { maxEntriesPerGroup: 5 },
    );
    expect(capped.stats.droppedEntries).toBe(25);
    expect(capped.findings).toEqual([]);
  });
});

describe('value_count, value_sum, value_avg, value_percentile', () => {
  it('value_count counts distinct values of a field', () => {
    const corr = `title: Spray\nid: 11111111-1111-4111-8111-111111111111\ncorrelation:\n  type: value_count\n  rules: [failed_login]\n  group-by: [IpAddress]\n  timespan: 5m\n  condition: {field: TargetUserName, gte: 3}\n`;
    const ip = { IpAddress: '10.0.0.9' };
    const r = run(corr, [fail(0, 'a', ip), fail(1, 'a', ip), fail(1, 'b', ip), fail(2, 'c', ip)]);
    expect(r.findings.map(summary)).toEqual([
      {
        id: '11111111-1111-4111-8111-111111111111',
        group: { IpAddress: '10.0.0.9' },
        n: 4,
        value: 3,
        first: t(0),
        last: t(2),
      },
    ]);
  });
  it('value_sum and value_avg over a numeric field', () => {
    const sum = `title: Bytes\nid: 22222222-2222-4222-8222-222222222222\ncorrelation:\n  type: value_sum\n  rules: [successful_login]\n  group-by: [TargetUserName]\n  timespan: 1h\n  condition: {field: Bytes, gt: 1000}\n`;
    const r = run(sum, [ok(0, 'bob', { Bytes: 600 }), ok(10, 'bob', { Bytes: '500' })]);
    expect(r.findings.map((f) => f.value)).toEqual([1100]);
    const avg = sum.replace('value_sum', 'value_avg').replace('gt: 1000', 'gt: 500');
    expect(
      run(avg, [ok(0, 'bob', { Bytes: 600 }), ok(10, 'bob', { Bytes: 500 })]).findings.map((f) => f.value),
    ).toEqual([550]);
    expect(run(avg, [ok(0, 'bob', { Bytes: 100 }), ok(10, 'bob', { Bytes: 500 })]).findings).toEqual([]);
  });
  it('value_percentile reports rare values of a group', () => {
    const corr = `title: Rare user\nid: 33333333-3333-4333-8333-333333333333\ncorrelation:\n  type: value_percentile\n  rules: [successful_login]\n  group-by: [Computer]\n  timespan: 1d\n  condition: {field: TargetUserName, lte: 10}\n`;
    const events = [
      ...Array.from({ length: 19 }, (_, i) => ok(i, 'svc', { Computer: 'dc1' })),
      ok(30, 'mallory', { Computer: 'dc1' }),
    ];
    const r = run(corr, events);
    expect(r.findings.map((f) => [f.group, f.value, f.eventCount])).toEqual([
      [{ Computer: 'dc1', TargetUserName: 'mallory' }, 5, 1],
    ]);
  });
});

describe('temporal and temporal_ordered, aliases, chaining', () => {
  const chain = `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
level: high
correlation:
  type: temporal_ordered
  rules:
    - multiple_failed_login
    - successful_login
  group-by:
    - TargetUserName
  timespan: 10m
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
  type: event_count
  rules:
    - failed_login
  group-by:
    - TargetUserName
  timespan: 10m
  condition:
    gte: 3
`;
  it('chains correlations (the specification example): failed logins followed by a success', () => {
    const r = run(chain, [fail(0), fail(1), fail(2), ok(3)]);
    expect(r.findings.map((f) => f.title)).toEqual([
      'Multiple failed logons',
      'Correlation - Multiple Failed Logins Followed by Successful Login',
    ]);
    expect(r.findings[1]?.group).toEqual({ TargetUserName: 'bob' });
  });
  it('temporal_ordered requires the order; temporal does not', () => {
    expect(run(chain, [ok(0), fail(1), fail(2), fail(3)]).findings.map((f) => f.title)).toEqual([
      'Multiple failed logons',
    ]);
    const unordered = chain.replace('type: temporal_ordered', 'type: temporal');
    expect(run(unordered, [ok(0), fail(1), fail(2), fail(3)]).findings.map((f) => f.title)).toEqual([
      'Multiple failed logons',
      'Correlation - Multiple Failed Logins Followed by Successful Login',
    ]);
    expect(run(unordered, [ok(0), fail(11), fail(12), fail(13)]).findings.map((f) => f.title)).toEqual([
      'Multiple failed logons',
    ]);
  });
  it('aliases map a group-by name to different fields per rule', () => {
    const corr = `title: Same address both ways\nid: 44444444-4444-4444-8444-444444444444\ncorrelation:\n  type: temporal\n  rules: [failed_login, successful_login]\n  group-by: [ip]\n  timespan: 5m\n  aliases:\n    ip:\n      failed_login: IpAddress\n      successful_login: SourceIp\n`;
    const r = run(corr, [
      fail(0, 'x', { IpAddress: '10.1.1.1' }),
      ok(1, 'y', { SourceIp: '10.2.2.2' }),
      ok(2, 'z', { SourceIp: '10.1.1.1' }),
    ]);
    expect(r.findings.map((f) => [f.group, f.ruleIds.length])).toEqual([[{ ip: '10.1.1.1' }, 2]]);
  });
  it('reports references to rules that are not loaded', () => {
    const { rules } = parseRules(
      `${BASE}---\ntitle: c\ncorrelation:\n  type: temporal\n  rules: [nope_rule, failed_login]\n  group-by: [A]\n  timespan: 1m\n`,
      { file: 'x.yml' },
    );
    const set = compileRuleSet(rules, NO_PIPELINES);
    expect(set.issues.map((i) => [i.code, i.message])).toEqual([
      ['sigma.correlation.unknown-rule', 'correlation "c" refers to "nope_rule", which is not loaded'],
    ]);
  });
  it('validates correlation documents against the specification', () => {
    const { issues } = parseRules(
      'title: c\ncorrelation:\n  type: event_cnt\n  rules: [a1]\n  timespan: 5 minutes\n',
      { file: 'bad-corr.yml' },
    );
    expect(issues.map((i) => `${i.location?.line}:${i.location?.col} ${i.code}`)).toEqual([
      '3:9 sigma.correlation.type',
      '5:13 sigma.correlation.timespan',
    ]);
  });
});
