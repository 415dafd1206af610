/**
 * Mutation fuzzing of the EVTX reader (used by the unit test and by `npm run fuzz:evtx`): seeded random
 * byte flips, overwritten spans, zeroed spans, truncations, large integers planted in size/offset fields
 * and duplicated chunk headers. Each case is read with recovery on and rendered to JSON, XML and flat
 * events; any exception escaping the reader, a case slower than the time bound or unbounded heap growth
 * is a failure.
 */

import { isDeepStrictEqual } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  readEvtx,
  recordToFlat,
  recordToFlatJson,
  recordToJson,
  recordToJsonLine,
  recordToXml,
} from '../../src/core/evtx/index.js';

/** A full garbage collection (exposed on demand, so heap figures measure live memory only). */
function collectGarbage(): void {
  const g = globalThis as { gc?: () => void };
  if (!g.gc) {
    setFlagsFromString('--expose-gc');
    g.gc = runInNewContext('gc') as () => void;
  }
  g.gc?.();
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLANTS = [0, 0xffffffff, 0x7fffffff, 0x10000, 0xffff, 512, 4096, 65535, 24, 1];

/** One mutated copy of `src`. */
export function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(rand() * n);
  // Most structure lives in the header block and the first chunk: bias positions there.
  const pos = (): number => (rand() < 0.7 ? Math.min(src.length - 1, int(4096 + 65536)) : int(src.length));
  let b: Uint8Array = src.slice();
  const ops = 1 + int(6);
  for (let i = 0; i < ops; i++) {
    const kind = int(7);
    if (kind === 0) {
      const p = pos();
      b[p] = b[p]! ^ (1 << int(8));
    } else if (kind === 1) b[pos()] = int(256);
    else if (kind === 2) {
      const p = pos();
      const v = PLANTS[int(PLANTS.length)]!;
      for (let k = 0; k < 4 && p + k < b.length; k++) b[p + k] = (v >>> (8 * k)) & 0xff;
    } else if (kind === 3) {
      const p = pos();
      b.fill(int(2) ? 0 : int(256), p, Math.min(b.length, p + int(256)));
    } else if (kind === 4) {
      const p = pos();
      for (let k = 0; k < 64 && p + k < b.length; k++) b[p + k] = int(256);
    } else if (kind === 5 && b.length > 4096) {
      b = b.subarray(0, 4096 + int(b.length - 4096));
    } else if (kind === 6) {
      // Plant a record signature with a random size somewhere (carving / resync paths).
      const p = pos();
      const sig = [0x2a, 0x2a, 0, 0, int(256), int(2), 0, 0];
      for (let k = 0; k < sig.length && p + k < b.length; k++) b[p + k] = sig[k]!;
    }
  }
  return b;
}

export interface FuzzFailure {
  readonly seed: number;
  readonly caseIndex: number;
  readonly reason: string;
}

export interface FuzzReport {
  readonly cases: number;
  readonly records: number;
  readonly errors: number;
  readonly failures: FuzzFailure[];
  readonly slowestMs: number;
  readonly peakHeapMb: number;
  readonly ms: number;
}

/** Reads one input exactly as the CLI would, with recovery, in all three renderings. Throws only on reader bugs. */
export function readAll(bytes: Uint8Array): { records: number; errors: number } {
  let records = 0;
  let errors = 0;
  let mismatch: string | undefined;
  for (const r of readEvtx(bytes, {
    recover: true,
    render: (rec) => {
      // The JSON text writers must match their object renderers (the JSON line is what `evtx dump` prints;
      // flat events cross from worker threads as JSON text) and fail exactly when those fail.
      const outcome = (f: () => string): string => {
        try {
          return f();
        } catch (e) {
          return `error ${(e as { code?: string }).code ?? String(e)}`;
        }
      };
      const json = outcome(() => JSON.stringify(recordToJson(rec)));
      if (outcome(() => recordToJsonLine(rec)) !== json) mismatch ??= `record ${rec.recordId} @${rec.offset}`;
      if (json.startsWith('error ')) recordToJson(rec);
      const flat = outcome(() => JSON.stringify(recordToFlat(rec)));
      const flatText = outcome(() => recordToFlatJson(rec));
      const same = flat.startsWith('error ')
        ? flatText === flat
        : !flatText.startsWith('error ') && isDeepStrictEqual(JSON.parse(flatText), recordToFlat(rec));
      if (!same) mismatch ??= `flat record ${rec.recordId} @${rec.offset}`;
      recordToFlat(rec);
      return recordToXml(rec).length;
    },
  })) {
    if (r.ok) records++;
    else errors++;
  }
  if (mismatch) throw new Error(`a JSON text writer differs from its object renderer for ${mismatch}`);
  return { records, errors };
}

/** Runs `cases` mutations spread over `seeds` (the inputs to mutate). */
export function runFuzz(
  seeds: readonly Uint8Array[],
  cases: number,
  seed = 1,
  maxMsPerCase = 2000,
): FuzzReport {
  const rand = prng(seed);
  const failures: FuzzFailure[] = [];
  let records = 0;
  let errors = 0;
  let slowestMs = 0;
  let peakHeap = 0;
  const t0 = performance.now();
  for (let i = 0; i < cases; i++) {
    const src = seeds[i % seeds.length]!;
    const input = mutate(src, rand);
    const s = performance.now();
    try {
      const r = readAll(input);
      records += r.records;
      errors += r.errors;
    } catch (e) {
      failures.push({ seed, caseIndex: i, reason: `uncaught: ${(e as Error).stack ?? String(e)}` });
    }
    const ms = performance.now() - s;
    if (ms > slowestMs) slowestMs = ms;
    if (ms > maxMsPerCase) failures.push({ seed, caseIndex: i, reason: `took ${ms.toFixed(0)} ms` });
    if ((i & 63) === 0) {
      // Live heap, not garbage awaiting collection.
      collectGarbage();
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
  }
  return {
    cases,
    records,
    errors,
    failures,
    slowestMs,
    peakHeapMb: peakHeap / 2 ** 20,
    ms: performance.now() - t0,
  };
}
