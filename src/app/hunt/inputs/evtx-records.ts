/**
 * EVTX decoding for `readLogEvents` (the one EVTX adapter of the hunt): the native EVTX reader (src/core/evtx)
 * streaming one file in this thread with node:zlib's CRC-32, its records rendered as FlatEvents with the file
 * offset of each record, corrupt chunks and records as located errors. Hunts parallelise across files, so
 * there is no per-chunk worker hop here.
 */
import { readEvtxStream, recordToFlat } from '../../../core/evtx/index.js';
import type { LogRecordResult } from '../../../core/hunt/index.js';
import { StormwatchError } from '../../../core/shared/index.js';
import { fastCrc32 } from '../../evtx/index.js';

/** Decodes one EVTX file's bytes into per-record results. */
export type EvtxRecordReader = (
  file: string,
  chunks: AsyncIterable<Uint8Array>,
) => AsyncIterable<LogRecordResult>;

/** Reads one EVTX stream into per-record results (file, chunk and record failures become error results). */
export const readEvtxRecords: EvtxRecordReader = async function* (file, chunks) {
  let index = 0;
  for await (const r of readEvtxStream(chunks, { render: recordToFlat, crc32: fastCrc32 })) {
    const result: LogRecordResult = r.ok
      ? {
          ok: true,
          event: r.value,
          source: { file, format: 'evtx', index: index++, offset: r.record.offset },
        }
      : {
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
          source: { file, format: 'evtx', index: index++, offset: r.offset },
        };
    yield result;
  }
};
