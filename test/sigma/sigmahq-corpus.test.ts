/**
 * The Sigma engine against the real SigmaHQ corpus in ../shared/data/sigma: every rule loads, the loader
 * agrees with the specification's JSON schemas, and the regression suite passes over the JSON events.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { beforeAll, expect, it } from 'vitest';
import {
  jsonEventSource,
  listConformanceCases,
  loadSharedRules,
  runConformance,
} from '../../scripts/lib/sigma-conformance.js';
import { loadPipelineSet, loadRuleFiles } from '../../src/app/sigma/index.js';
import { compileRuleSet, parseRules } from '../../src/core/sigma/index.js';
import { describeShared, shared } from '../shared-data.js';

describeShared('SigmaHQ corpus (../shared/data/sigma)', () => {
  const sigmaDir = shared('sigma');
  const ruleDirs = () =>
    readdirSync(sigmaDir)
      .filter((n) => n.startsWith('rules'))
      .map((n) => join(sigmaDir, n));
  let loaded: ReturnType<typeof loadRuleFiles>;
  let compiled: ReturnType<typeof loadSharedRules>;
  beforeAll(() => {
    loaded = loadRuleFiles(ruleDirs());
    compiled = loadSharedRules(sigmaDir);
  });

  it('every rule file loads; every rule compiles or needs only placeholder values', () => {
    const errors = loaded.files.flatMap((f) => f.issues.filter((i) => i.severity === 'error'));
    expect(errors).toEqual([]);
    expect(loaded.files.length).toBeGreaterThan(3000);
    expect(loaded.rules.length).toBe(loaded.files.length);
    const set = compileRuleSet(loaded.rules, loadPipelineSet());
    const hardFailures = set.failed.filter((f) =>
      f.issues.some((i) => i.code !== 'sigma.placeholder.unresolved'),
    );
    expect(hardFailures.map((f) => [f.rule.location.file, f.issues.map((i) => i.message)])).toEqual([]);
    // Only rules that use `expand` wait for placeholder values.
    for (const f of set.failed) expect(JSON.stringify(f.rule.source)).toContain('|expand');
  });

  it('agrees with the Sigma JSON schemas: every document the loader accepts passes the schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const addFormats = addFormatsModule as unknown as (a: Ajv2020) => void;
    addFormats(ajv);
    const schema = (n: string) =>
      ajv.compile(JSON.parse(readFileSync(join(sigmaDir, 'sigma-specification', 'json-schema', n), 'utf8')));
    const validators = {
      rule: schema('sigma-detection-rule-schema.json'),
      correlation: schema('sigma-correlation-rules-schema.json'),
      filter: schema('sigma-filters-schema.json'),
    };
    const disagreements: string[] = [];
    for (const r of loaded.rules) {
      const v = validators[r.type];
      if (!v(r.source)) disagreements.push(`${r.location.file}: ${ajv.errorsText(v.errors)}`);
    }
    expect(disagreements).toEqual([]);
    expect(loaded.rules.length).toBeGreaterThan(3000);
    // The specification's own schema examples (rules, filters, every correlation type) load and validate.
    const specDir = join(sigmaDir, 'sigma-specification', 'tests', 'schema');
    const types: string[] = [];
    for (const sub of readdirSync(specDir).sort())
      for (const f of readdirSync(join(specDir, sub)).sort()) {
        const r = parseRules(readFileSync(join(specDir, sub, f), 'utf8'), { file: f });
        expect(r.issues).toEqual([]);
        for (const rule of r.rules) {
          expect(validators[rule.type](rule.source)).toBe(true);
          types.push(rule.type === 'correlation' ? rule.correlation.type : rule.type);
        }
      }
    expect(types.sort()).toEqual([
      'event_count',
      'event_count',
      'filter',
      'filter',
      'rule',
      'rule',
      'temporal',
      'temporal_ordered',
      'value_avg',
      'value_count',
      'value_percentile',
      'value_sum',
    ]);
  });

  it('rejects what the schema rejects (sample of invalid variants of real rules)', () => {
    const ajv = new Ajv2020({ strict: false });
    (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
    const v = ajv.compile(
      JSON.parse(
        readFileSync(
          join(sigmaDir, 'sigma-specification', 'json-schema', 'sigma-detection-rule-schema.json'),
          'utf8',
        ),
      ),
    );
    const mutations: [string, (t: string) => string][] = [
      ['bad level', (t) => t.replace(/^level: .*$/m, 'level: urgent')],
      ['bad status', (t) => t.replace(/^status: .*$/m, 'status: beta')],
      ['bad date', (t) => t.replace(/^date: .*$/m, 'date: 2024/01/02')],
      ['bad id', (t) => t.replace(/^id: .*$/m, 'id: 1234')],
      ['no title', (t) => t.replace(/^title: .*$/m, '')],
      ['bad tag', (t) => t.replace(/^tags:\n/m, 'tags:\n    - Bad Tag\n')],
    ];
    const sample = loaded.files.filter((f) => f.rules.length === 1).slice(0, 40);
    let checked = 0;
    for (const f of sample) {
      const text = readFileSync(f.file, 'utf8');
      for (const [name, mutate] of mutations) {
        const m = mutate(text);
        if (m === text) continue;
        const ours = parseRules(m, { file: f.file });
        const plain = ours.rules[0]?.source;
        const schemaOk = plain ? v(plain) : false;
        const oursOk = ours.issues.every((i) => i.severity !== 'error') && ours.rules.length === 1;
        expect([name, f.file, oursOk]).toEqual([name, f.file, schemaOk && oursOk]);
        expect(oursOk).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('prefilter literals never reject an event a rule matches (every rule × every regression event)', () => {
    const rules = [...compiled.values()];
    const events = listConformanceCases(sigmaDir).flatMap((c) =>
      c.tests.filter((t) => t.type === 'evtx').flatMap((t) => [...jsonEventSource(t, sigmaDir)]),
    );
    let matches = 0;
    const violations: string[] = [];
    for (const ev of events) {
      // The prefilter contract: lowercased strings and booleans (numbers may be skipped).
      const hay = Object.values(ev)
        .flat(2)
        .filter((v) => typeof v === 'string' || typeof v === 'boolean')
        .map((v) => String(v).toLowerCase())
        .join('\u0000');
      for (const r of rules) {
        if (!r.match(ev)) continue;
        matches++;
        if (r.literals && !r.literals.some((l) => hay.includes(l)))
          violations.push(`${r.title}: ${r.literals.join(' | ')}`);
      }
    }
    expect(violations).toEqual([]);
    expect(matches).toBeGreaterThan(300);
  });

  it('passes the regression suite over the JSON events (match_count is a minimum, as upstream)', () => {
    const results = runConformance(sigmaDir, jsonEventSource, compiled);
    const failures = results.filter((r) => r.status === 'fail').map((r) => `${r.case.infoFile}: ${r.reason}`);
    expect(failures).toEqual([]);
    expect(results.filter((r) => r.status === 'pass').length).toBe(202);
    expect(results.filter((r) => r.status === 'skip').map((r) => r.case.title)).toEqual([
      'Cisco Dot1x Disabled',
    ]);
  });
});
