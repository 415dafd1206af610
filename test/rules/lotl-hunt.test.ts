/**
 * The LOTL pack through the real hunt path (src/app/hunt `runHunt` and the HuntEngine: routing by channel and
 * EventID, the literal prefilter, correlation feeding in time order), as `stormwatch hunt` runs it by default:
 * every rule's match/nomatch test events and correlation scenarios, then the recordings listed in
 * rules/lotl/tests/expected-samples.yml with their exact per-rule counts. The golden test beside this one
 * checks the same expectations against the Sigma engine directly; together they show that routing and the
 * prefilter lose no match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { listHuntRuleFiles, loadHuntRuleSet, runHunt } from '../../src/app/hunt/index.js';
import type { Finding } from '../../src/core/findings/index.js';
import { CorrelationFeeder, HuntEngine } from '../../src/core/hunt/index.js';
import type { FlatEvent } from '../../src/core/sigma/index.js';
import { describeShared, shared } from '../shared-data.js';

const TESTS = fileURLToPath(new URL('../../rules/lotl/tests', import.meta.url));
const ruleFiles = listHuntRuleFiles();
const loaded = loadHuntRuleSet(ruleFiles);

interface Scenario {
  readonly scenario: string;
  readonly events: FlatEvent[];
}
interface TestFile {
  readonly rule: string;
  readonly match: (FlatEvent | Scenario)[];
  readonly nomatch: (FlatEvent | Scenario)[];
}

/** Rule ids of every finding (rule and correlation) the default hunt produces over `events`. */
function huntEvents(events: readonly FlatEvent[]): string[] {
  const corr = loaded.set.createCorrelationEngine();
  const engine = new HuntEngine(loaded.set.rules, { correlations: corr });
  const feeder = new CorrelationFeeder(corr);
  const out: Finding[] = [];
  for (const e of events)
    engine.process(
      e,
      null,
      (f) => out.push(f),
      (i) => out.push(...feeder.add(i)),
    );
  out.push(...feeder.finish());
  return out.map((f) => f.rule_id);
}

describe('rules/lotl through the hunt engine (default rule set)', () => {
  test('the default rule set is the pack: rules/ without pipelines/ and tests/', () => {
    expect(ruleFiles.some((f) => f.includes('/pipelines/') || f.includes('/tests/'))).toBe(false);
    expect(loaded.failed).toEqual([]);
    expect(loaded.set.rules.length).toBeGreaterThanOrEqual(30);
    expect(loaded.set.correlations.length).toBeGreaterThanOrEqual(4);
  });

  const files = readdirSync(TESTS)
    .filter((n) => n.endsWith('.yml') && n !== 'expected-samples.yml')
    .sort();
  test.each(files)('%s', (name) => {
    const t = parse(readFileSync(join(TESTS, name), 'utf8')) as TestFile;
    const wrong: string[] = [];
    const isScenario = (x: FlatEvent | Scenario): x is Scenario => Array.isArray((x as Scenario).events);
    t.match.forEach((m, i) => {
      const ids = huntEvents(isScenario(m) ? m.events : [m]);
      if (!ids.includes(t.rule)) wrong.push(`match[${i}] ${isScenario(m) ? m.scenario : ''} did not fire`);
    });
    t.nomatch.forEach((m, i) => {
      const ids = huntEvents(isScenario(m) ? m.events : [m]);
      if (ids.includes(t.rule)) wrong.push(`nomatch[${i}] ${isScenario(m) ? m.scenario : ''} fired`);
    });
    expect(wrong).toEqual([]);
  });
});

describeShared('rules/lotl over real recordings through runHunt (tests/expected-samples.yml)', () => {
  const expected = parse(readFileSync(join(TESTS, 'expected-samples.yml'), 'utf8')) as {
    samples: { file: string; exclusive: boolean; fires: { rule: string; count: number }[] }[];
  };
  const packIds = new Set(loaded.set.rules.map((r) => r.id));
  test.each(expected.samples.map((s) => [s.file, s] as const))('%s', async (_name, sample) => {
    const counts: Record<string, number> = {};
    const result = await runHunt({
      paths: [shared(sample.file)],
      onFinding: (f) => {
        if (f.kind === 'sigma' && packIds.has(f.rule_id)) counts[f.rule_id] = (counts[f.rule_id] ?? 0) + 1;
      },
    });
    expect(result.records.bad).toBe(0);
    expect(result.records.read).toBeGreaterThan(0);
    const want = Object.fromEntries(sample.fires.map((f) => [f.rule, f.count]));
    if (sample.exclusive) expect(counts).toEqual(want);
    else expect(counts).toMatchObject(want);
  });
});
