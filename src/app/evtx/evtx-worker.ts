/**
 * Worker thread body: reads one chunk per message and posts back its results (see chunk-reply.ts). Loaded
 * only from built JavaScript (dist/); under a TypeScript test runner the pool falls back to reading in-thread.
 */
import { parentPort } from 'node:worker_threads';
import { readChunk } from '../../core/evtx/index.js';
import { type ChunkTask, toBlock, toColumns } from './chunk-reply.js';
import { rendererFor } from './evtx-item.js';
import { fastCrc32 } from './native-crc.js';

if (parentPort) {
  const port = parentPort;
  port.on('message', (task: ChunkTask) => {
    const report = readChunk(new Uint8Array(task.chunk), task.index, task.fileOffset, {
      render: rendererFor(task.format),
      recover: task.recover,
      crc32: fastCrc32,
    });
    if (task.joined) {
      const { block, errors } = toBlock(report.items, task.recover);
      port.postMessage({
        id: task.id,
        items: toColumns(task.file, errors),
        carved: toColumns(task.file, report.carved),
        block,
      });
      return;
    }
    port.postMessage({
      id: task.id,
      items: toColumns(task.file, report.items),
      carved: toColumns(task.file, report.carved),
    });
  });
}
