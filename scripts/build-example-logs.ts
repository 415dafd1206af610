/**
 * Builds `examples/volt-typhoon/events.ndjson`: a small, synthetic Windows event log (flat NDJSON) telling a
 * Volt Typhoon-style living-off-the-land intrusion, with benign administrator activity mixed in. The events are
 * the project's own LOTL rule-pack test events (rules/lotl/tests, Apache-2.0): every `match` event of the detection
 * rules, the first `match` scenario of each correlation rule, and every `nomatch` event as background noise.
 * Run: `npm run build && node dist/scripts/build-example-logs.js`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './lib/shared-data.js';

type Event = Record<string, unknown>;
interface Scenario {
  readonly scenario: string;
  readonly events: Event[];
}
interface TestFile {
  readonly match?: (Event | Scenario)[];
  readonly nomatch?: (Event | Scenario)[];
}

const isScenario = (x: Event | Scenario): x is Scenario => Array.isArray((x as Scenario).events);

function main(): void {
  const root = repoRoot();
  const dir = join(root, 'rules', 'lotl', 'tests');
  const seen = new Set<string>();
  const events: Event[] = [];
  const add = (e: Event): void => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return;
    seen.add(key);
    events.push(e);
  };
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yml') || name === 'expected-samples.yml') continue;
    const test = parse(readFileSync(join(dir, name), 'utf8')) as TestFile;
    const match = test.match ?? [];
    if (match.some(isScenario)) {
      const first = match.find(isScenario);
      if (first) first.events.forEach(add);
      continue;
    }
    match.forEach((e) => {
      if (!isScenario(e)) add(e);
    });
    (test.nomatch ?? []).forEach((e) => {
      if (!isScenario(e)) add(e);
    });
  }
  events.sort((a, b) => String(a.TimeCreated).localeCompare(String(b.TimeCreated)));
  const out = join(root, 'examples', 'volt-typhoon', 'events.ndjson');
  writeFileSync(out, `${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
  process.stdout.write(`wrote ${events.length} events to ${out}\n`);
}

main();
