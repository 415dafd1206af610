/**
 * Extraction benchmark: throughput (MB/s, documents/s) and peak RSS over the report corpus in ../shared/data/reports
 * (every *.txt, repeated until at least 50 MB have been processed), with precision/recall against the truth files,
 * side by side in the same run with the `ioc-extractor` npm package (devDependency, used only here) on the
 * indicator part. Throughput: all extractors in one process taking turns round by round (so load from other
 * processes falls on all alike); peak RSS, setup time and accuracy: each extractor alone in a child process.
 * Besides wall-clock MB/s, each round's CPU time (process.cpuUsage, user + system) gives MB per CPU-second: the
 * "per core" figure the ≥ 10 MB/s target is judged on, since the machine may be shared and wall time then includes
 * waiting for a core.
 *
 *   npm run bench:extract [-- --mb 50] [--warninglists shared|none|<file>]
 *
 * Add an extractor by adding an entry to MEASURED (a name, a setup that returns the per-document function, and how
 * to turn its output into an IndicatorSet for scoring).
 */

import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractIOC } from 'ioc-extractor';
import { loadCatalog } from '../src/app/catalog/index.js';
import {
  compileExtractionLexicons,
  emptyIndicatorSet,
  extractIndicators,
  extractReport,
  INDICATOR_KINDS,
  type IndicatorKind,
  type IndicatorSet,
} from '../src/core/extract/index.js';
import { readAnnotatedTexts, type TruthFileBase } from './eval/annotated-texts.js';
import { type Counts, type IndicatorTruthFile, prf, scoreIndicators } from './eval/score-indicators.js';
import { defaultWarningListSpec, loadWarningLists } from './eval-indicators.js';
import { requireSharedData } from './lib/shared-data.js';

interface Document {
  readonly file: string;
  readonly text: string;
  readonly bytes: number;
  readonly expected: Partial<Record<string, readonly string[]>>;
  readonly ignore: Partial<Record<string, readonly string[]>> | undefined;
  readonly documentUrl: string | undefined;
}

/** One measured extractor: `setup` runs once (untimed) and returns the per-document function. */
interface Measured {
  readonly name: string;
  readonly kinds: readonly IndicatorKind[];
  setup(args: readonly string[]): (doc: Document) => IndicatorSet;
}

const IOC_KIND_MAP: Partial<Record<IndicatorKind, keyof ReturnType<typeof extractIOC>>> = {
  ipv4: 'ipv4s',
  ipv6: 'ipv6s',
  domain: 'domains',
  url: 'urls',
  email: 'emails',
  md5: 'md5s',
  sha1: 'sha1s',
  sha256: 'sha256s',
  cve: 'cves',
};

const MEASURED: readonly Measured[] = [
  {
    name: 'stormwatch-indicators',
    kinds: INDICATOR_KINDS,
    setup(args) {
      const at = args.indexOf('--warninglists');
      const lists = loadWarningLists(at === -1 ? defaultWarningListSpec() : (args[at + 1] ?? 'shared'));
      return (doc) =>
        extractIndicators(doc.text, {
          ...(lists ? { warningLists: lists } : {}),
          ...(doc.documentUrl ? { documentUrl: doc.documentUrl } : {}),
        });
    },
  },
  {
    // The whole extraction (document, actors, claims, sectors, countries, techniques, indicators); scored on its
    // indicators like the others, timed as a whole.
    name: 'stormwatch-full',
    kinds: INDICATOR_KINDS,
    setup(args) {
      const at = args.indexOf('--warninglists');
      const lists = loadWarningLists(at === -1 ? defaultWarningListSpec() : (args[at + 1] ?? 'shared'));
      const catalog = loadCatalog();
      compileExtractionLexicons(catalog);
      const views = { catalog, ...(lists ? { warningLists: lists } : {}) };
      return (doc) => {
        const r = extractReport(doc.text, views, doc.documentUrl ? { url: doc.documentUrl } : {});
        const out = emptyIndicatorSet();
        for (const kind of INDICATOR_KINDS) {
          for (const i of r.indicators[kind]) {
            out[kind].push({
              value: i.value,
              defanged: i.defanged,
              start: i.start,
              end: i.end,
              context: i.context,
              mentions: [],
              ...(i.benign ? { benign: { list: i.benign } } : {}),
            });
          }
        }
        return out;
      };
    },
  },
  {
    name: 'ioc-extractor',
    kinds: Object.keys(IOC_KIND_MAP) as IndicatorKind[],
    setup() {
      return (doc) => {
        const ioc = extractIOC(doc.text, { refang: true });
        const out = emptyIndicatorSet();
        for (const [kind, key] of Object.entries(IOC_KIND_MAP) as [IndicatorKind, keyof typeof ioc][]) {
          for (const value of ioc[key]) {
            out[kind].push({ value, defanged: false, start: 0, end: 0, context: 'prose', mentions: [] });
          }
        }
        return out;
      };
    },
  },
];

