/**
 * The hunt use case: expands the input paths, loads rules (and IOCs), then hunts every file — in this thread
 * or across N worker threads, one file per task — streaming findings to the caller as they are produced,
 * feeding correlation rules in time order at the end, and returning per-file counts, engine counters and a
 * findings summary. One unreadable file, record or rule is reported and counted; the hunt goes on.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type Finding,
  type FindingLevel,
  FindingSummarizer,
  type FindingSummary,
} from '../../core/findings/index.js';
import {
  CorrelationFeeder,
  type CorrelationInput,
  compileIocMatcher,
  HuntEngine,
  type HuntEngineStats,
  type IocEntry,
  type LogFormat,
  type RecordSource,
  type RuleFailure,
} from '../../core/hunt/index.js';
import { type Issue, StormwatchError } from '../../core/shared/index.js';
import { createCorrelationEngine, type SigmaCorrelationRule } from '../../core/sigma/index.js';
import { huntFile } from './hunt-file.js';
import { listHuntRuleFiles, loadHuntRuleSet } from './hunt-rules.js';
import { type FileReadSummary, listLogFiles } from './inputs/index.js';
import type { MainToWorker, SerializedError, WorkerInit, WorkerToMain } from './worker-protocol.js';

export interface HuntProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
  readonly records: number;
  readonly findings: number;
  readonly elapsedMs: number;
}

export interface HuntOptions {
  readonly paths: readonly string[];
  /** Rule files/folders replacing the shipped `rules/`. */
  readonly rules?: readonly string[];
  readonly pipelines?: readonly string[];
  readonly minLevel?: FindingLevel;
  /** Indicators to sweep for (see `loadIocFiles`). */
  readonly iocs?: readonly IocEntry[];
  /**
   * Worker threads across files (default 1 = this thread). `'auto'`: up to the machine's cores, but one per
   * `BYTES_PER_HUNT_THREAD` of input at most — a worker costs about a second of CPU to start (rule compile,
   * warm-up), so a small input is hunted in this thread (`HuntRulesInfo.threads` tells what was used).
   */
  readonly threads?: number | 'auto';
  /** Literal prefilter (default true). */
  readonly prefilter?: boolean;
  /** Descend into sub-folders (default true). */
  readonly recursive?: boolean;
  readonly format?: LogFormat | 'auto';
  /** Each finding as soon as it is produced (correlation findings arrive at the end). */
  readonly onFinding?: (f: Finding) => void;
  readonly onProgress?: (p: HuntProgress) => void;
  readonly onFileEnd?: (s: FileReadSummary) => void;
  /** Each bad record (with its file/offset/line). */
  readonly onRecordError?: (e: StormwatchError, source: RecordSource) => void;
  /** Called once rules are loaded, before any file is read. */
  readonly onRulesLoaded?: (info: HuntRulesInfo) => void;
}

export interface HuntRulesInfo {
  readonly ruleFiles: number;
  readonly rules: number;
  readonly correlations: number;
  readonly failed: number;
  readonly issues: readonly Issue[];
  /** Worker threads actually used (1 when the worker script is unavailable, e.g. running TS sources). */
  readonly threads: number;
}

export interface HuntResult {
  readonly rules: HuntRulesInfo;
  readonly files: readonly FileReadSummary[];
  readonly records: { readonly read: number; readonly bad: number };
  readonly stats: HuntEngineStats;
  readonly ruleFailures: readonly RuleFailure[];
  readonly summary: FindingSummary;
  readonly correlation: { readonly fed: number; readonly earlyBatches: number };
  readonly elapsedMs: number;
}

