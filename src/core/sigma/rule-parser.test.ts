import { describe, expect, it } from 'vitest';
import {
  compileRule,
  createPipelineSet,
  type FlatEvent,
  parseCondition,
  parseRule,
  parseRules,
  type SigmaRule,
  safeParseRule,
  validateRule,
} from './index.js';

const NO_PIPELINES = createPipelineSet([]);

function detection(body: string, condition: string) {
  const text = `title: t\nlogsource: {product: x}\ndetection:\n${body}\n  condition: ${condition}\n`;
  const { rules, issues } = parseRules(text, { file: 'g.yml' });
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  return compileRule(rules[0] as SigmaRule, NO_PIPELINES);
}

const IDS = `  selection_a:\n    A: 1\n  selection_b:\n    B: 1\n  filter_c:\n    C: 1\n  _hidden:\n    D: 1`;
const ev = (a: number, b: number, c: number, d = 0): FlatEvent => ({ A: a, B: b, C: c, D: d });

describe('condition grammar', () => {
  it('and / or / not with precedence or < and < not', () => {
    const r = detection(IDS, 'selection_a or selection_b and not filter_c');
    // = selection_a or (selection_b and (not filter_c))
    expect(r.match(ev(1, 0, 1))).not.toBeNull();
    expect(r.match(ev(0, 1, 0))).not.toBeNull();
    expect(r.match(ev(0, 1, 1))).toBeNull();
  });
  it('parentheses override precedence', () => {
    const r = detection(IDS, '(selection_a or selection_b) and not filter_c');
    expect(r.match(ev(1, 0, 1))).toBeNull();
    expect(r.match(ev(1, 0, 0))).not.toBeNull();
  });
  it('1 of / all of with patterns', () => {
    expect(detection(IDS, '1 of selection_*').match(ev(0, 1, 0))).not.toBeNull();
    expect(detection(IDS, 'all of selection_*').match(ev(0, 1, 0))).toBeNull();
    expect(detection(IDS, 'all of selection_*').match(ev(1, 1, 0))).not.toBeNull();
    expect(detection(IDS, 'all of selection_* and not 1 of filter_*').match(ev(1, 1, 1))).toBeNull();
  });
  it('1 of them / all of them ignore identifiers starting with _', () => {
    expect(detection(IDS, '1 of them').match(ev(0, 0, 0, 1))).toBeNull();
    expect(detection(IDS, '1 of them').match(ev(0, 0, 1))).not.toBeNull();
    expect(detection(IDS, 'all of them').match(ev(1, 1, 1, 0))).not.toBeNull();
    expect(detection(IDS, 'all of them').match(ev(1, 1, 0, 0))).toBeNull();
  });
  it('a list of conditions is OR-linked', () => {
    const text = `title: t\nlogsource: {product: x}\ndetection:\n${IDS}\n  condition:\n    - selection_a\n    - selection_b\n`;
    const { rules, issues } = parseRules(text, { file: 'l.yml' });
    expect(issues.map((i) => i.code)).toEqual(['sigma.condition.list']);
    const r = compileRule(rules[0] as SigmaRule, NO_PIPELINES);
    expect(r.match(ev(0, 1, 0))).not.toBeNull();
  });
  it('parses to the expected AST', () => {
    expect(parseCondition('not a and (b or 1 of c*)')).toMatchInlineSnapshot(`
      {
        "args": [
          {
            "arg": {
              "col": 5,
              "name": "a",
              "type": "id",
            },
            "type": "not",
          },
          {
            "args": [
              {
                "col": 12,
                "name": "b",
                "type": "id",
              },
              {
                "col": 17,
                "pattern": "c*",
                "quantifier": 1,
                "type": "of",
              },
            ],
            "type": "or",
          },
        ],
        "type": "and",
      }
    `);
  });
  it('reports the deprecated aggregation syntax instead of dropping it', () => {
    const text =
      'title: t\nlogsource: {product: x}\ndetection:\n  selection:\n    A: 1\n  condition: selection | count() by B > 5\n';
    const { rules, issues } = parseRules(text, { file: 'agg.yml' });
    expect(rules).toEqual([]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'sigma.condition.deprecated-aggregation',
        location: { file: 'agg.yml', line: 6, col: 24, offset: 89 },
      }),
    ]);
    const near = parseRules(text.replace('| count() by B > 5', 'near selection'), { file: 'near.yml' });
    expect(near.issues[0]?.code).toBe('sigma.condition.deprecated-aggregation');
  });
  it('reports syntax errors and unknown identifiers with positions', () => {
    const text =
      'title: t\nlogsource: {product: x}\ndetection:\n  selection:\n    A: 1\n  condition: selection and (filter\n';
    const { issues } = parseRules(text, { file: 's.yml' });
    expect(issues.map((i) => [i.code, i.location?.line, i.location?.col])).toEqual([
      ['sigma.condition.syntax', 6, 35],
    ]);
    const unknown = parseRules(text.replace('(filter', 'not filter'), { file: 's.yml' });
    expect(unknown.issues.map((i) => [i.code, i.location?.line, i.location?.col])).toEqual([
      ['sigma.condition.unknown-identifier', 6, 32],
    ]);
  });
});

