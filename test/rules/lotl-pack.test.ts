/**
 * Structure of the project's own LOTL rule pack (rules/lotl): every rule loads, validates against the Sigma v2.1
 * JSON schemas, carries the metadata the pack promises, is tagged with live ATT&CK ids whose tactics it also
 * names, and has a test file whose events are well-formed FlatEvents that mention every field the rule reads.
 * Whether the events actually match is checked by the golden runner once the Sigma engine evaluates them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { describeShared, shared } from '../shared-data.js';

const PACK = fileURLToPath(new URL('../../rules/lotl', import.meta.url));
const ADVISORIES = [
  'https://www.cisa.gov/news-events/cybersecurity-advisories/aa23-144a',
  'https://www.cisa.gov/news-events/cybersecurity-advisories/aa24-038a',
];
const TACTICS = new Set([
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'exfiltration',
  'command-and-control',
  'impact',
]);
/** File-name prefix per logsource, as in SigmaHQ's naming convention. */
const PREFIX: Record<string, string> = {
  process_creation: 'proc_creation_win_',
  file_event: 'file_event_win_',
  registry_set: 'registry_set_win_',
  process_access: 'proc_access_win_',
  ps_script: 'ps_script_win_',
  security: 'win_security_',
  system: 'win_system_',
  application: 'win_application_',
};

type Doc = Record<string, unknown>;
interface PackRule {
  readonly stem: string;
  readonly doc: Doc;
  readonly correlation: boolean;
}
interface TestFile {
  readonly rule: string;
  readonly match: unknown[];
  readonly nomatch: unknown[];
}

function isObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const rules: PackRule[] = readdirSync(PACK)
  .filter((n) => n.endsWith('.yml'))
  .sort()
  .map((n) => {
    const doc = parse(readFileSync(join(PACK, n), 'utf8')) as Doc;
    return { stem: basename(n, '.yml'), doc, correlation: 'correlation' in doc };
  });
const detectionRules = rules.filter((r) => !r.correlation);
const correlationRules = rules.filter((r) => r.correlation);
const testFile = (stem: string): TestFile =>
  parse(readFileSync(join(PACK, 'tests', `${stem}.yml`), 'utf8')) as TestFile;

/** Field names a detection reads (keys of selections, before the first `|`). */
function detectionFields(detection: Doc): Set<string> {
  const fields = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) for (const k of Object.keys(v)) fields.add(k.split('|')[0]!);
  };
  for (const [name, v] of Object.entries(detection)) if (name !== 'condition') visit(v);
  return fields;
}

/** Security 4688 carries the process under other names; the processing pipeline renames them. */
function withPipelineNames(event: Doc): Doc {
  if (event.EventID !== 4688) return event;
  return { ...event, Image: event.NewProcessName, ParentImage: event.ParentProcessName };
}

function isFlatValue(v: unknown): boolean {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return true;
  return Array.isArray(v) && v.every(isFlatValue);
}

function expectFlatEvent(e: unknown, where: string): asserts e is Doc {
  expect(isObject(e), `${where}: not an object`).toBe(true);
  const ev = e as Doc;
  expect(typeof ev.EventID, `${where}: EventID`).toBe('number');
  expect(typeof ev.Channel, `${where}: Channel`).toBe('string');
  expect(typeof ev.Computer, `${where}: Computer`).toBe('string');
  expect(ev.TimeCreated, `${where}: TimeCreated`).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  for (const [k, v] of Object.entries(ev))
    expect(isFlatValue(v), `${where}: ${k} is not a FlatValue`).toBe(true);
}

