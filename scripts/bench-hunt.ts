/**
 * `npm run bench:hunt`: every SigmaHQ Windows rule (../shared/data/sigma/rules/windows) over every sample
 * EVTX in ../shared/data (evtx-attack-samples, hayabusa-sample-evtx) and the OTRF flat NDJSON, through the
 * real hunt (`runHunt`: inputs, EVTX reader, routing, prefilter, correlation feeding). Runs: 1 thread with
 * and without the literal prefilter, 2 threads with the prefilter. Prints events/s (wall clock and per CPU
 * second of the process), rule evaluations, peak RSS, and checks that all runs report the same findings.
 *
 * Then the engine alone (routing, prefilter, evaluation) over the same events held in memory, which is what
 * the hunt adds on top of reading and decoding the logs.
 *
 * Options: `--quick` (evtx-attack-samples only), `--runs a,b` (subset of pf1,nopf1,pf2), `--no-engine`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { evtxRecordReader, loadHuntRuleSet, readLogEvents, runHunt } from '../src/app/hunt/index.js';
import type { Finding } from '../src/core/findings/index.js';
import { HuntEngine } from '../src/core/hunt/index.js';
import type { FlatEvent } from '../src/core/sigma/index.js';
import { requireSharedData } from './lib/shared-data.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const runsArg = args.indexOf('--runs');
const wanted = runsArg >= 0 ? (args[runsArg + 1] ?? '').split(',') : ['pf1', 'nopf1', 'pf2'];
const shared = requireSharedData('bench:hunt');
const rules = join(shared, 'sigma', 'rules', 'windows');
const paths = quick
  ? [join(shared, 'evtx-attack-samples')]
  : [join(shared, 'evtx-attack-samples'), join(shared, 'hayabusa-sample-evtx'), join(shared, 'otrf')];

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
sampler.unref();

interface Run {
  readonly name: string;
  readonly threads: number;
  readonly prefilter: boolean;
}
const RUNS: Run[] = [
  { name: 'pf1', threads: 1, prefilter: true },
  { name: 'nopf1', threads: 1, prefilter: false },
  { name: 'pf2', threads: 2, prefilter: true },
].filter((r) => wanted.includes(r.name));

function fingerprint(f: Finding): string {
  return `${f.kind}|${f.rule_id}|${f.source_file}|${f.record_id}|${f.timestamp}|${f.ioc?.indicator ?? ''}`;
}

process.stdout.write(`bench:hunt — rules ${rules}\n  inputs ${paths.join(', ')}\n`);
const files = paths.flatMap(function walk(p: string): string[] {
  return readdirSync(p, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(p, d.name)) : /\.(evtx|json)$/i.test(d.name) ? [join(p, d.name)] : [],
  );
});
process.stdout.write(`  ${files.length} log files\n\n`);
const results: {
  run: Run;
  events: number;
  wallMs: number;
  cpuMs: number;
  loadMs: number;
  findings: Set<string>;
  evaluations: number;
  prefiltered: number;
  rules: number;
  rss: number;
}[] = [];
for (const run of RUNS) {
  peakRss = process.memoryUsage().rss;
  const findings = new Set<string>();
  const t0 = performance.now();
  let tLoaded = t0;
  let cpuLoaded = process.cpuUsage();
  const r = await runHunt({
    paths,
    rules: [rules],
    threads: run.threads,
    prefilter: run.prefilter,
    onRulesLoaded: () => {
      tLoaded = performance.now();
      cpuLoaded = process.cpuUsage();
    },
    onFinding: (f) => findings.add(fingerprint(f)),
  });
  const wallMs = performance.now() - tLoaded;
  const cpu = process.cpuUsage(cpuLoaded);
  // Worker threads' CPU is included in process.cpuUsage (it is per process).
  const cpuMs = (cpu.user + cpu.system) / 1000;
  results.push({
    run,
    events: r.stats.events,
    wallMs,
    cpuMs,
    loadMs: tLoaded - t0,
    findings,
    evaluations: r.stats.evaluations,
    prefiltered: r.stats.prefiltered,
    rules: r.rules.rules,
    rss: peakRss,
  });
  process.stdout.write(
    `${run.name.padEnd(6)} threads ${run.threads} prefilter ${run.prefilter ? 'on ' : 'off'}  ${r.stats.events} events in ${(wallMs / 1000).toFixed(2)} s wall = ${Math.round((r.stats.events * 1000) / wallMs).toLocaleString('en-US')} ev/s; ` +
      `${Math.round((r.stats.events * 1000) / cpuMs).toLocaleString('en-US')} ev/s per CPU-second; ${r.stats.evaluations.toLocaleString('en-US')} evaluations, ${r.stats.prefiltered.toLocaleString('en-US')} prefiltered; ` +
      `${findings.size} findings; rules ${r.rules.rules} (load ${((tLoaded - t0) / 1000).toFixed(1)} s); peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (main thread + workers share the process)\n`,
  );
}

const base = results[0];
let mismatch = false;
if (base) {
  for (const r of results.slice(1)) {
    const missing = [...base.findings].filter((f) => !r.findings.has(f));
    const extra = [...r.findings].filter((f) => !base.findings.has(f));
    if (missing.length || extra.length) {
      mismatch = true;
      process.stdout.write(
        `\nMISMATCH ${r.run.name} vs ${base.run.name}: ${missing.length} missing, ${extra.length} extra\n`,
      );
      for (const f of [...missing.slice(0, 10), ...extra.slice(0, 10)]) process.stdout.write(`  ${f}\n`);
    }
  }
}
const pf = results.find((r) => r.run.name === 'pf1');
const nopf = results.find((r) => r.run.name === 'nopf1');
const two = results.find((r) => r.run.name === 'pf2');
process.stdout.write('\nSummary\n');
if (pf) {
  process.stdout.write(`  rules: ${pf.rules} SigmaHQ Windows rules; events: ${pf.events}\n`);
  process.stdout.write(
    `  1 thread, prefilter:   ${Math.round((pf.events * 1000) / pf.wallMs).toLocaleString('en-US')} ev/s wall, ${Math.round((pf.events * 1000) / pf.cpuMs).toLocaleString('en-US')} ev/s per CPU-second (target ≥ 50,000 per core)\n`,
  );
}
if (nopf)
  process.stdout.write(
    `  1 thread, no prefilter: ${Math.round((nopf.events * 1000) / nopf.wallMs).toLocaleString('en-US')} ev/s wall, ${Math.round((nopf.events * 1000) / nopf.cpuMs).toLocaleString('en-US')} ev/s per CPU-second\n`,
  );
if (pf && nopf)
  process.stdout.write(
    `  prefilter speed-up: ×${(nopf.wallMs / pf.wallMs).toFixed(2)} wall, evaluations ${nopf.evaluations.toLocaleString('en-US')} → ${pf.evaluations.toLocaleString('en-US')}\n`,
  );
if (two && pf)
  process.stdout.write(
    `  2 threads, prefilter:  ${Math.round((two.events * 1000) / two.wallMs).toLocaleString('en-US')} ev/s wall (×${(pf.wallMs / two.wallMs).toFixed(2)} vs 1 thread)\n`,
  );
process.stdout.write(
  `  peak RSS: ${(Math.max(...results.map((r) => r.rss)) / 2 ** 20).toFixed(0)} MiB (target < 500 MiB)\n`,
);
process.stdout.write(
  '  peers (published, different hardware and rule counts): Hayabusa ~13–17k ev/s multi-core with ~3,600 rules\n',
);
process.stdout.write(`  findings identical across runs: ${mismatch ? 'NO' : 'yes'}\n`);

if (!args.includes('--no-engine')) {
  // Engine alone: events decoded once into memory (the bench's sample set is small enough), then timed.
  const events: FlatEvent[] = [];
  let readCpu = process.cpuUsage();
  const tRead = performance.now();
  for await (const r of readLogEvents(paths, { recursive: true, evtx: evtxRecordReader }))
    if (r.ok) events.push(r.event);
  readCpu = process.cpuUsage(readCpu);
  const readMs = performance.now() - tRead;
  const readCpuMs = (readCpu.user + readCpu.system) / 1000;
  process.stdout.write(
    `\nInputs alone (read + decode + flatten, no rules): ${events.length} events, ${Math.round((events.length * 1000) / readMs).toLocaleString('en-US')} ev/s wall, ${Math.round((events.length * 1000) / readCpuMs).toLocaleString('en-US')} ev/s per CPU-second\n`,
  );
  const loaded = loadHuntRuleSet([rules]);
  for (const prefilter of [true, false]) {
    const engine = new HuntEngine(loaded.set.rules, { prefilter });
    // Warm-up pass (routes, JIT), then the timed passes.
    for (const e of events) engine.process(e, null, () => {});
    const passes = 3;
    let matches = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < passes; k++) for (const e of events) engine.process(e, null, () => matches++);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const cpuMs = (c.user + c.system) / 1000;
    const n = events.length * passes;
    process.stdout.write(
      `Engine alone, prefilter ${prefilter ? 'on ' : 'off'}: ${Math.round((n * 1000) / ms).toLocaleString('en-US')} ev/s wall, ${Math.round((n * 1000) / cpuMs).toLocaleString('en-US')} ev/s per CPU-second (${loaded.set.rules.length} rules, ${matches / passes} matches per pass)\n`,
    );
  }
  process.stdout.write(`  peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB\n`);
}
process.exit(mismatch ? 1 : 0);
