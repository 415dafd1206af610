/**
 * Plugs the EVTX reader (src/app/evtx) into the log inputs: an EVTX byte stream → per-record FlatEvent
 * results with the file offset of each record, and located errors for corrupt chunks and records.
 */

import type { FlatEvent, LogRecordResult } from '../../core/hunt/index.js';
import { readEvtxInputs } from '../evtx/index.js';
import type { EvtxRecordReader } from './inputs/index.js';

/** EVTX records as hunt inputs (read in the calling thread: hunts parallelise across files). */
export const evtxRecordReader: EvtxRecordReader = async function* (
  file,
  chunks,
): AsyncGenerator<LogRecordResult> {
  let index = 0;
  for await (const item of readEvtxInputs([{ name: file, input: chunks }], { format: 'flat', threads: 1 })) {
    if (item.ok)
      yield {
        ok: true,
        event: item.value as FlatEvent,
        source: { file, format: 'evtx', index: index++, offset: item.offset },
      };
    else
      yield {
        ok: false,
        error: item.error,
        source: { file, format: 'evtx', index: index++, offset: item.offset },
      };
  }
};