describe('rules/lotl pack structure', () => {
  test('has detection and correlation rules', () => {
    expect(detectionRules.length).toBeGreaterThanOrEqual(30);
    expect(correlationRules.length).toBeGreaterThanOrEqual(4);
  });

  test('ids are unique UUIDs, names unique, files named after their logsource', () => {
    const ids = rules.map((r) => r.doc.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const names = detectionRules.map((r) => r.doc.name);
    expect(names.every((n) => typeof n === 'string' && n.startsWith('lotl_'))).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    for (const r of detectionRules) {
      const ls = r.doc.logsource as Doc;
      const key = String(ls.category ?? ls.service);
      expect(r.stem.startsWith(PREFIX[key] ?? '?'), `${r.stem} for ${key}`).toBe(true);
      expect(ls.product).toBe('windows');
    }
    for (const r of correlationRules) expect(r.stem.startsWith('correlation_lotl_')).toBe(true);
  });

  test.each(rules.map((r) => [r.stem, r] as const))('%s: metadata', (_stem, r) => {
    const d = r.doc;
    for (const key of ['title', 'id', 'status', 'description', 'author', 'date', 'level', 'falsepositives']) {
      expect(d[key], key).toBeDefined();
    }
    expect(d.author).toBe('stormwatch');
    expect(d.date).toMatch(/^\d{4}-\d\d-\d\d$/);
    const refs = d.references as string[];
    expect(
      refs.some((u) => ADVISORIES.includes(u)),
      'cites AA23-144A or AA24-038A',
    ).toBe(true);
    for (const u of refs)
      expect(u).toMatch(/^https:\/\/www\.cisa\.gov\/news-events\/cybersecurity-advisories\/aa\d\d-\d{3}a$/);
    if (r.correlation) {
      expect(d.generate, 'referenced rules keep their own findings').toBe(true);
      return;
    }
    expect(d.license).toBe('Apache-2.0');
    const tags = d.tags as string[];
    expect(tags).toContain('attack.g1017');
    expect(
      tags.some((t) => /^attack\.t\d{4}(\.\d{3})?$/.test(t)),
      'has a technique',
    ).toBe(true);
    for (const t of tags) {
      const name = t.slice('attack.'.length);
      expect(/^(t\d{4}(\.\d{3})?|g\d{4}|s\d{4})$/.test(name) || TACTICS.has(name), `tag ${t}`).toBe(true);
    }
  });

  test.each(rules.map((r) => [r.stem, r] as const))('%s: test events', (stem, r) => {
    const path = join(PACK, 'tests', `${stem}.yml`);
    expect(existsSync(path), `${path} exists`).toBe(true);
    const t = testFile(stem);
    expect(t.rule).toBe(r.doc.id);
    expect(t.match.length).toBeGreaterThanOrEqual(1);
    expect(t.nomatch.length).toBeGreaterThanOrEqual(1);
    if (r.correlation) {
      for (const [kind, list] of [
        ['match', t.match],
        ['nomatch', t.nomatch],
      ] as const) {
        for (const [i, s] of list.entries()) {
          expect(isObject(s) && typeof s.scenario === 'string', `${kind}[${i}].scenario`).toBe(true);
          const events = (s as Doc).events as unknown[];
          expect(events.length).toBeGreaterThanOrEqual(1);
          for (const [j, e] of events.entries()) expectFlatEvent(e, `${kind}[${i}].events[${j}]`);
        }
      }
      return;
    }
    for (const [i, e] of t.match.entries()) expectFlatEvent(e, `match[${i}]`);
    for (const [i, e] of t.nomatch.entries()) expectFlatEvent(e, `nomatch[${i}]`);
    // every field the rule reads is present in some match event (catches misspelt field names)
    const seen = new Set(t.match.flatMap((e) => Object.keys(withPipelineNames(e as Doc))));
    for (const field of detectionFields(r.doc.detection as Doc)) {
      expect(seen.has(field), `${stem}: no match event has field ${field}`).toBe(true);
    }
  });

  test('no orphan test files', () => {
    const stems = new Set(rules.map((r) => r.stem));
    const orphans = readdirSync(join(PACK, 'tests'))
      .filter((n) => n.endsWith('.yml') && n !== 'expected-samples.yml')
      .filter((n) => !stems.has(basename(n, '.yml')));
    expect(orphans).toEqual([]);
  });

  test('correlations reference pack rules and group by a field their events carry', () => {
    const byName = new Map(detectionRules.map((r) => [r.doc.name as string, r]));
    for (const c of correlationRules) {
      const corr = c.doc.correlation as Doc;
      for (const name of corr.rules as string[]) {
        const target = byName.get(name);
        expect(target, `${c.stem} → ${name}`).toBeDefined();
        const events = testFile(target!.stem).match as Doc[];
        for (const g of corr['group-by'] as string[])
          expect(
            events.every((e) => g in e),
            `${name} events carry ${g}`,
          ).toBe(true);
      }
    }
  });
});

describeShared('rules/lotl against the Sigma schemas and ATT&CK', () => {
  const schemaDir = shared('sigma', 'sigma-specification', 'json-schema');
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validateRule = ajv.compile(
    JSON.parse(readFileSync(join(schemaDir, 'sigma-detection-rule-schema.json'), 'utf8')),
  );
  const validateCorrelation = ajv.compile(
    JSON.parse(readFileSync(join(schemaDir, 'sigma-correlation-rules-schema.json'), 'utf8')),
  );

  test.each(rules.map((r) => [r.stem, r] as const))(
    '%s validates against the v2.1 JSON schema',
    (_stem, r) => {
      const validate = r.correlation ? validateCorrelation : validateRule;
      const ok = validate(r.doc);
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
      expect(ok).toBe(true);
    },
  );

  test('every ATT&CK tag is a live technique/group/software, and each technique has one of its tactics tagged', () => {
    const bundle = JSON.parse(readFileSync(shared('attack', 'enterprise-attack.json'), 'utf8')) as {
      objects: Doc[];
    };
    const live = new Map<string, Set<string>>();
    for (const o of bundle.objects) {
      if (o.revoked === true || o.x_mitre_deprecated === true) continue;
      if (!['attack-pattern', 'intrusion-set', 'malware', 'tool'].includes(String(o.type))) continue;
      const ref = (o.external_references as Doc[] | undefined)?.find((x) => x.source_name === 'mitre-attack');
      if (!ref) continue;
      const phases = ((o.kill_chain_phases as Doc[] | undefined) ?? []).map((p) => String(p.phase_name));
      live.set(String(ref.external_id).toLowerCase(), new Set(phases));
    }
    const problems: string[] = [];
    for (const r of detectionRules) {
      const tags = (r.doc.tags as string[]).map((t) => t.slice('attack.'.length));
      const tactics = new Set(tags.filter((t) => TACTICS.has(t)));
      for (const t of tags.filter((x) => /^[tgs]\d{4}/.test(x))) {
        const phases = live.get(t);
        if (!phases) problems.push(`${r.stem}: attack.${t} is not a live ATT&CK object`);
        else if (t.startsWith('t') && ![...phases].some((p) => tactics.has(p))) {
          problems.push(`${r.stem}: attack.${t} needs one of its tactics (${[...phases].join(', ')})`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('expected-samples.yml names pack rules and existing sample files', () => {
    const expected = parse(readFileSync(join(PACK, 'tests', 'expected-samples.yml'), 'utf8')) as {
      samples: { file: string; fires: { rule: string; count: number }[] }[];
    };
    const ids = new Set(rules.map((r) => r.doc.id));
    expect(expected.samples.length).toBeGreaterThanOrEqual(5);
    for (const s of expected.samples) {
      expect(existsSync(shared(s.file)), s.file).toBe(true);
      for (const f of s.fires) {
        expect(ids.has(f.rule), `${s.file}: ${f.rule}`).toBe(true);
        expect(f.count).toBeGreaterThanOrEqual(0);
      }
    }
  });
});
