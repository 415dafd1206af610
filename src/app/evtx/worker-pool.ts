/**
 * A small pool of worker threads that read EVTX chunks. The worker script is the built `evtx-worker.js`
 * beside this module; when it does not exist (running TypeScript sources under a test runner) `create`
 * returns undefined and callers read in-thread instead.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isLoaded, loadedFlag, terminateWhenLoaded } from '../runtime/index.js';
import type { ChunkBlock, ChunkColumns, ChunkTask } from './chunk-reply.js';

export interface ChunkReply {
  readonly id: number;
  /** Undefined when there are none. */
  readonly items: ChunkColumns | undefined;
  readonly carved: ChunkColumns | undefined;
  readonly block?: ChunkBlock;
}

interface Job {
  readonly task: ChunkTask;
  readonly resolve: (r: ChunkReply) => void;
  readonly reject: (e: Error) => void;
}

/** URL of the worker script, or undefined when only TypeScript sources are present. */
export function workerScript(): URL | undefined {
  const url = new URL('./evtx-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Tasks posted ahead to each worker, so it never waits for the main thread between two chunks: the calling
 * thread may be busy reading a chunk of its own or parsing a reply for a while (profiles with 4 ahead showed
 * the worker idle 40 % of the time, 20 % with 8).
 */
const PER_WORKER = 8;

/**
 * Given to each worker: it marks `loaded` once its modules are loaded (`markLoaded`) and adds 1 to `done[0]`
 * after posting each reply.
 */
export interface ChunkWorkerData {
  readonly done: Int32Array;
  readonly loaded: Int32Array;
}

export class ChunkWorkerPool {
  private readonly workers: Worker[] = [];
  /** Jobs posted to each worker, in posting order (a worker answers in order). */
  private readonly inflight = new Map<Worker, Job[]>();
  /**
   * Tasks posted to each worker and its shared count of tasks finished. The count is exact at once, whereas a
   * reply is only seen when this thread returns to its event loop — which it rarely does while it reads chunks
   * itself — so feeding workers by their replies would leave them idle.
   */
  private readonly posted = new Map<Worker, number>();
  private readonly done = new Map<Worker, Int32Array>();
  /** Set by each worker once its modules are loaded. */
  private readonly loaded = new Map<Worker, Int32Array>();
  private readonly queue: Job[] = [];
  private closed = false;

  private constructor(
    private readonly url: URL,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
  }

  /** A pool of `size` workers, or undefined when the worker script is unavailable. */
  static create(size: number): ChunkWorkerPool | undefined {
    const url = workerScript();
    return url ? new ChunkWorkerPool(url, size) : undefined;
  }

  private spawn(): Worker {
    // Bounded heaps keep peak RSS flat whatever the file size (a chunk's output is at most a few MB). The
    // young generation's cap sets most of a worker's RSS: JSON lines on 2 threads over 1–2 GiB peaked at
    // 184–203 MB with 16 MB and 165–178 MB with 12 MB (8 MB: 171–178 MB but +15 % CPU).
    const done = new Int32Array(new SharedArrayBuffer(4));
    const loaded = loadedFlag();
    const w = new Worker(this.url, {
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 12 },
      workerData: { done, loaded } satisfies ChunkWorkerData,
    });
    this.inflight.set(w, []);
    this.posted.set(w, 0);
    this.done.set(w, done);
    this.loaded.set(w, loaded);
    w.on('message', (reply: ChunkReply) => {
      this.inflight.get(w)?.shift()?.resolve(reply);
      this.pump();
    });
    w.on('error', (e) => {
      const jobs = this.inflight.get(w) ?? [];
      this.inflight.delete(w);
      this.posted.delete(w);
      this.done.delete(w);
      this.loaded.delete(w);
      const i = this.workers.indexOf(w);
      if (i >= 0) this.workers.splice(i, 1);
      for (const job of jobs) job.reject(e);
      if (!this.closed) {
        this.workers.push(this.spawn());
        this.pump();
      }
    });
    return w;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let best: Worker | undefined;
      let load = PER_WORKER;
      for (const w of this.workers) {
        const n = this.busy(w);
        if (n < load) {
          load = n;
          best = w;
        }
      }
      if (!best) return;
      const job = this.queue.shift()!;
      this.inflight.get(best)!.push(job);
      this.posted.set(best, (this.posted.get(best) ?? 0) + 1);
      best.postMessage(job.task, job.task.chunk ? [job.task.chunk] : []);
    }
  }

  /** Tasks posted to `w` that it has not finished yet. */
  private busy(w: Worker): number {
    const done = this.done.get(w);
    return done ? (this.posted.get(w) ?? 0) - Atomics.load(done, 0) : PER_WORKER;
  }

  /**
   * True when every worker already has its tasks posted ahead (a new task would only wait in the queue) or
   * is still starting: a worker takes tens of milliseconds to load its modules, and with ordered output a
   * chunk handed to it then would hold back every chunk read meanwhile by the calling thread.
   */
  saturated(): boolean {
    if (this.queue.length > 0) return true;
    for (const w of this.workers) {
      const loaded = this.loaded.get(w);
      if (loaded && isLoaded(loaded) && this.busy(w) < PER_WORKER) return false;
    }
    return true;
  }

  /** Reads one chunk in a worker. The task's ArrayBuffer, if any, is transferred. */
  run(task: ChunkTask): Promise<ChunkReply> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => terminateWhenLoaded(w, this.loaded.get(w))));
  }
}
