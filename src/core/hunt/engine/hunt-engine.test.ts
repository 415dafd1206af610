import { describe, expect, it } from 'vitest';
import { builtinPipelines } from '../../../app/sigma/index.js';
import type { Finding } from '../../findings/index.js';
import { compileRuleSet, createPipelineSet, type FlatEvent, parseRules } from '../../sigma/index.js';
import { compileIocMatcher, parseIocFile } from '../ioc/index.js';
import { CorrelationFeeder } from './correlation-feeder.js';
import { type CorrelationInput, HuntEngine } from './hunt-engine.js';

const pipelines = createPipelineSet(builtinPipelines());

function ruleSet(yaml: string) {
  const { rules, issues } = parseRules(yaml, { file: 'test.yml' });
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  const set = compileRuleSet(rules, pipelines);
  expect(set.failed).toEqual([]);
  return set;
}

const sysmon1 = (over: Record<string, string | number>): FlatEvent => ({
  EventID: 1,
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  Provider_Name: 'Microsoft-Windows-Sysmon',
  Computer: 'DC01.corp.example',
  TimeCreated: '2024-02-07T10:00:00.000Z',
  EventRecordID: 1,
  Image: 'C:\\Windows\\System32\\cmd.exe',
  CommandLine: 'cmd.exe /c whoami',
  ...over,
});

const RULES = `
title: Ntdsutil IFM
id: 11111111-1111-4111-8111-111111111111
name: ntds
tags: [attack.credential-access, attack.t1003.003]
level: high
logsource: { category: process_creation, product: windows }
detection:
  sel:
    Image|endswith: '\\ntdsutil.exe'
    CommandLine|contains: 'ifm'
  condition: sel
---
title: Vssadmin Shadow Create
id: 22222222-2222-4222-8222-222222222222
name: vss
tags: [attack.t1003.003]
level: medium
logsource: { category: process_creation, product: windows }
detection:
  sel:
    CommandLine|contains|all: [vssadmin, 'create shadow']
  condition: sel
---
title: Any Security 1102
id: 33333333-3333-4333-8333-333333333333
level: high
logsource: { product: windows, service: security }
detection:
  sel:
    EventID: 1102
  condition: sel
---
title: Keyword Mimikatz
id: 44444444-4444-4444-8444-444444444444
level: critical
logsource: { product: windows }
detection:
  keywords: [mimikatz]
  condition: keywords
`;

function hunt(engine: HuntEngine, events: readonly FlatEvent[]): Finding[] {
  const out: Finding[] = [];
  for (const e of events) engine.process(e, 'test.evtx', (f) => out.push(f));
  return out;
}

const EVENTS: FlatEvent[] = [
  sysmon1({
    Image: 'C:\\Windows\\System32\\ntdsutil.exe',
    CommandLine: 'ntdsutil "ac i ntds" ifm "create full c:\\x" q q',
    EventRecordID: 2,
  }),
  sysmon1({ CommandLine: 'vssadmin create shadow /for=C:', EventRecordID: 3 }),
  sysmon1({ CommandLine: 'vssadmin list shadows', EventRecordID: 4 }),
  {
    EventID: 1102,
    Channel: 'Security',
    Provider_Name: 'Microsoft-Windows-Eventlog',
    Computer: 'DC01',
    TimeCreated: '2024-02-07T10:05:00Z',
    EventRecordID: 9,
  },
  {
    EventID: 4688,
    Channel: 'Security',
    Computer: 'WS1',
    TimeCreated: '2024-02-07T10:06:00Z',
    EventRecordID: 10,
    NewProcessName: 'C:\\Windows\\System32\\ntdsutil.exe',
    CommandLine: 'ntdsutil ifm',
  },
  sysmon1({ CommandLine: 'C:\\tools\\MIMIKATZ.exe sekurlsa::logonpasswords', EventRecordID: 5 }),
];