describe('documents, collections and validation', () => {
  it('one bad document does not stop the others and every issue has file:line:col', () => {
    const text = [
      'title: good one',
      'logsource: {product: x}',
      'detection: {sel: {A: 1}, condition: sel}',
      '---',
      'title: bad one',
      'id: not-a-uuid',
      'level: severe',
      'tags: [Attack.T1000]',
      'logsource: {product: x}',
      'detection:',
      '  sel:',
      '    A|nosuchmod: 1',
      '  condition: sel',
      '---',
      'title: [broken',
      '---',
      'title: also good',
      'logsource: {product: x}',
      'detection: {sel: {A: 2}, condition: sel}',
    ].join('\n');
    const { rules, issues } = parseRules(text, { file: 'multi.yml' });
    expect(rules.map((r) => r.title)).toEqual(['good one', 'also good']);
    expect(issues.map((i) => `${i.location?.line}:${i.location?.col} ${i.code}`)).toEqual([
      '6:5 sigma.field.format',
      '7:8 sigma.rule.level',
      '8:8 sigma.field.format',
      '12:5 sigma.modifier.unknown',
      '16:1 sigma.yaml.syntax',
    ]);
  });
  it('rule collections: action global, reset and repeat', () => {
    const text = [
      'action: global',
      'title: Collection',
      'logsource: {product: windows}',
      'detection:',
      '  selection:',
      '    EventID: 1',
      '  condition: selection',
      '---',
      'logsource: {service: sysmon}',
      'detection:',
      '  selection:',
      '    Image|endswith: \\a.exe',
      '---',
      'action: repeat',
      'detection:',
      '  selection:',
      '    Image|endswith: \\b.exe',
      '---',
      'action: reset',
      '---',
      'title: Alone',
      'logsource: {product: linux}',
      'detection: {k: [x], condition: k}',
    ].join('\n');
    const { rules, issues } = parseRules(text, { file: 'coll.yml' });
    expect(issues).toEqual([]);
    expect(rules.map((r) => [r.title, (r as SigmaRule).logsource])).toEqual([
      ['Collection', { product: 'windows', service: 'sysmon' }],
      ['Collection', { product: 'windows', service: 'sysmon' }],
      ['Alone', { product: 'linux' }],
    ]);
    const a = compileRule(rules[0] as SigmaRule, NO_PIPELINES);
    const b = compileRule(rules[1] as SigmaRule, NO_PIPELINES);
    expect(a.match({ EventID: 1, Image: 'c:\\a.exe' })).not.toBeNull();
    expect(b.match({ EventID: 1, Image: 'c:\\a.exe' })).toBeNull();
    expect(b.match({ EventID: 1, Image: 'c:\\b.exe' })).not.toBeNull();
  });
  it('parseRule throws, safeParseRule and validateRule return every issue', () => {
    const bad = 'title: x\nstatus: maybe\ndetection:\n  sel: just-a-string\n  condition: sel\n';
    const r = safeParseRule(bad, { file: 'bad.yml' });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.issues.map((i) => i.code)).toEqual([
        'sigma.rule.status',
        'sigma.rule.logsource',
        'sigma.detection.identifier',
      ]);
    expect(() => parseRule(bad, { file: 'bad.yml' })).toThrowError(/unknown status/);
    const regex =
      "title: x\nlogsource: {product: y}\ndetection:\n  sel:\n    A|re: '(?<=x)y'\n  condition: sel\n";
    expect(validateRule(regex, { file: 'r.yml' })).toEqual([]);
    expect(validateRule(regex, { file: 'r.yml', pipelines: NO_PIPELINES }).map((i) => i.code)).toEqual([
      'sigma.regex.unsupported',
    ]);
  });
  it('keeps raw scalar text: 1.0 stays 1.0', () => {
    const r = detection('  sel:\n    Version: 1.0', 'sel');
    expect(r.match({ Version: '1.0' })).not.toBeNull();
    expect(r.match({ Version: 1 })).not.toBeNull();
  });
});

