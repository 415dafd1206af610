/**
 * The messages between the EVTX reader and its worker threads: chunk tasks and their replies in columnar or
 * joined-text form. No side effects, so the main thread can import it without becoming a worker.
 */
import type { EvtxResult } from '../../core/evtx/index.js';
import { type EvtxFormat, type SerializedErrorItem, serializeItem, toItem } from './evtx-item.js';

/** A chunk to read. */
export interface ChunkTask {
  readonly id: number;
  readonly file: string;
  readonly chunk: ArrayBuffer;
  readonly index: number;
  readonly fileOffset: number;
  readonly format: EvtxFormat;
  readonly recover: boolean;
  /** Text formats only: return the chunk's records as one newline-joined block (one string to clone). */
  readonly joined: boolean;
}

/** A chunk's records as one text block: `count` lines, with ids/offsets when recovery needs them. */
export interface ChunkBlock {
  readonly text: string;
  readonly count: number;
  readonly recordIds: number[];
  readonly offsets: number[];
}

/** Joins the rendered text of the records of `results`; errors go to `errors` in order. */
export function toBlock(
  results: readonly EvtxResult<unknown>[],
  keepIds: boolean,
): { block: ChunkBlock; errors: EvtxResult<unknown>[] } {
  let text = '';
  let count = 0;
  const recordIds: number[] = [];
  const offsets: number[] = [];
  const errors: EvtxResult<unknown>[] = [];
  for (const r of results) {
    if (r.ok) {
      text += `${r.value as string}\n`;
      count++;
      if (keepIds) {
        recordIds.push(r.record.recordId);
        offsets.push(r.record.offset);
      }
    } else errors.push(r);
  }
  return { block: { text, count, recordIds, offsets }, errors };
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