describe('HuntEngine', () => {
  const set = ruleSet(RULES);

  it('reports each matching rule once per event with identity, level, techniques and matched fields', () => {
    const findings = hunt(new HuntEngine(set.rules), EVENTS);
    expect(findings.map((f) => [f.rule_title, f.record_id, f.level, f.computer])).toEqual([
      ['Ntdsutil IFM', 2, 'high', 'DC01.corp.example'],
      ['Vssadmin Shadow Create', 3, 'medium', 'DC01.corp.example'],
      ['Any Security 1102', 9, 'high', 'DC01'],
      ['Ntdsutil IFM', 10, 'high', 'WS1'],
      ['Keyword Mimikatz', 5, 'critical', 'DC01.corp.example'],
    ]);
    const ntds = findings[0]!;
    expect(ntds.techniques).toEqual(['T1003.003']);
    expect(ntds.source_file).toBe('test.evtx');
    expect(ntds.matched.selections).toEqual(['sel']);
    expect(ntds.matched.fields.map((f) => f.field).sort()).toEqual(['CommandLine', 'Image']);
  });

  it('gives the same findings with and without the prefilter, evaluating fewer rules with it', () => {
    const on = new HuntEngine(set.rules);
    const off = new HuntEngine(set.rules, { prefilter: false });
    const key = (f: Finding) => `${f.rule_id}/${f.record_id}`;
    expect(hunt(on, EVENTS).map(key)).toEqual(hunt(off, EVENTS).map(key));
    expect(on.stats.evaluations).toBeLessThan(off.stats.evaluations);
    expect(on.stats.prefiltered).toBeGreaterThan(0);
    expect(off.stats.prefiltered).toBe(0);
  });

  it('routes by channel and EventID: a Security 1102 event never meets the process rules', () => {
    const engine = new HuntEngine(set.rules, { prefilter: false });
    hunt(engine, [EVENTS[3]!]);
    // Only the Security rule and the logsource-wide keyword rule can read it.
    expect(engine.stats.evaluations).toBe(2);
  });

  it('treats rules without literals, or with an empty needle, as always candidates of the prefilter', () => {
    const rule = set.rules.find((r) => r.title === 'Any Security 1102')!;
    const withEmpty = { ...rule, id: 'empty-needle', literals: [''] };
    const engine = new HuntEngine([withEmpty]);
    expect(hunt(engine, [EVENTS[3]!]).map((f) => f.rule_id)).toEqual(['empty-needle']);
  });

  it('applies --min-level to findings', () => {
    const findings = hunt(new HuntEngine(set.rules, { minLevel: 'high' }), EVENTS);
    expect(findings.every((f) => f.level === 'high' || f.level === 'critical')).toBe(true);
    expect(findings).toHaveLength(4);
  });

  it('finishes a catastrophic-backtracking regular expression over a long value (linear-time engine)', () => {
    const evil = ruleSet(`
title: Evil Regex
id: 55555555-5555-4555-8555-555555555555
logsource: { category: process_creation, product: windows }
detection:
  sel:
    CommandLine|re: '^(a+)+$'
  condition: sel
`);
    const engine = new HuntEngine(evil.rules);
    const long = `${'a'.repeat(50_000)}!`;
    const findings = hunt(engine, [sysmon1({ CommandLine: long }), sysmon1({ CommandLine: 'aaaa' })]);
    expect(findings.map((f) => f.record_id)).toEqual([1]);
    expect(findings[0]!.matched.fields[0]!.value).toBe('aaaa');
  });

  it('sweeps IOCs in the same pass, as findings of kind ioc', () => {
    const iocs = parseIocFile('10.0.0.0/8\nevil.example\nmimikatz.exe\n', { file: 'iocs.txt' });
    const engine = new HuntEngine([], { ioc: compileIocMatcher(iocs.entries) });
    const findings = hunt(engine, [
      {
        EventID: 3,
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        DestinationIp: '10.1.2.3',
        Computer: 'A',
      },
      {
        EventID: 22,
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        QueryName: 'cdn.evil.example',
        Computer: 'A',
      },
      sysmon1({ Image: 'C:\\t\\Mimikatz.EXE' }),
    ]);
    expect(findings.map((f) => [f.kind, f.ioc?.type, f.ioc?.indicator, f.ioc?.field])).toEqual([
      ['ioc', 'cidr', '10.0.0.0/8', 'DestinationIp'],
      ['ioc', 'domain', 'evil.example', 'QueryName'],
      ['ioc', 'filename', 'mimikatz.exe', 'Image'],
    ]);
    expect(findings[0]!.source_file).toBe('test.evtx');
  });

  it('disables a rule that throws and reports it, without stopping the hunt', () => {
    const broken = {
      ...set.rules[0]!,
      match: () => {
        throw new Error('boom');
      },
    };
    const engine = new HuntEngine([broken, ...set.rules.slice(1)], { prefilter: false });
    const findings = hunt(engine, EVENTS);
    expect(engine.stats.ruleErrors).toBe(1);
    expect(engine.failures[0]).toMatchObject({ ruleId: set.rules[0]!.id, message: 'boom' });
    expect(findings.some((f) => f.rule_title === 'Vssadmin Shadow Create')).toBe(true);
  });
});

