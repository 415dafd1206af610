/**
 * The messages between the EVTX reader and its worker threads: chunk tasks and their replies in columnar or
 * joined-text form. No side effects, so the main thread can import it without becoming a worker.
 */
import type { EvtxResult } from '../../core/evtx/index.js';
import { type EvtxFormat, type SerializedErrorItem, serializeItem, toItem } from './evtx-item.js';

/** A chunk to read: its bytes (transferred), or where the worker reads them itself (an open descriptor). */
export interface ChunkTask {
  readonly id: number;
  readonly file: string;
  readonly chunk: ArrayBuffer | undefined;
  readonly extent: { readonly fd: number; readonly length: number } | undefined;
  readonly index: number;
  readonly fileOffset: number;
  readonly format: EvtxFormat;
  readonly recover: boolean;
  /** Text formats only: return the chunk's records as one newline-joined block of UTF-8 bytes. */
  readonly joined: boolean;
}

/**
 * A chunk's records as one block of text: `count` lines, with ids/offsets when recovery needs them. A worker
 * sends its block as UTF-8 bytes in a transferred buffer, so the thread writing the output neither copies
 * the text out of a message nor encodes it; a block read in the calling thread stays a string (writing a
 * string encodes it on the way out, which is cheaper than encoding it first).
 */
export interface ChunkBlock {
  readonly content: string | Uint8Array;
  readonly count: number;
  readonly recordIds: number[];
  readonly offsets: number[];
}

const utf8 = new TextEncoder();

/** UTF-8 bytes of `text` in a buffer of their own (transferable: never a slice of a shared pool). */
export function encodeText(text: string): Uint8Array {
  return utf8.encode(text);
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
  return { block: { content: text, count, recordIds, offsets }, errors };
}

/** Results of one chunk: `kinds[i]` 0 = next record from the columns, 1 = next error. */
export interface ChunkColumns {
  readonly kinds: number[];
  readonly recordIds: number[];
  readonly offsets: number[];
  readonly written: string[];
  /** The values, or `[]` when they travel as `json`. */
  readonly values: unknown[];
  /**
   * Object values (flat events, JSON documents) as JSON texts, written by the worker straight from the
   * compiled plans (`recordToFlatJson`, `recordToJsonLine`). Parsing them in the receiving thread costs about
   * 1.5 µs per flat event against ~2 µs for structured-cloning the objects (and ~2.3 µs to clone-serialise
   * them in the worker); the receiving thread is the one that limits scaling. Both give equal objects: the
   * values are JSON data (no undefined, non-finite numbers already strings, -0 already 0, `__proto__` an own
   * property either way, a repeated key at its first place with its last value). One text per record, not
   * one per chunk: posting flattens each string inside the worker's capped heap, so the largest flat copy is
   * one record's.
   */
  readonly json: string[] | undefined;
  readonly errors: SerializedErrorItem[];
}

/**
 * Splits results into columns (records) and serialised errors; `asJson`: the values are JSON texts of objects.
 * No results: undefined (most chunks have no errors and nothing carved, and every object in a message costs
 * its serialisation on both sides).
 */
export function toColumns(
  file: string,
  results: readonly EvtxResult<unknown>[],
  asJson = false,
): ChunkColumns | undefined {
  if (results.length === 0) return undefined;
  const values: unknown[] = [];
  const c = {
    kinds: [] as number[],
    recordIds: [] as number[],
    offsets: [] as number[],
    written: [] as string[],
    values,
    json: undefined as string[] | undefined,
    errors: [] as SerializedErrorItem[],
  };
  for (const r of results) {
    if (r.ok) {
      c.kinds.push(0);
      c.recordIds.push(r.record.recordId);
      c.offsets.push(r.record.offset);
      c.written.push(r.record.written);
      values.push(r.value);
    } else {
      c.kinds.push(1);
      c.errors.push(serializeItem(toItem(file, r)) as SerializedErrorItem);
    }
  }
  if (asJson) {
    c.json = values as string[];
    c.values = [];
  }
  return c;
}
