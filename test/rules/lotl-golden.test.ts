/**
 * Golden tests for rules/lotl: every rule is compiled with the Sigma engine and the built-in processing
 * pipelines, each `match` event must fire it and each `nomatch` event must not; correlation scenarios must
 * (not) produce a correlation finding. Then the real recordings listed in tests/expected-samples.yml are read
 * through the log inputs and each must fire exactly the listed rules, the listed number of times.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { readLogEvents } from '../../src/app/hunt/index.js';
import { loadPipelineSet, loadRuleFiles } from '../../src/app/sigma/index.js';
import { type CompiledRuleSet, compileRuleSet, type FlatEvent } from '../../src/core/sigma/index.js';
import { describeShared, shared } from '../shared-data.js';

const PACK = fileURLToPath(new URL('../../rules/lotl', import.meta.url));
const ruleFiles = readdirSync(PACK)
  .filter((n) => n.endsWith('.yml'))
  .sort()
  .map((n) => join(PACK, n));
const loaded = loadRuleFiles(ruleFiles);
const set: CompiledRuleSet = compileRuleSet(loaded.rules, loadPipelineSet());

interface Scenario {
  readonly scenario: string;
  readonly events: FlatEvent[];
}
interface TestFile {
  readonly rule: string;
  readonly match: (FlatEvent | Scenario)[];
  readonly nomatch: (FlatEvent | Scenario)[];
}

/** Number of findings the correlation `id` produces over `events` (the whole pack feeds the engine). */
function correlationHits(id: string, events: readonly FlatEvent[]): number {
  const engine = set.createCorrelationEngine();
  let hits = 0;
  for (const event of events) {
    for (const rule of set.rules) {
      if (!rule.match(event)) continue;
      hits += engine
        .feed({ ruleId: rule.id, ruleName: rule.name }, event)
        .filter((f) => f.correlationId === id).length;
    }
  }
  return hits + engine.flush().filter((f) => f.correlationId === id).length;
}

describe('rules/lotl golden tests', () => {
  test('every pack file loads and compiles without issues', () => {
    expect(loaded.files.flatMap((f) => f.issues.map((i) => `${basename(f.file)}: ${i.message}`))).toEqual([]);
    expect(set.failed.map((f) => f.rule.title)).toEqual([]);
    expect(set.issues).toEqual([]);
    expect(set.rules.length + set.correlations.length).toBe(ruleFiles.length);
  });

  for (const file of loaded.files) {
    const stem = basename(file.file, '.yml');
    const rule = file.rules[0]!;
    const t = parse(readFileSync(join(PACK, 'tests', `${stem}.yml`), 'utf8')) as TestFile;
    test(`${stem}: ${t.match.length} match / ${t.nomatch.length} nomatch`, () => {
      const wrong: string[] = [];
      if (rule.type === 'correlation') {
        for (const s of t.match as Scenario[])
          if (correlationHits(t.rule, s.events) === 0) wrong.push(`missed: ${s.scenario}`);
        for (const s of t.nomatch as Scenario[])
          if (correlationHits(t.rule, s.events) > 0) wrong.push(`fired: ${s.scenario}`);
      } else {
        const compiled = set.rules.find((r) => r.id === (rule.id ?? rule.name ?? rule.title));
        expect(compiled, 'compiled').toBeDefined();
        const show = (e: FlatEvent) =>
          String(e.CommandLine ?? e.TargetObject ?? e.TargetFilename ?? e.ScriptBlockText ?? e.EventID);
        for (const [i, e] of (t.match as FlatEvent[]).entries())
          if (!compiled!.match(e)) wrong.push(`match[${i}] missed: ${show(e)}`);
        for (const [i, e] of (t.nomatch as FlatEvent[]).entries())
          if (compiled!.match(e)) wrong.push(`nomatch[${i}] fired: ${show(e)}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

describeShared('rules/lotl on real recordings (tests/expected-samples.yml)', () => {
  const expected = parse(readFileSync(join(PACK, 'tests', 'expected-samples.yml'), 'utf8')) as {
    samples: { file: string; exclusive: boolean; fires: { rule: string; stem: string; count: number }[] }[];
  };
  const stemOf = new Map(loaded.files.map((f) => [f.rules[0]!.id, basename(f.file, '.yml')]));
  test.each(expected.samples.map((s) => [s.file, s] as const))('%s', async (_file, sample) => {
    const counts: Record<string, number> = {};
    let bad = 0;
    for await (const r of readLogEvents(shared(sample.file))) {
      if (!r.ok) {
        bad++;
        continue;
      }
      for (const rule of set.rules)
        if (rule.match(r.event))
          counts[stemOf.get(rule.id) ?? rule.id] = (counts[stemOf.get(rule.id) ?? rule.id] ?? 0) + 1;
    }
    expect(bad).toBe(0);
    const want = Object.fromEntries(sample.fires.map((f) => [f.stem, f.count]));
    if (sample.exclusive) expect(counts).toEqual(want);
    else expect(counts).toMatchObject(want);
  });
});