function loadCorpus(): Document[] {
  const dir = join(requireSharedData('bench-extract'), 'reports');
  return readAnnotatedTexts<IndicatorTruthFile & TruthFileBase>(dir).map(
    ({ file, prose, text, truth, documentUrl }) => ({
      file,
      text,
      bytes: Buffer.byteLength(text),
      expected: prose ? (truth.prose_indicators ?? truth.indicators ?? {}) : (truth.indicators ?? {}),
      ignore: truth.indicators_ignore,
      documentUrl,
    }),
  );
}

interface WorkerResult {
  name: string;
  mb: number;
  seconds: number;
  docs: number;
  peakRssMb: number;
  setupMs: number;
  /** Median MB/s over the timed rounds: robust to other processes competing for the cores. */
  medianMbps: number;
  /** CPU seconds (user + system, this process) spent in the timed rounds. */
  cpuSeconds: number;
  /** Median over the timed rounds of MB per CPU-second: "per core" throughput, insensitive to waiting for a core. */
  medianMbpsCpu: number;
  all: Counts;
  shared: Counts;
}

/** CPU seconds (user + system) this process has spent since `start` (a `process.cpuUsage()` reading). */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
}

/** Child-process side: measure one extractor and print its result as JSON. */
function runWorker(name: string, args: readonly string[]): void {
  const measured = MEASURED.find((m) => m.name === name);
  if (measured === undefined) throw new Error(`unknown extractor ${name}`);
  const targetMb = Number(args[args.indexOf('--mb') + 1] ?? 50) || 50;
  const docs = loadCorpus();
  const t0 = performance.now();
  const run = measured.setup(args);
  const setupMs = performance.now() - t0;
  // Accuracy pass (also the warm-up).
  const all: Counts = { tp: 0, fp: 0, fn: 0 };
  const shared: Counts = { tp: 0, fp: 0, fn: 0 };
  const sharedKinds = new Set(MEASURED.map((m) => m.kinds).reduce((a, b) => a.filter((k) => b.includes(k))));
  for (const doc of docs) {
    const score = scoreIndicators(run(doc), doc.expected, doc.ignore);
    for (const k of score.perKind) {
      all.tp += k.tp;
      all.fp += k.fp;
      all.fn += k.fn;
      if (sharedKinds.has(k.kind)) {
        shared.tp += k.tp;
        shared.fp += k.fp;
        shared.fn += k.fn;
      }
    }
  }
  // Warm-up (untimed): let the JIT settle before timing.
  for (let warm = 0; warm < 3e6; ) {
    for (const doc of docs) {
      run(doc);
      warm += doc.bytes;
    }
  }
  // Collect the setup's garbage (parsed catalog JSON) so that no extractor pays for it inside the timed rounds.
  (globalThis as { gc?: () => void }).gc?.();
  // Timed in rounds of a fifth of the target each; throughput is reported as the median round.
  const ROUNDS = Number(args[args.indexOf('--rounds') + 1] ?? 5) || 5;
  let bytes = 0;
  let n = 0;
  let seconds = 0;
  let cpuSeconds = 0;
  const rounds: number[] = [];
  const cpuRounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let roundBytes = 0;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    while (roundBytes < (targetMb * 1e6) / ROUNDS) {
      for (const doc of docs) {
        run(doc);
        roundBytes += doc.bytes;
        n++;
      }
    }
    const cpu = cpuSecondsSince(cpuStart);
    const s = (performance.now() - start) / 1000;
    seconds += s;
    cpuSeconds += cpu;
    bytes += roundBytes;
    rounds.push(roundBytes / 1e6 / s);
    cpuRounds.push(roundBytes / 1e6 / cpu);
  }
  const medianMbps = median(rounds);
  const medianMbpsCpu = median(cpuRounds);
  const result: WorkerResult = {
    name,
    mb: bytes / 1e6,
    seconds,
    docs: n,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    setupMs,
    medianMbps,
    cpuSeconds,
    medianMbpsCpu,
    all,
    shared,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function main(): void {
  const args = process.argv.slice(2);
  const w = args.indexOf('--worker');
  if (w !== -1) {
    runWorker(args[w + 1] ?? '', args);
    return;
  }
  requireSharedData('bench-extract');
  const self = fileURLToPath(import.meta.url);
  const mbAt = args.indexOf('--mb');
  const targetMb = mbAt === -1 ? 50 : Number(args[mbAt + 1]) || 50;
  const rest = args.filter((_, i) => i !== mbAt && i !== mbAt + 1);
  // 1. Each extractor alone in a child process: its setup time, peak RSS and accuracy.
  const alone = new Map<string, WorkerResult>();
  for (const m of MEASURED) {
    process.stderr.write(`${m.name}: setup, peak RSS, accuracy…\n`);
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', self, '--worker', m.name, '--mb', '10', '--rounds', '1', ...rest],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    alone.set(m.name, JSON.parse(out.trim().split('\n').pop() ?? '{}') as WorkerResult);
  }
  // 2. Throughput: all extractors in this process, warmed up, taking turns round by round (the order rotates), so
  // that load from other processes on the machine falls on all of them alike.
  process.stderr.write('throughput: extractors taking turns…\n');
  const docs = loadCorpus();
  const runs = MEASURED.map((m) => ({ name: m.name, run: m.setup(rest) }));
  for (const { run } of runs) {
    for (let warm = 0; warm < 3e6; ) {
      for (const doc of docs) {
        run(doc);
        warm += doc.bytes;
      }
    }
  }
  const ROUNDS = 10;
  const perRound = (targetMb * 1e6) / ROUNDS;
  const rounds = new Map<
    string,
    { mbps: number[]; mbpsCpu: number[]; bytes: number; seconds: number; cpuSeconds: number; docs: number }
  >(runs.map((r) => [r.name, { mbps: [], mbpsCpu: [], bytes: 0, seconds: 0, cpuSeconds: 0, docs: 0 }]));
  const loadBefore = loadavg();
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < runs.length; k++) {
      const { name, run } = runs[(round + k) % runs.length]!;
      let bytes = 0;
      let n = 0;
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      while (bytes < perRound) {
        for (const doc of docs) {
          run(doc);
          bytes += doc.bytes;
          n++;
        }
      }
      const cpuSeconds = cpuSecondsSince(cpuStart);
      const seconds = (performance.now() - start) / 1000;
      const acc = rounds.get(name)!;
      acc.mbps.push(bytes / 1e6 / seconds);
      acc.mbpsCpu.push(bytes / 1e6 / cpuSeconds);
      acc.bytes += bytes;
      acc.seconds += seconds;
      acc.cpuSeconds += cpuSeconds;
      acc.docs += n;
    }
  }
  const loadAfter = loadavg();
  const results: WorkerResult[] = MEASURED.map((m) => {
    const r = rounds.get(m.name)!;
    const w = alone.get(m.name)!;
    return {
      name: m.name,
      mb: r.bytes / 1e6,
      seconds: r.seconds,
      docs: r.docs,
      peakRssMb: w.peakRssMb,
      setupMs: w.setupMs,
      medianMbps: median(r.mbps),
      cpuSeconds: r.cpuSeconds,
      medianMbpsCpu: median(r.mbpsCpu),
      all: w.all,
      shared: w.shared,
    };
  });
  const pairedRatio = (a: string, b: string): number => {
    const ra = rounds.get(a)?.mbps ?? [];
    const rb = rounds.get(b)?.mbps ?? [];
    return median(ra.map((x, i) => x / (rb[i] ?? Number.NaN)));
  };
  const pad = (s: string, n: number) => s.padEnd(n);
  const f = (x: number, d = 1) => x.toFixed(d);
  process.stdout.write(
    `\nextraction over ../shared/data/reports (${results[0]?.docs ?? 0} documents per extractor): stormwatch-indicators and ioc-extractor extract indicators; stormwatch-full is the whole extraction (document, actors, claims, sectors, countries, techniques, indicators), timed as a whole and scored on its indicators\n\n`,
  );
  process.stdout.write(
    `${pad('extractor', 24)}${pad('MB/s*', 9)}${pad('mean', 9)}${pad('MB/cpu-s', 10)}${pad('docs/s', 9)}${pad('peak RSS', 11)}${pad('setup ms', 10)}${pad('P(all)', 8)}${pad('R(all)', 8)}${pad('F1(all)', 9)}${pad('P(shared)', 10)}${pad('R(shared)', 10)}F1(shared)\n`,
  );
  for (const r of results) {
    const a = prf(r.all);
    const s = prf(r.shared);
    process.stdout.write(
      `${pad(r.name, 24)}${pad(f(r.medianMbps), 9)}${pad(f(r.mb / r.seconds), 9)}${pad(f(r.medianMbpsCpu), 10)}${pad(f(r.docs / r.seconds, 0), 9)}${pad(`${f(r.peakRssMb, 0)} MB`, 11)}${pad(f(r.setupMs, 0), 10)}${pad(f(a.precision, 3), 8)}${pad(f(a.recall, 3), 8)}${pad(f(a.f1, 3), 9)}${pad(f(s.precision, 3), 10)}${pad(f(s.recall, 3), 10)}${f(s.f1, 3)}\n`,
    );
  }
  process.stdout.write(
    `\n* median of 10 rounds in one process, extractors taking turns (load from other processes falls on all alike);\n  mean over all rounds next to it; MB/cpu-s: median over the rounds of MB per CPU-second (user + system time of\n  this process: "per core", insensitive to waiting for a core on a busy machine); peak RSS and setup time from\n  each extractor run alone in a child process\nload average (1/5/15 min): ${loadBefore.map((x) => f(x, 2)).join(' ')} before the timed rounds, ${loadAfter.map((x) => f(x, 2)).join(' ')} after\n`,
  );
  const full = results.find((r) => r.name === 'stormwatch-full');
  if (full !== undefined)
    process.stdout.write(
      `\nwhole extraction (stormwatch-full): ${f(full.medianMbps)} MB/s median wall, ${f(full.mb / full.seconds)} MB/s mean wall, ${f(full.medianMbpsCpu)} MB per CPU-second (median; ${f(full.mb / full.cpuSeconds)} overall), ${f(full.docs / full.seconds, 0)} docs/s, peak RSS ${f(full.peakRssMb, 0)} MB — target ≥ 10 MB/s per core: ${full.medianMbpsCpu >= 10 ? 'met' : 'NOT met'}\n`,
    );
  const peer = results.find((r) => r.name === 'ioc-extractor');
  if (peer !== undefined) {
    process.stdout.write('\n');
    for (const ours of results.filter((r) => r !== peer)) {
      const ratio = pairedRatio(ours.name, peer.name);
      process.stdout.write(
        `${ours.name} / ${peer.name}: throughput ${f(ratio, 2)}×${ours.name === 'stormwatch-indicators' ? ' (target ≥ 3×)' : ' (the whole extraction does far more than indicators: no peer target)'}, ${f(ours.medianMbps)} MB/s wall, ${f(ours.medianMbpsCpu)} MB per CPU-second; precision on shared kinds ${f(prf(ours.shared).precision, 3)} vs ${f(prf(peer.shared).precision, 3)}\n`,
      );
    }
  }
}

main();
