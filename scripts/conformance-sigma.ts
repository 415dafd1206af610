/**
 * `npm run conformance:sigma`: the SigmaHQ regression suite (../shared/data/sigma/regression_data) over the
 * JSON events (and over EVTX once an EVTX event source is plugged in: see `EventSource`). Prints a table,
 * the failures with reasons, and exits 1 when any case fails.
 * Options: `--verbose` prints every case; `--only <substring>` filters cases by info.yml path.
 */

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FlatEvent } from '../src/core/sigma/index.js';
import { runHuntConformance } from './lib/hunt-conformance.js';
import { requireSharedData } from './lib/shared-data.js';
import {
  type ConformanceResult,
  type EventSource,
  jsonEventSource,
  loadSharedRules,
  runConformance,
} from './lib/sigma-conformance.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;

const shared = requireSharedData('conformance:sigma');
const sigmaDir = join(shared, 'sigma');
const t0 = performance.now();
const rules = loadSharedRules(sigmaDir);
const loadMs = performance.now() - t0;

function report(label: string, results: ConformanceResult[]): number {
  const filtered = only ? results.filter((r) => r.case.infoFile.includes(only)) : results;
  const pass = filtered.filter((r) => r.status === 'pass').length;
  const fail = filtered.filter((r) => r.status === 'fail');
  const skip = filtered.filter((r) => r.status === 'skip');
  const cases = new Set(filtered.map((r) => r.case.infoFile)).size;
  const over = filtered.filter((r) => r.status === 'pass' && r.reason);
  const rows = verbose ? filtered : [...fail, ...over];
  if (rows.length) {
    process.stdout.write(`\n${label}: ${verbose ? 'all cases' : 'failures and notes'}\n`);
    process.stdout.write(
      `${'status'.padEnd(6)}  ${'match'.padStart(5)}  ${'exp'.padStart(4)}  ${'events'.padStart(6)}  case\n`,
    );
    for (const r of rows) {
      const name = relative(join(sigmaDir, 'regression_data'), r.case.infoFile).replace(/\/info\.yml$/, '');
      process.stdout.write(
        `${r.status.padEnd(6)}  ${String(r.matches).padStart(5)}  ${r.expected.padStart(4)}  ${String(r.events).padStart(6)}  ${name}${r.reason ? `\n        ${r.reason}` : ''}\n`,
      );
    }
  }
  process.stdout.write(`\n${label}\n`);
  process.stdout.write(`  cases (info.yml)     ${cases}\n`);
  process.stdout.write(`  tests passed         ${pass}\n`);
  process.stdout.write(`  tests failed         ${fail.length}\n`);
  process.stdout.write(`  more matches than match_count (pass, upstream warns) ${over.length}\n`);
  process.stdout.write(
    `  cases without a test ${skip.length}${skip.length ? ` (${skip.map((s) => s.reason).join('; ')})` : ''}\n`,
  );
  process.stdout.write(
    `  passing / runnable   ${pass}/${pass + fail.length}; passing / all cases ${pass}/${cases}\n`,
  );
  return fail.length;
}

const t1 = performance.now();
const jsonResults = runConformance(sigmaDir, jsonEventSource, rules);
const runMs = performance.now() - t1;
process.stdout.write(`conformance:sigma — ${rules.size} SigmaHQ rules compiled in ${loadMs.toFixed(0)} ms\n`);
const failures = report(`JSON events (evtx_dump JSON), ${runMs.toFixed(0)} ms`, jsonResults);

/**
 * The EVTX half, through the project's EVTX reader (src/core/evtx) when it is built: loaded dynamically
 * and checked structurally so this script keeps working while that module evolves.
 */
interface EvtxModule {
  readEvtx(
    bytes: Uint8Array,
    opts: { render: (rec: never) => FlatEvent },
  ): Iterable<{ ok: boolean; value?: FlatEvent }>;
  recordToFlat(rec: never): FlatEvent;
}
async function evtxEventSource(): Promise<EventSource | string> {
  try {
    const m = (await import('../src/core/evtx/index.js')) as unknown as Partial<EvtxModule>;
    if (typeof m.readEvtx !== 'function' || typeof m.recordToFlat !== 'function')
      return 'src/core/evtx does not export readEvtx/recordToFlat';
    const { readEvtx, recordToFlat } = m as EvtxModule;
    return function* (test, dir) {
      const bytes = new Uint8Array(readFileSync(join(dir, test.path)));
      for (const r of readEvtx(bytes, { render: recordToFlat })) if (r.ok && r.value) yield r.value;
    };
  } catch (e) {
    return `EVTX reader not available (${e instanceof Error ? e.message : String(e)})`;
  }
}
let evtxFailures = 0;
const evtx = await evtxEventSource();
if (typeof evtx === 'string') process.stdout.write(`\nEVTX events: not run — ${evtx}\n`);
else {
  const t2 = performance.now();
  const evtxResults = runConformance(sigmaDir, evtx, rules);
  evtxFailures = report(
    `EVTX events (src/core/evtx reader), ${(performance.now() - t2).toFixed(0)} ms`,
    evtxResults,
  );
}
// The EVTX files once more through the whole hunt path (src/app/evtx reader via the log inputs, HuntEngine
// routing and literal prefilter): scripts/lib/hunt-conformance.ts.
const t3 = performance.now();
const huntResults = await runHuntConformance(sigmaDir, rules);
const huntFailures = report(
  `EVTX events through the hunt engine (src/app/evtx + routing + prefilter), ${(performance.now() - t3).toFixed(0)} ms`,
  huntResults,
);
process.exit(failures + evtxFailures + huntFailures > 0 ? 1 : 0);