describe('match results', () => {
  it('name the matched selections and the fields that matched', () => {
    const r = detection(
      '  selection:\n    Image|endswith: \\cmd.exe\n    CommandLine|contains: whoami\n  filter:\n    User: SYSTEM',
      'selection and not filter',
    );
    expect(r.match({ Image: 'C:\\cmd.exe', CommandLine: 'cmd /c whoami', User: 'bob' })).toEqual({
      ruleId: 't',
      selections: ['selection'],
      fields: [
        { selection: 'selection', field: 'Image', value: 'C:\\cmd.exe' },
        { selection: 'selection', field: 'CommandLine', value: 'cmd /c whoami' },
      ],
      source: null,
    });
  });
  it('attribute each matched field to its selection, once per selection', () => {
    const r = detection(
      '  sel_a:\n    CommandLine|contains: vssadmin\n  sel_b:\n    CommandLine|contains: create\n    CommandLine|endswith: shadow',
      'sel_a and sel_b',
    );
    expect(r.match({ CommandLine: 'vssadmin create shadow' })?.fields).toEqual([
      { selection: 'sel_a', field: 'CommandLine', value: 'vssadmin create shadow' },
      { selection: 'sel_b', field: 'CommandLine', value: 'vssadmin create shadow' },
    ]);
  });
  it('literals: a conservative needle set, or null', () => {
    expect(
      detection(
        '  selection:\n    Image|endswith: \\Cmd.exe\n    CommandLine|contains: [whoami, "net user"]',
        'selection',
      ).literals,
    ).toEqual(['\\cmd.exe']);
    expect(detection('  selection:\n    EventID: 4688', 'selection').literals).toBeNull();
    expect(detection('  a:\n    X: foo\n  b:\n    Y: 12', 'a or b').literals).toBeNull();
    expect(detection('  a:\n    X: foo\n  b:\n    Y: 12', 'a and not b').literals).toEqual(['foo']);
  });
});

describe('robustness', () => {
  it('never throws on truncated, mangled or binary input', () => {
    const rule =
      "title: t\nid: 11111111-2222-4333-8444-555555555555\nlogsource: {product: windows}\ndetection:\n  sel:\n    A|contains|all: [x, 'y']\n  k: [a, 1]\n  condition: sel and not (k or 1 of s*)\n";
    let s = 12345;
    const rnd = () => {
      s = (s * 1103515245 + 12345) >>> 0;
      return s / 2 ** 32;
    };
    for (let i = 0; i < 2000; i++) {
      const cut = rule.slice(0, Math.floor(rnd() * rule.length));
      const chars = [...rule];
      for (let k = 0; k < 3; k++)
        chars[Math.floor(rnd() * chars.length)] = String.fromCharCode(Math.floor(rnd() * 128));
      for (const text of [cut, chars.join('')]) {
        const r = parseRules(text, { file: 'fuzz.yml' });
        for (const issue of r.issues) expect(issue.location?.file).toBe('fuzz.yml');
        for (const rr of r.rules) if (rr.type === 'rule') compileRule(rr, NO_PIPELINES);
      }
    }
    const binary = String.fromCharCode(...Array.from({ length: 4096 }, () => Math.floor(rnd() * 256)));
    expect(() => parseRules(binary, { file: 'bin.yml' })).not.toThrow();
  });
});