/** URL of the built worker script, or undefined when only TypeScript sources are present. */
export function huntWorkerScript(): URL | undefined {
  const url = new URL('./hunt-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

function reviveError(e: SerializedError): StormwatchError {
  return new StormwatchError({
    code: e.code,
    kind: e.kind,
    message: e.message,
    ...(e.location ? { location: e.location } : {}),
    ...(e.hint ? { hint: e.hint } : {}),
  });
}

/**
 * Worker heap limits: a small young generation (each worker allocates one short-lived event after another, so a
 * large nursery only inflates RSS); the old generation is left to V8's default.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 384 } as const;

/**
 * Input bytes that justify one more hunting thread. Starting a worker costs ~1–1.5 s of CPU (deserialising the
 * parsed rules, compiling ~2,400 rules, JIT warm-up), about the work of hunting 40–50 MB of typical EVTX; a
 * worker only shortens the hunt when it takes over more than that, so below ~2× the hunt stays in one thread.
 */
export const BYTES_PER_HUNT_THREAD = 128 * 2 ** 20;
/** Assumed expansion of `.gz` inputs when weighing them. */
const GZIP_RATIO = 8;

/** Files read concurrently by one hunting thread (overlapping disk waits with hunting). */
const IO_LANES = 3;

type ReadyMessage = Extract<WorkerToMain, { type: 'ready' }>;

/** Starts a hunt worker and waits until it has compiled the rules (a worker that fails to start rejects). */
function startWorker(script: URL, init: WorkerInit): Promise<{ worker: Worker; ready: ReadyMessage }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: init, resourceLimits: WORKER_LIMITS });
    const onMessage = (m: WorkerToMain) => {
      if (m.type !== 'ready') return;
      worker.off('message', onMessage);
      worker.off('error', onError);
      resolve({ worker, ready: m });
    };
    const onError = (e: Error) => {
      reject(
        new StormwatchError({
          code: 'hunt.worker-start',
          kind: 'internal',
          message: `a hunt worker failed to start: ${e.message}`,
          cause: e,
        }),
      );
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
}

const emptyStats = (): HuntEngineStats => ({
  events: 0,
  evaluations: 0,
  prefiltered: 0,
  matches: 0,
  iocHits: 0,
  ruleErrors: 0,
});

