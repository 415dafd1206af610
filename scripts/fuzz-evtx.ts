/**
 * `npm run fuzz:evtx [cases] [seed]`: long mutation-fuzzing run of the EVTX reader over the real samples in
 * ../shared/data (default 50,000 cases). Prints throughput, error-code counts, the slowest case and peak heap;
 * exits 1 on any uncaught exception, case slower than 2 s or heap above 1 GiB.
 */
import { readFileSync, statSync } from 'node:fs';
import { readEvtx, recordToFlat, recordToJson, recordToXml } from '../src/core/evtx/index.js';
import { listEvtxFiles } from './lib/evtx-conformance.js';
import { mutate, prng, runFuzz } from './lib/evtx-fuzz.js';
import { requireSharedData } from './lib/shared-data.js';

const cases = Number(process.argv[2] ?? 50_000);
const seed = Number(process.argv[3] ?? Date.now() % 100_000);
const dir = requireSharedData('fuzz:evtx');
const seeds = listEvtxFiles(dir)
  .filter((f) => statSync(f).size <= 300_000)
  .filter((_, i) => i % 7 === 0)
  .map((f) => new Uint8Array(readFileSync(f)));
process.stdout.write(`fuzz:evtx — ${cases} cases over ${seeds.length} seed files, seed ${seed}\n`);

// Error-code census on a sample of cases: 'evtx.record.malformed' would reveal an unchecked read.
const census = new Map<string, number>();
const rand = prng(seed + 1);
for (let i = 0; i < Math.min(2000, cases); i++) {
  const input = mutate(seeds[i % seeds.length]!, rand);
  for (const r of readEvtx(input, {
    recover: true,
    render: (rec) => [recordToJson(rec), recordToXml(rec), recordToFlat(rec)],
  })) {
    if (!r.ok) census.set(r.error.code, (census.get(r.error.code) ?? 0) + 1);
  }
}
process.stdout.write(
  `error codes seen: ${[...census.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}×${v}`)
    .join(', ')}\n`,
);

const report = runFuzz(seeds, cases, seed);
process.stdout.write(
  `${report.cases} cases in ${(report.ms / 1000).toFixed(1)} s (${((report.cases / report.ms) * 1000).toFixed(0)} cases/s): ${report.records} records, ${report.errors} located errors, slowest case ${report.slowestMs.toFixed(1)} ms, peak heap ${report.peakHeapMb.toFixed(0)} MB\n`,
);
for (const f of report.failures.slice(0, 20))
  process.stdout.write(`FAIL seed ${f.seed} case ${f.caseIndex}: ${f.reason}\n`);
process.exit(report.failures.length === 0 && report.peakHeapMb < 1024 ? 0 : 1);
