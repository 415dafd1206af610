/**
 * Worker thread body: reads one chunk per message and posts back its results (see chunk-reply.ts). Loaded
 * only from built JavaScript (dist/); under a TypeScript test runner the pool falls back to reading in-thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CHUNK_SIZE, readChunk, recordToFlatJson, recordToJsonLine } from '../../core/evtx/index.js';
import { markLoaded } from '../runtime/index.js';
import { type ChunkTask, encodeText, toBlock, toColumns } from './chunk-reply.js';
import { readBytesAt } from './chunk-source.js';
import { rendererFor } from './evtx-item.js';
import { fastCrc32 } from './native-crc.js';
import type { ChunkWorkerData } from './worker-pool.js';

if (parentPort) {
  const port = parentPort;
  // Tells the pool at once that a task is finished (see worker-pool.ts), before the reply is read.
  const data = workerData as ChunkWorkerData | null;
  const done = data?.done;
  markLoaded(data?.loaded);
  // Extents are read into this buffer: rendered values are decoded copies, so it is free again after a task.
  const scratch = new Uint8Array(CHUNK_SIZE);
  port.on('message', (task: ChunkTask) => {
    // Objects (flat events, JSON documents) are written as JSON text here and parsed back by the reading
    // thread (see ChunkColumns.json): no object is built in this thread only to be serialised.
    const asJson = !task.joined && (task.format === 'flat' || task.format === 'json');
    const render = asJson
      ? task.format === 'flat'
        ? recordToFlatJson
        : recordToJsonLine
      : rendererFor(task.format);
    // A failed read throws: the pool then reads the chunk in the calling thread, which reports the error.
    const bytes = task.chunk
      ? new Uint8Array(task.chunk)
      : readBytesAt(task.extent!.fd, task.fileOffset, task.extent!.length, scratch, task.file);
    const report = readChunk(bytes, task.index, task.fileOffset, {
      render,
      recover: task.recover,
      crc32: fastCrc32,
    });
    if (task.joined) {
      const { block, errors } = toBlock(report.items, task.recover);
      const encoded = encodeText(block.content as string);
      port.postMessage(
        {
          id: task.id,
          items: toColumns(task.file, errors),
          carved: toColumns(task.file, report.carved),
          block: { ...block, content: encoded },
        },
        [encoded.buffer as ArrayBuffer],
      );
    } else {
      port.postMessage({
        id: task.id,
        items: toColumns(task.file, report.items, asJson),
        carved: toColumns(task.file, report.carved, asJson),
      });
    }
    if (done) Atomics.add(done, 0, 1);
  });
}
