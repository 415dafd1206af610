import { describe, expect, it } from 'vitest';
import { builtinPipelines } from '../../../app/sigma/index.js';
import type { Finding } from '../../findings/index.js';
import { compileRuleSet, createPipelineSet, type FlatEvent, parseRules } from '../../sigma/index.js';
import { HuntEngine } from './hunt-engine.js';

const pipelines = createPipelineSet(builtinPipelines());

function rules(yaml: string) {
  const { rules: parsed } = parseRules(yaml, { file: 'test.yml' });
  const set = compileRuleSet(parsed, pipelines);
  expect(set.failed).toEqual([]);
  return set.rules;
}

function hunt(engine: HuntEngine, events: readonly FlatEvent[]): string[] {
  const out: Finding[] = [];
  for (const e of events) engine.process(e, null, (f) => out.push(f));
  return out.map((f) => `${f.rule_title}/${f.record_id}`);
}

const SECURITY = `
title: Group Member Added
id: 55555555-5555-4555-8555-555555555555
logsource: { product: windows, service: security }
detection:
  sel:
    EventID: [4728, '4732']
  condition: sel
---
title: Not A Logon
id: 66666666-6666-4666-8666-666666666666
logsource: { product: windows, service: security }
detection:
  sel:
    EventID: 4728
  other:
    TargetUserName: admin
  condition: sel or not other
`;

const security = (id: FlatEvent[string], record: number, over: FlatEvent = {}): FlatEvent => ({
  EventID: id,
  Channel: 'Security',
  EventRecordID: record,
  TargetUserName: 'admin',
  ...over,
});

describe('routing by the EventIDs a detection requires', () => {
  const set = rules(SECURITY);

  it('compiles the EventID bound of a detection (none when a branch does not require one)', () => {
    expect([...(set[0]!.eventIds ?? [])].sort()).toEqual([4728, 4732]);
    expect(set[1]!.eventIds).toBeNull();
  });

  it('keeps other Security events away from the rule, and finds every event the rule matches', () => {
    const engine = new HuntEngine([set[0]!], { prefilter: false });
    hunt(engine, [security(4624, 1), security(4625, 2)]);
    expect(engine.stats.evaluations).toBe(0);
    // Integer EventIDs route directly; odd forms the matcher still accepts reach every EventID bucket.
    const events = [
      security(4728, 3),
      security('4732', 4),
      security('4728.0', 5),
      security([4728], 6),
      security(' 4732', 7),
      security(true, 8),
    ];
    const expected = events
      .filter((e) => set[0]!.match(e) !== null)
      .map((e) => `Group Member Added/${e.EventRecordID}`);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(hunt(new HuntEngine([set[0]!]), events)).toEqual(expected);
  });

  it('still evaluates a rule whose condition can hold without the EventID', () => {
    const engine = new HuntEngine(set, { prefilter: false });
    expect(hunt(engine, [security(4624, 9, { TargetUserName: 'bob' })])).toEqual(['Not A Logon/9']);
  });
});

const PROCESS = `
title: Ntdsutil
id: 77777777-7777-4777-8777-777777777777
logsource: { category: process_creation, product: windows }
detection:
  sel:
    Image|endswith: '\\ntdsutil.exe'
  condition: sel
---
title: Keyword Mimikatz
id: 88888888-8888-4888-8888-888888888888
logsource: { product: windows }
detection:
  keywords: [mimikatz]
  condition: keywords
`;

const sysmon1 = (record: number, over: FlatEvent): FlatEvent => ({
  EventID: 1,
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  Provider_Name: 'Microsoft-Windows-Sysmon',
  EventRecordID: record,
  Image: 'C:\\Windows\\System32\\cmd.exe',
  ...over,
});

describe('literal prefilter scoped to the fields rules read', () => {
  const set = rules(PROCESS);

  it('exports the fields a rule reads its literals from (none for keyword rules)', () => {
    // Both variants of process_creation: Sysmon's Image and Security 4688's NewProcessName.
    expect([...(set[0]!.literalFields ?? [])].sort()).toEqual(['Image', 'NewProcessName']);
    expect(set[1]!.literalFields).toBeNull();
  });

  it('skips a rule whose needle is only in a field it does not read, and finds keywords in any field', () => {
    const events = [
      sysmon1(1, { ParentImage: 'C:\\Windows\\System32\\ntdsutil.exe' }),
      sysmon1(2, { Image: 'C:\\Windows\\System32\\NTDSUTIL.EXE' }),
      sysmon1(3, { Description: 'mimikatz for Windows' }),
    ];
    const on = new HuntEngine(set);
    const off = new HuntEngine(set, { prefilter: false });
    // Twice: the second pass answers from the prefilter's cache of scanned strings.
    const found = hunt(on, [...events, ...events]);
    expect(found).toEqual(['Ntdsutil/2', 'Keyword Mimikatz/3', 'Ntdsutil/2', 'Keyword Mimikatz/3']);
    expect(found).toEqual(hunt(off, [...events, ...events]));
    expect(on.stats.evaluations).toBeLessThan(off.stats.evaluations);
  });
});