describe('correlation feeding', () => {
  const set = ruleSet(`${RULES}
---
title: Shadow Copy Then Ntdsutil On One Host
id: 66666666-6666-4666-8666-666666666666
level: critical
correlation:
  type: temporal_ordered
  rules: [vss, ntds]
  group-by: [Computer]
  timespan: 1h
`);

  function run(events: readonly FlatEvent[]): Finding[] {
    const corr = set.createCorrelationEngine();
    const engine = new HuntEngine(set.rules, { correlations: corr });
    const ruleTags = new Map(
      set.rules.flatMap((r) => [[r.id, r.tags] as const, [r.name ?? r.id, r.tags] as const]),
    );
    const feeder = new CorrelationFeeder(corr, { ruleTags });
    const out: Finding[] = [];
    const inputs: CorrelationInput[] = [];
    for (const e of events)
      engine.process(
        e,
        'f.evtx',
        (f) => out.push(f),
        (i) => inputs.push(i),
      );
    // Delivered out of time order (as worker threads may): the feeder sorts before feeding.
    for (const i of inputs.reverse()) out.push(...feeder.add(i));
    out.push(...feeder.finish());
    return out.filter((f) => f.kind === 'correlation');
  }

  it('fires when both steps happen on one host within the timespan, listing the grouped events', () => {
    const found = run([
      sysmon1({
        CommandLine: 'vssadmin create shadow /for=C:',
        TimeCreated: '2024-02-07T10:00:00Z',
        EventRecordID: 1,
      }),
      sysmon1({
        Image: 'C:\\Windows\\ntdsutil.exe',
        CommandLine: 'ntdsutil ifm',
        TimeCreated: '2024-02-07T10:30:00Z',
        EventRecordID: 2,
      }),
    ]);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f).toMatchObject({
      rule_title: 'Shadow Copy Then Ntdsutil On One Host',
      level: 'critical',
      computer: 'DC01.corp.example',
    });
    expect(f.correlation).toMatchObject({
      type: 'temporal_ordered',
      event_count: 2,
      // The events' own TimeCreated text, as a Sigma finding's timestamp.
      first_time: '2024-02-07T10:00:00Z',
      last_time: '2024-02-07T10:30:00Z',
    });
    expect(f.timestamp).toBe('2024-02-07T10:30:00Z');
    expect(f.events?.map((e) => [e.record_id, e.source_file, e.rule_id])).toEqual([
      [1, 'f.evtx', '22222222-2222-4222-8222-222222222222'], // vss
      [2, 'f.evtx', '11111111-1111-4111-8111-111111111111'], // ntds
    ]);
    // The correlation has no tags of its own: the contributing rules' tags, de-duplicated.
    expect(f.tags).toEqual(['attack.t1003.003', 'attack.credential-access']);
    expect(f.techniques).toEqual(['T1003.003']);
  });

  it('does not fire outside the timespan, in the wrong order, or across hosts', () => {
    expect(
      run([
        sysmon1({ CommandLine: 'vssadmin create shadow', TimeCreated: '2024-02-07T10:00:00Z' }),
        sysmon1({
          Image: 'C:\\ntdsutil.exe',
          CommandLine: 'ntdsutil ifm',
          TimeCreated: '2024-02-07T11:30:00Z',
        }),
      ]),
    ).toEqual([]);
    expect(
      run([
        sysmon1({
          Image: 'C:\\ntdsutil.exe',
          CommandLine: 'ntdsutil ifm',
          TimeCreated: '2024-02-07T10:00:00Z',
        }),
        sysmon1({ CommandLine: 'vssadmin create shadow', TimeCreated: '2024-02-07T10:10:00Z' }),
      ]),
    ).toEqual([]);
    expect(
      run([
        sysmon1({
          CommandLine: 'vssadmin create shadow',
          TimeCreated: '2024-02-07T10:00:00Z',
          Computer: 'A',
        }),
        sysmon1({
          Image: 'C:\\ntdsutil.exe',
          CommandLine: 'ntdsutil ifm',
          TimeCreated: '2024-02-07T10:10:00Z',
          Computer: 'B',
        }),
      ]),
    ).toEqual([]);
  });
});
