/**
 * EVTX decoding for `readLogEvents` (the one EVTX adapter of the hunt): the native EVTX reader (src/core/evtx)
 * streaming one file in this thread with node:zlib's CRC-32, its records rendered as FlatEvents with the file
 * offset of each record, corrupt chunks and records as located errors. Hunts parallelise across files, so
 * there is no per-chunk worker hop here.
 */
import {
  type EvtxResult,
  type FlatEvent,
  readEvtxStreamChunks,
  recordToFlat,
} from '../../../core/evtx/index.js';
import type { LogRecordResult } from '../../../core/hunt/index.js';
import { StormwatchError } from '../../../core/shared/index.js';
import { fastCrc32 } from '../../evtx/index.js';

/**
 * Decodes one EVTX file's bytes into per-record results, a batch per chunk (each async step then carries a
 * chunk's records, not one record).
 */
export type EvtxRecordReader = (
  file: string,
  chunks: AsyncIterable<Uint8Array>,
) => AsyncIterable<readonly LogRecordResult[]>;

function toResult(file: string, r: EvtxResult<FlatEvent>, index: number): LogRecordResult {
  if (r.ok)
    return { ok: true, event: r.value, source: { file, format: 'evtx', index, offset: r.record.offset } };
  return {
    ok: false,
    // the core reader works on bytes and does not know the file name
    error: new StormwatchError({
      code: r.error.code,
      kind: r.error.kind,
      message: r.error.message,
      location: { offset: r.offset, ...r.error.location, file },
      ...(r.error.hint ? { hint: r.error.hint } : {}),
      cause: r.error,
    }),
    source: { file, format: 'evtx', index, offset: r.offset },
  };
}

/** Reads one EVTX stream into per-record results (file, chunk and record failures become error results). */
export const readEvtxRecords: EvtxRecordReader = async function* (file, chunks) {
  let index = 0;
  for await (const batch of readEvtxStreamChunks(chunks, { render: recordToFlat, crc32: fastCrc32 })) {
    const out: LogRecordResult[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) out[i] = toResult(file, batch[i]!, index++);
    yield out;
  }
};
