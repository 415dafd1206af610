/**
 * Worker thread body: reads one chunk per message and posts back its results in columnar form (parallel
 * arrays of primitives clone much faster than an array of objects). Loaded only from built JavaScript
 * (dist/); under a TypeScript test runner the pool falls back to reading in-thread.
 */
import { parentPort } from 'node:worker_threads';
import { type EvtxResult, readChunk } from '../../core/evtx/index.js';
import {
  type EvtxFormat,
  rendererFor,
  type SerializedErrorItem,
  serializeItem,
  toItem,
} from './evtx-item.js';
import { fastCrc32 } from './native-crc.js';

/** A chunk to read. */
export interface ChunkTask {
  readonly id: number;
  readonly file: string;
  readonly chunk: ArrayBuffer;
  readonly index: number;
  readonly fileOffset: number;
  readonly format: EvtxFormat;
  readonly recover: boolean;
}

/** Results of one chunk: `kinds[i]` 0 = next record from the columns, 1 = next error. */
export interface ChunkColumns {
  readonly kinds: number[];
  readonly recordIds: number[];
  readonly offsets: number[];
  readonly written: string[];
  readonly values: unknown[];
  readonly errors: SerializedErrorItem[];
}

/** Splits results into columns (records) and serialised errors. */
export function toColumns(file: string, results: readonly EvtxResult<unknown>[]): ChunkColumns {
  const c: ChunkColumns = { kinds: [], recordIds: [], offsets: [], written: [], values: [], errors: [] };
  for (const r of results) {
    if (r.ok) {
      c.kinds.push(0);
      c.recordIds.push(r.record.recordId);
      c.offsets.push(r.record.offset);
      c.written.push(r.record.written);
      c.values.push(r.value);
    } else {
      c.kinds.push(1);
      c.errors.push(serializeItem(toItem(file, r)) as SerializedErrorItem);
    }
  }
  return c;
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (task: ChunkTask) => {
    const report = readChunk(new Uint8Array(task.chunk), task.index, task.fileOffset, {
      render: rendererFor(task.format),
      recover: task.recover,
      crc32: fastCrc32,
    });
    port.postMessage({
      id: task.id,
      items: toColumns(task.file, report.items),
      carved: toColumns(task.file, report.carved),
    });
  });
}
