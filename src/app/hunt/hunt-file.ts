/**
 * Hunts one log file: reads it through the log inputs (EVTX through the EVTX reader), streams every record
 * through the engine, and reports findings, correlation inputs, bad records and progress as they happen.
 * Used both in worker threads and in the main thread.
 */

import type { Finding } from '../../core/findings/index.js';
import type { CorrelationInput, HuntEngine, LogFormat, RecordSource } from '../../core/hunt/index.js';
import type { StormwatchError } from '../../core/shared/index.js';
import { type FileReadSummary, readLogFileBatches } from './inputs/index.js';

export interface FileHuntSink {
  finding(f: Finding): void;
  correlation(input: CorrelationInput): void;
  recordError(error: StormwatchError, source: RecordSource): void;
  /** Called every `progressEvery` records with the records read since the last call. */
  progress(records: number): void;
}

export interface FileHuntOptions {
  readonly format?: LogFormat | 'auto';
  readonly maxRecordBytes?: number;
  readonly progressEvery?: number;
  /**
   * Give the event loop a turn after this many milliseconds of hunting. Reading and hunting only wait on
   * promises that are already settled, so without it a thread never handles messages (a helper worker's
   * request for files, its findings) or timers until it has run out of files.
   */
  readonly yieldMs?: number;
  /** Awaited at each of those turns: the consumer of findings holds the hunt until it can take more. */
  readonly ready?: () => Promise<void>;
}

/**
 * What hunting threads pass as `yieldMs`: the main thread then hands files to workers and takes in their
 * findings while it hunts, and a worker receives its next file without first finishing the ones it holds.
 */
export const YIELD_MS = 10;

/** One turn of the event loop (messages, timers, I/O callbacks run meanwhile). */
const eventLoopTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Reads and hunts one file; never throws for bad input (it is reported through the sink and the summary). */
export async function huntFile(
  file: string,
  engine: HuntEngine,
  sink: FileHuntSink,
  options: FileHuntOptions = {},
): Promise<FileReadSummary> {
  let summary: FileReadSummary | undefined;
  const every = options.progressEvery ?? 2000;
  let pending = 0;
  const onFinding = (f: Finding) => sink.finding(f);
  const onCorrelation = (i: CorrelationInput) => sink.correlation(i);
  const yieldMs = options.yieldMs;
  let yieldAt = yieldMs === undefined ? Number.POSITIVE_INFINITY : performance.now() + yieldMs;
  // The file was listed (and sized) by the caller: read it without looking it up again.
  for await (const batch of readLogFileBatches(file, {
    ...(options.format ? { format: options.format } : {}),
    ...(options.maxRecordBytes !== undefined ? { maxRecordBytes: options.maxRecordBytes } : {}),
    onFileEnd: (s) => {
      summary = s;
    },
  })) {
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i]!;
      if (r.ok) engine.process(r.event, r.source.file, onFinding, onCorrelation);
      else sink.recordError(r.error, r.source);
      if (++pending >= every) {
        sink.progress(pending);
        pending = 0;
      }
    }
    if (yieldMs !== undefined && performance.now() >= yieldAt) {
      await eventLoopTurn();
      if (options.ready) await options.ready();
      yieldAt = performance.now() + yieldMs;
    }
  }
  if (pending > 0) sink.progress(pending);
  return summary ?? { file, format: undefined, reason: 'not read', compressed: false, good: 0, bad: 0 };
}
