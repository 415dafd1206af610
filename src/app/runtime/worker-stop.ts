/**
 * Stopping worker threads without leaking file descriptors: a worker terminated while Node still loads its
 * ES modules leaves the module files it was reading open (measured: ~20 descriptors per worker stopped early,
 * ~26 per multi-threaded hunt over a small input). Workers set a shared flag once their modules are loaded;
 * this waits for it before terminating.
 */
import type { Worker } from 'node:worker_threads';

/** Longest wait for a worker's modules before it is terminated anyway. */
const LOAD_WAIT_MS = 2000;
const POLL_MS = 5;

/** A flag for a worker's `workerData`: the worker calls `markLoaded` on it at the top of its body. */
export function loadedFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Called by a worker once its modules are loaded. */
export function markLoaded(flag: Int32Array | undefined): void {
  if (flag) Atomics.store(flag, 0, 1);
}

/** Whether a worker has signalled that its modules are loaded. */
export function isLoaded(flag: Int32Array): boolean {
  return Atomics.load(flag, 0) === 1;
}

/** Terminates `worker` once its modules are loaded (or after LOAD_WAIT_MS). */
export async function terminateWhenLoaded(worker: Worker, flag: Int32Array | undefined): Promise<void> {
  for (let waited = 0; flag && !isLoaded(flag) && waited < LOAD_WAIT_MS; waited += POLL_MS)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  await worker.terminate();
}
