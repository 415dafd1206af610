import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compileRule,
  compileRuleSet,
  createPipelineSet,
  type FlatEvent,
  type ProcessingPipeline,
  parsePipeline,
  parseRules,
  type SigmaRule,
} from './index.js';

// The shipped pipelines (rules/pipelines) are data of this module: read them as text, as the app layer does.
const PIPELINE_DIR = fileURLToPath(new URL('../../../rules/pipelines/', import.meta.url));
const BUILTIN: ProcessingPipeline[] = readdirSync(PIPELINE_DIR)
  .filter((n) => n.endsWith('.yml'))
  .sort()
  .map((n) => {
    const r = parsePipeline(readFileSync(join(PIPELINE_DIR, n), 'utf8'), { file: n });
    expect(r.issues).toEqual([]);
    return r.pipeline!;
  });
const PIPELINES = createPipelineSet(BUILTIN);

function rule(text: string): SigmaRule {
  const { rules, issues } = parseRules(text, { file: 'r.yml' });
  expect(issues).toEqual([]);
  return rules[0] as SigmaRule;
}

const PROC = rule(`title: Whoami
id: 11111111-2222-4333-8444-555555555555
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
    ParentImage|endswith: '\\cmd.exe'
  condition: selection
`);

const sysmon1: FlatEvent = {
  Channel: 'Microsoft-Windows-Sysmon/Operational',
  EventID: 1,
  Image: 'C:\\Windows\\System32\\whoami.exe',
  ParentImage: 'C:\\Windows\\System32\\cmd.exe',
};
const security4688: FlatEvent = {
  Channel: 'Security',
  EventID: 4688,
  Provider_Name: 'Microsoft-Windows-Security-Auditing',
  NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
  ParentProcessName: 'C:\\Windows\\System32\\cmd.exe',
};

describe('built-in processing pipelines', () => {
  it('route process_creation to Sysmon 1 and Security 4688 with the 4688 field mapping', () => {
    const r = compileRule(PROC, PIPELINES);
    expect(r.logsourceMapped).toBe(true);
    expect(r.selectors.map((s) => [s.source, [...(s.channels ?? [])], [...(s.eventIds ?? [])]])).toEqual([
      ['sysmon-process_creation', ['microsoft-windows-sysmon/operational'], [1]],
      ['security-process_creation', ['security'], [4688]],
    ]);
    expect(r.match(sysmon1)?.source).toBe('sysmon-process_creation');
    expect(r.match(security4688)?.source).toBe('security-process_creation');
    expect(r.match(security4688)?.fields).toEqual([
      { selection: 'selection', field: 'NewProcessName', value: 'C:\\Windows\\System32\\whoami.exe' },
      { selection: 'selection', field: 'ParentProcessName', value: 'C:\\Windows\\System32\\cmd.exe' },
    ]);
    // The selector is enforced by match() itself: a Sysmon 3 event with the same fields does not match.
    expect(r.match({ ...sysmon1, EventID: 3 })).toBeNull();
    expect(r.match({ ...sysmon1, Channel: 'Application' })).toBeNull();
  });
  it('registry_add adds the Sysmon EventType condition', () => {
    const r = compileRule(
      rule(
        'title: k\nlogsource: {product: windows, category: registry_add}\ndetection:\n  s:\n    TargetObject|contains: Run\n  condition: s\n',
      ),
      PIPELINES,
    );
    const ev = { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 12, TargetObject: 'HKLM\\Run' };
    expect(r.match({ ...ev, EventType: 'CreateKey' })).not.toBeNull();
    expect(r.match({ ...ev, EventType: 'DeleteKey' })).toBeNull();
  });
  it('services map to channels; product-only Windows rules read every Windows event; others are unmapped', () => {
    const sys = compileRule(
      rule(
        'title: s\nlogsource: {product: windows, service: system}\ndetection:\n  s:\n    EventID: 7045\n  condition: s\n',
      ),
      PIPELINES,
    );
    expect(sys.match({ Channel: 'System', EventID: 7045 })).not.toBeNull();
    expect(sys.match({ Channel: 'Security', EventID: 7045 })).toBeNull();
    const anyWin = compileRule(
      rule('title: w\nlogsource: {product: windows}\ndetection:\n  k: [mimikatz]\n  condition: k\n'),
      PIPELINES,
    );
    expect(anyWin.logsourceMapped).toBe(true);
    expect(anyWin.selectors).toEqual([]);
    const linux = compileRule(
      rule('title: l\nlogsource: {product: linux, service: auditd}\ndetection:\n  k: [x]\n  condition: k\n'),
      PIPELINES,
    );
    expect(linux.logsourceMapped).toBe(false);
  });
  it('PowerShell classic and Defender spaced field names', () => {
    const ps = compileRule(
      rule(
        'title: p\nlogsource: {product: windows, category: ps_classic_start}\ndetection:\n  s:\n    Data|contains: HostName=ConsoleHost\n  condition: s\n',
      ),
      PIPELINES,
    );
    expect(
      ps.match({ Channel: 'Windows PowerShell', EventID: 400, Data: ['x', 'HostName=ConsoleHost'] }),
    ).not.toBeNull();
    const def = compileRule(
      rule(
        'title: d\nlogsource: {product: windows, service: windefend}\ndetection:\n  s:\n    ThreatName|contains: Mimikatz\n  condition: s\n',
      ),
      PIPELINES,
    );
    expect(
      def.match({
        Channel: 'Microsoft-Windows-Windows Defender/Operational',
        'Threat Name': 'HackTool:Win32/Mimikatz',
      }),
    ).not.toBeNull();
  });
  it('a user pipeline merges after the built-ins: same-name entries replace, mappings add', () => {
    const user = parsePipeline(
      [
        'name: site',
        'logsources:',
        '  - name: sysmon-process_creation',
        '    logsource: {product: windows, category: process_creation}',
        '    channel: Sysmon-Forwarded',
        '    event_id: 1',
        'field_mappings:',
        '  ParentImage: [ParentImage, parent_path]',
      ].join('\n'),
      { file: 'site.yml' },
    ).pipeline!;
    const r = compileRule(PROC, createPipelineSet([...BUILTIN, user]));
    expect(r.match(sysmon1)).toBeNull();
    expect(
      r.match({
        ...sysmon1,
        Channel: 'Sysmon-Forwarded',
        ParentImage: undefined as never,
        parent_path: 'x\\cmd.exe',
      }),
    ).not.toBeNull();
  });
  it('value replacements rewrite rule values (per field)', () => {
    const site = parsePipeline(
      "name: site\nvalue_replacements:\n  - {fields: [Image], from: 'C:\\Windows', to: 'D:\\Win'}\n",
      { file: 'site.yml' },
    ).pipeline!;
    const r = compileRule(
      rule(
        "title: r\nlogsource: {product: x}\ndetection:\n  s:\n    Image|startswith: 'C:\\Windows\\'\n    Other: 'C:\\Windows'\n  condition: s\n",
      ),
      createPipelineSet([site]),
    );
    expect(r.match({ Image: 'D:\\Win\\x.exe', Other: 'C:\\Windows' })).not.toBeNull();
    expect(r.match({ Image: 'C:\\Windows\\x.exe', Other: 'C:\\Windows' })).toBeNull();
  });
  it('reports pipeline errors with file:line:col', () => {
    const r = parsePipeline(
      'name: bad\nlogsources:\n  - logsource: windows\n    event_ids: [one]\nfield_mappings:\n  Image: 3\nbogus: 1\n',
      { file: 'bad.yml' },
    );
    expect(r.pipeline).toBeNull();
    expect(r.issues.map((i) => `${i.location?.line}:${i.location?.col} ${i.code}`)).toEqual([
      '7:1 sigma.pipeline.key',
      '6:10 sigma.pipeline.field-mappings',
      '4:5 sigma.pipeline.key',
      '3:5 sigma.pipeline.logsource',
    ]);
  });
});