/** Runs a hunt. Throws only for usage problems (no rule at all, a broken --pipeline file). */
export async function runHunt(options: HuntOptions): Promise<HuntResult> {
  const t0 = performance.now();
  const ruleFiles = listHuntRuleFiles(options.rules && options.rules.length > 0 ? options.rules : undefined);
  const pipelineFiles = options.pipelines ?? [];
  const minLevel = options.minLevel ?? 'informational';
  const prefilter = options.prefilter !== false;
  const iocs = options.iocs ?? [];
  const auto = options.threads === 'auto';
  const wantThreads = auto
    ? availableParallelism()
    : Math.max(1, Math.floor((options.threads as number | undefined) ?? 1));

  // Files first (sizes for the ETA); listing errors count as unreadable files.
  const files: { file: string; size: number }[] = [];
  const summaries: FileReadSummary[] = [];
  for await (const entry of listLogFiles(options.paths, { recursive: options.recursive ?? true })) {
    if ('error' in entry) {
      const s: FileReadSummary = {
        file: entry.file,
        format: undefined,
        reason: 'not readable',
        compressed: false,
        good: 0,
        bad: 1,
        error: entry.error,
      };
      summaries.push(s);
      options.onFileEnd?.(s);
      continue;
    }
    let size = 0;
    try {
      size = entry.file === '-' ? 0 : (await stat(entry.file)).size;
    } catch {
      // reported when the file is opened
    }
    files.push({ file: entry.file, size });
  }
  // Standard input can only be read by this thread; with 'auto' small inputs are hunted here too.
  const inputBytes = files.reduce((a, f) => a + (/\.gz$/i.test(f.file) ? f.size * GZIP_RATIO : f.size), 0);
  const usefulThreads = auto
    ? Math.min(wantThreads, Math.max(1, Math.ceil(inputBytes / BYTES_PER_HUNT_THREAD)))
    : wantThreads;
  const script = usefulThreads > 1 && !options.paths.includes('-') ? huntWorkerScript() : undefined;
  const threads = script ? usefulThreads : 1;

  // Rules: compiled here in single-thread mode; with workers each worker compiles and this thread parses only
  // (correlations are fed here).
  let rulesInfo: HuntRulesInfo;
  let correlations: SigmaCorrelationRule[];
  let known: { id: string; name?: string | undefined }[];
  let engine: HuntEngine | undefined;
  let pool: Worker[] = [];
  let extraWorkers = 0;
  let workerInit: WorkerInit | undefined;
  if (threads === 1) {
    const loaded = loadHuntRuleSet(ruleFiles, pipelineFiles);
    const corr = loaded.set.createCorrelationEngine();
    engine = new HuntEngine(loaded.set.rules, {
      prefilter,
      minLevel,
      ioc: iocs.length > 0 ? compileIocMatcher(iocs) : null,
      correlations: corr.referenced.size > 0 ? corr : null,
    });
    correlations = [...loaded.set.correlations];
    known = loaded.set.rules.map((r) => ({ id: r.id, name: r.name }));
    rulesInfo = {
      ruleFiles: loaded.files,
      rules: loaded.set.rules.length,
      correlations: correlations.length,
      failed: loaded.failed.length,
      issues: loaded.issues,
      threads,
    };
  } else {
    // Each worker compiles the rule set; the first one parses the YAML and reports what loaded, the correlation
    // rules and the ids they may reference (so this thread never holds a compiled copy), and hands back the
    // parsed files, serialized, for the next workers (deserializing costs a sixth of parsing again).
    const init: WorkerInit = {
      ruleFiles,
      pipelineFiles,
      prefilter,
      minLevel,
      iocs,
      ...(options.format ? { format: options.format } : {}),
    };
    // Workers start one after another (the next while the previous already hunts): their rule-loading peaks
    // never overlap, which keeps the process's peak memory near one compile plus N compiled sets.
    const started = await startWorker(script!, init);
    pool = [started.worker];
    extraWorkers = Math.min(threads, Math.max(1, files.length)) - 1;
    const first = started.ready;
    workerInit = first.parsed ? { ...init, parsed: first.parsed } : init;
    correlations = [...first.correlations];
    known = [...first.known];
    rulesInfo = {
      ruleFiles: first.ruleFiles,
      rules: first.compiled,
      correlations: correlations.length,
      failed: first.failed,
      issues: first.issues,
      threads,
    };
  }
  if (rulesInfo.rules === 0 && rulesInfo.correlations === 0) {
    await Promise.all(pool.map((w) => w.terminate()));
    throw new StormwatchError({
      code: 'hunt.no-rules',
      kind: 'usage',
      message: `no Sigma rule loaded from ${options.rules?.join(', ') || 'the shipped rules/ folder'}`,
      hint: 'give --rules a Sigma rule file or a folder of rules (see `stormwatch rules lint`)',
    });
  }
  const { engine: corrEngine, issues: corrIssues } = createCorrelationEngine(correlations, known);
  const feeder = new CorrelationFeeder(corrEngine, { minLevel });
  if (threads > 1) rulesInfo = { ...rulesInfo, issues: [...rulesInfo.issues, ...corrIssues] };
  options.onRulesLoaded?.(rulesInfo);

  const summarizer = new FindingSummarizer();
  let records = 0;
  let bad = 0;
  let filesDone = 0;
  let bytesDone = 0;
  const bytesTotal = files.reduce((a, f) => a + f.size, 0);
  const filesTotal = files.length + summaries.length; // summaries so far: paths that could not be listed
  let findings = 0;
  const emit = (f: Finding) => {
    findings++;
    summarizer.add(f);
    options.onFinding?.(f);
  };
  const onCorrelation = (input: CorrelationInput) => {
    for (const f of feeder.add(input)) emit(f);
  };
  const progress = () =>
    options.onProgress?.({
      filesDone,
      filesTotal,
      bytesDone,
      bytesTotal,
      records,
      findings,
      elapsedMs: performance.now() - t0,
    });
  let lastProgress = 0;
  const tick = () => {
    const now = performance.now();
    if (now - lastProgress >= 100) {
      lastProgress = now;
      progress();
    }
  };
  const fileDone = (s: FileReadSummary, size: number) => {
    summaries.push(s);
    filesDone++;
    bytesDone += size;
    options.onFileEnd?.(s);
    progress();
  };
  for (const s of summaries) if (s.error) bad += s.bad;
  filesDone = summaries.length;

  let stats = emptyStats();
  const ruleFailures: RuleFailure[] = [];
  if (engine) {
    const eng = engine;
    // A few files in flight at once: while one waits for the disk, another's records are hunted (one thread,
    // so the engine still sees one event at a time).
    const queue = [...files];
    const lane = async (): Promise<void> => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const s = await huntFile(
          f.file,
          eng,
          {
            finding: emit,
            correlation: onCorrelation,
            recordError: (e, source) => {
              options.onRecordError?.(e, source);
            },
            progress: (n) => {
              records += n;
              tick();
            },
          },
          options.format ? { format: options.format } : {},
        );
        bad += s.bad;
        fileDone(s, f.size);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IO_LANES, Math.max(1, files.length)) }, lane));
    stats = { ...eng.stats };
    ruleFailures.push(...eng.failures);
  } else {
    const perWorker = new Map<Worker, HuntEngineStats>();
    await new Promise<void>((resolve, reject) => {
      const queue = [...files];
      const sizes = new Map(files.map((f) => [f.file, f.size]));
      let live = 0;
      // Each worker has up to IO_LANES files in flight (disk waits overlap with hunting).
      const current = new Map<Worker, Set<string>>();
      const next = (w: Worker, done?: string) => {
        const mine = current.get(w) ?? new Set<string>();
        current.set(w, mine);
        if (done !== undefined) mine.delete(done);
        const f = queue.shift();
        if (!f) {
          if (mine.size === 0) void w.terminate();
          return;
        }
        mine.add(f.file);
        w.postMessage({ type: 'file', file: f.file } satisfies MainToWorker);
      };
      if (files.length === 0) {
        for (const w of pool) void w.terminate();
        resolve();
        return;
      }
      let starting = 0;
      const finishIfDone = () => {
        if (live > 0 || starting > 0) return;
        if (queue.length > 0)
          reject(
            new StormwatchError({
              code: 'hunt.workers-exited',
              kind: 'internal',
              message: `all hunt workers exited with ${queue.length} file(s) left`,
            }),
          );
        else resolve();
      };
      const startMore = (left: number) => {
        const init = workerInit;
        if (left <= 0 || queue.length === 0 || !init) {
          workerInit = undefined; // the parsed rules can go once no worker is left to start
          return;
        }
        if (left === 1) workerInit = undefined; // workerData is cloned when the worker is created
        starting++;
        startWorker(script!, init).then(
          ({ worker }) => {
            starting--;
            if (queue.length === 0) void worker.terminate();
            else attach(worker);
            startMore(left - 1);
            finishIfDone();
          },
          () => {
            // The hunt goes on with the workers it has.
            starting--;
            finishIfDone();
          },
        );
      };
      const attach = (w: Worker) => {
        live++;
        w.on('message', (m: WorkerToMain) => {
          switch (m.type) {
            case 'ready':
              break;
            case 'findings':
              for (const f of m.findings) emit(f);
              break;
            case 'correlation':
              onCorrelation(m.input);
              break;
            case 'record-error':
              options.onRecordError?.(reviveError(m.error), m.source);
              break;
            case 'progress':
              records += m.records;
              tick();
              break;
            case 'file-end': {
              const { error, ...rest } = m.summary;
              const s: FileReadSummary = { ...rest, ...(error ? { error: reviveError(error) } : {}) };
              perWorker.set(w, m.stats);
              ruleFailures.push(...m.failures);
              bad += s.bad;
              fileDone(s, sizes.get(s.file) ?? 0);
              next(w, m.file);
              break;
            }
            case 'crash': {
              const error = new StormwatchError({
                code: 'hunt.worker-crash',
                kind: 'internal',
                message: `hunting ${m.file} failed: ${m.message}`,
                location: { file: m.file },
              });
              bad++;
              fileDone(
                {
                  file: m.file,
                  format: undefined,
                  reason: 'worker failure',
                  compressed: false,
                  good: 0,
                  bad: 1,
                  error,
                },
                sizes.get(m.file) ?? 0,
              );
              next(w, m.file);
              break;
            }
          }
        });
        w.on('error', (e) => {
          // A worker that dies (e.g. out of memory) loses its files in flight only; the others go on.
          const lost = [...(current.get(w) ?? [])];
          current.delete(w);
          for (const file of lost) {
            const error = new StormwatchError({
              code: 'hunt.worker-crash',
              kind: 'internal',
              message: `worker failed on ${file}: ${e.message}`,
              location: { file },
            });
            bad++;
            fileDone(
              {
                file,
                format: undefined,
                reason: 'worker failure',
                compressed: false,
                good: 0,
                bad: 1,
                error,
              },
              0,
            );
          }
        });
        for (let k = 0; k < IO_LANES; k++) next(w);
        w.on('exit', () => {
          live--;
          finishIfDone();
        });
      };
      for (const w of pool) attach(w);
      startMore(extraWorkers);
    });
    for (const s of perWorker.values()) {
      stats.events += s.events;
      stats.evaluations += s.evaluations;
      stats.prefiltered += s.prefiltered;
      stats.matches += s.matches;
      stats.iocHits += s.iocHits;
      stats.ruleErrors += s.ruleErrors;
    }
    stats = { ...stats };
  }
  for (const f of feeder.finish()) emit(f);
  const read = summaries.reduce((a, s) => a + s.good, 0);
  records = read + bad;
  progress();
  return {
    rules: rulesInfo,
    files: summaries,
    records: { read, bad },
    stats,
    ruleFailures,
    summary: summarizer.summary(),
    correlation: { fed: feeder.fed, earlyBatches: feeder.earlyBatches },
    elapsedMs: performance.now() - t0,
  };
}
