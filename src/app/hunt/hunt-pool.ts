/**
 * Hunt worker threads that help the main thread: each receives the main thread's parsed rules (v8-serialized, in
 * a transferred buffer), compiles them, then takes files from the hunt's shared queue (a few in flight, so disk
 * waits overlap with hunting) until it is empty, posting findings, correlation inputs, bad records and per-file
 * summaries back. The main thread hunts from the start, so a worker's start-up (compiling ~2,400 rules) never
 * delays the hunt: a worker only takes the files left when it is ready.
 */
import { Worker } from 'node:worker_threads';
import type { Finding } from '../../core/findings/index.js';
import {
  addHuntStats,
  type CorrelationInput,
  emptyHuntStats,
  type HuntEngineStats,
  type RecordSource,
  type RuleFailure,
} from '../../core/hunt/index.js';
import { StormwatchError } from '../../core/shared/index.js';
import { loadedFlag, terminateWhenLoaded } from '../runtime/index.js';
import type { FileReadSummary } from './inputs/index.js';
import type { MainToWorker, SerializedError, WorkerInit, WorkerToMain } from './worker-protocol.js';

/**
 * Worker heap limits: a modest young generation (each worker allocates one short-lived event after another;
 * a larger nursery saves little CPU but adds to every worker's RSS); the old generation is left to V8's default.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 384 } as const;

/**
 * Files in flight in one hunting thread. Plain files are read synchronously, so this overlaps only what still
 * waits: decompressing `.gz` inputs on the thread pool, standard input.
 */
export const IO_LANES = 3;
/**
 * Files a helper worker holds at once: two, so it has the next file at hand when it finishes one (and a `.gz`
 * file's decompression overlaps with hunting the other), while the main thread, done with the queue, waits for
 * at most two files.
 */
const WORKER_FILES_IN_FLIGHT = 2;

/** Where the pool reports what its workers produce. */
export interface HuntPoolSink {
  finding(f: Finding): void;
  correlation(input: CorrelationInput): void;
  recordError(error: StormwatchError, source: RecordSource): void;
  progress(records: number): void;
  /** A file finished (or failed); `size` is what the queue said about it. */
  fileEnd(summary: FileReadSummary, size: number): void;
  failures(f: readonly RuleFailure[]): void;
}

/** A file to hunt, with its size for progress. */
export interface QueuedFile {
  readonly file: string;
  readonly size: number;
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

const failed = (file: string, error: StormwatchError): FileReadSummary => ({
  file,
  format: undefined,
  reason: 'worker failure',
  compressed: false,
  good: 0,
  bad: 1,
  error,
});

/**
 * Worker threads taking files from a shared queue (`take`) until it is empty. Workers start one after another
 * (their rule compiles do not overlap, which keeps the process's peak memory near one compile plus the compiled
 * sets); each takes files as soon as it is ready.
 */
export class HuntWorkerPool {
  private readonly stats = new Map<Worker, HuntEngineStats>();
  private readonly running = new Set<Promise<void>>();
  private readonly starting = new Set<Worker>();
  /** Per worker: set by the worker once its modules are loaded (see terminateWhenLoaded). */
  private readonly loaded = new Map<Worker, Int32Array>();
  private closed = false;

  constructor(
    private readonly script: URL,
    private readonly init: WorkerInit,
    /** The parsed rule files, v8-serialized; dropped once the last worker has them. */
    private parsed: Uint8Array | undefined,
    private readonly take: () => QueuedFile | undefined,
    private readonly sink: HuntPoolSink,
  ) {}

  /** Starts up to `count` workers, one after another; a worker that cannot start is skipped. */
  start(count: number): void {
    const one = (left: number): void => {
      const parsed = this.parsed;
      if (left <= 0 || this.closed || !parsed) {
        this.parsed = undefined;
        return;
      }
      const loaded = loadedFlag();
      const worker = new Worker(this.script, {
        workerData: { ...this.init, loaded } satisfies WorkerInit,
        resourceLimits: WORKER_LIMITS,
      });
      this.loaded.set(worker, loaded);
      // Transferred, not copied: the last worker takes the buffer itself, the others a copy each.
      const bytes = left === 1 ? parsed : parsed.slice();
      if (left === 1) this.parsed = undefined;
      worker.postMessage({ type: 'rules', parsed: bytes } satisfies MainToWorker, [
        bytes.buffer as ArrayBuffer,
      ]);
      this.starting.add(worker);
      const run = new Promise<void>((exited) => {
        const onReady = (m: WorkerToMain) => {
          if (m.type !== 'ready') return;
          worker.off('message', onReady);
          this.starting.delete(worker);
          this.attach(worker, exited);
          one(left - 1);
        };
        worker.on('message', onReady);
        // Before `ready`: a worker that cannot start (or is stopped by `close`) just ends.
        const gone = () => {
          if (this.starting.delete(worker)) exited();
        };
        worker.once('error', gone);
        worker.once('exit', gone);
      });
      this.running.add(run);
    };
    one(count);
  }

  /**
   * Waits for the workers: those still compiling are stopped (the queue is empty when this is called — the
   * main thread ran out of files), those hunting finish their files in flight.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of [...this.starting]) void terminateWhenLoaded(w, this.loaded.get(w));
    while (this.running.size > 0) {
      const all = [...this.running];
      await Promise.all(all);
      for (const p of all) this.running.delete(p);
    }
  }

  /** The workers' engine counters, summed. */
  totals(): HuntEngineStats {
    const t = emptyHuntStats();
    for (const s of this.stats.values()) addHuntStats(t, s);
    return t;
  }

  private attach(w: Worker, exited: () => void): void {
    const sink = this.sink;
    const mine = new Map<string, number>(); // files in flight → size
    const next = (done?: string): void => {
      if (done !== undefined) mine.delete(done);
      const f = this.closed ? undefined : this.take();
      if (!f) {
        if (mine.size === 0) void w.terminate();
        return;
      }
      mine.set(f.file, f.size);
      w.postMessage({ type: 'file', file: f.file } satisfies MainToWorker);
    };
    w.on('message', (m: WorkerToMain) => {
      switch (m.type) {
        case 'ready':
          break;
        case 'findings':
          for (const f of m.findings) sink.finding(f);
          break;
        case 'correlation':
          sink.correlation(m.input);
          break;
        case 'record-error':
          sink.recordError(reviveError(m.error), m.source);
          break;
        case 'progress':
          sink.progress(m.records);
          break;
        case 'file-end': {
          const { error, ...rest } = m.summary;
          this.stats.set(w, m.stats);
          sink.failures(m.failures);
          sink.fileEnd({ ...rest, ...(error ? { error: reviveError(error) } : {}) }, mine.get(m.file) ?? 0);
          next(m.file);
          break;
        }
        case 'crash': {
          const error = new StormwatchError({
            code: 'hunt.worker-crash',
            kind: 'internal',
            message: `hunting ${m.file} failed: ${m.message}`,
            location: { file: m.file },
          });
          sink.fileEnd(failed(m.file, error), mine.get(m.file) ?? 0);
          next(m.file);
          break;
        }
      }
    });
    w.on('error', (e) => {
      // A worker that dies (e.g. out of memory) loses its files in flight only; the others go on.
      for (const [file, size] of mine) {
        const error = new StormwatchError({
          code: 'hunt.worker-crash',
          kind: 'internal',
          message: `worker failed on ${file}: ${e.message}`,
          location: { file },
        });
        sink.fileEnd(failed(file, error), size);
      }
      mine.clear();
    });
    w.on('exit', exited);
    for (let k = 0; k < WORKER_FILES_IN_FLIGHT; k++) next();
  }
}