describe('meta filters', () => {
  const text = `title: Whoami
id: 11111111-2222-4333-8444-555555555555
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
---
title: Other
id: 99999999-2222-4333-8444-555555555555
logsource: {product: windows, category: process_creation}
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
---
title: Filter admin accounts
id: 22222222-2222-4333-8444-555555555555
logsource: {product: windows, category: process_creation}
filter:
  rules:
    - 11111111-2222-4333-8444-555555555555
  selection:
    User|startswith: 'adm_'
  condition: selection
`;
  it('apply to the rules they name, by id, with the rule’s logsource pipeline', () => {
    const { rules, issues } = parseRules(text, { file: 'f.yml' });
    expect(issues).toEqual([]);
    const set = compileRuleSet(rules, PIPELINES);
    const [whoami, other] = set.rules;
    expect(whoami?.filters).toEqual(['22222222-2222-4333-8444-555555555555']);
    expect(other?.filters).toEqual([]);
    expect(whoami?.match({ ...sysmon1, User: 'adm_bob' })).toBeNull();
    expect(whoami?.match({ ...sysmon1, User: 'bob' })).not.toBeNull();
    expect(other?.match({ ...sysmon1, User: 'adm_bob' })).not.toBeNull();
    // 4688: the filter's User maps to SubjectUserName like the rule's fields.
    expect(whoami?.match({ ...security4688, SubjectUserName: 'adm_x' })).toBeNull();
  });
  it('do not apply across logsources, and unknown rule references are reported', () => {
    const other = text
      .replace('filter:\n  rules:', 'filter:\n  rules:\n    - no-such-rule')
      .replace(
        'title: Filter admin accounts\nid: 22222222-2222-4333-8444-555555555555\nlogsource: {product: windows, category: process_creation}',
        'title: Filter admin accounts\nid: 22222222-2222-4333-8444-555555555555\nlogsource: {product: windows, category: file_event}',
      );
    const set = compileRuleSet(parseRules(other, { file: 'f.yml' }).rules, PIPELINES);
    expect(set.rules[0]?.filters).toEqual([]);
    expect(set.issues.map((i) => i.code)).toEqual(['sigma.filter.unknown-rule']);
  });
  it('are validated (rules, selection and condition required)', () => {
    const { issues } = parseRules(
      'title: f\nlogsource: {product: windows}\nfilter:\n  condition: selection\n',
      { file: 'bad-filter.yml' },
    );
    expect(issues.map((i) => i.code)).toEqual([
      'sigma.filter.rules',
      'sigma.filter.selection',
      'sigma.condition.unknown-identifier',
    ]);
  });
});
