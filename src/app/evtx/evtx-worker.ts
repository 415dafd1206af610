/**
 * Worker thread body: reads one chunk per message and posts back its plain-data items. Loaded only from
 * built JavaScript (dist/); under a TypeScript test runner the pool falls back to reading in-thread.
 */

import { parentPort } from 'node:worker_threads';
import { readChunk } from '../../core/evtx/index.js';
import { type EvtxFormat, rendererFor, serializeItem, toItem } from './evtx-item.js';
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
      items: report.items.map((r) => serializeItem(toItem(task.file, r))),
      carved: report.carved.map((r) => serializeItem(toItem(task.file, r))),
    });
  });
}
