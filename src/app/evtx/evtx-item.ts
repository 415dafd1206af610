/**
 * Plain-data results of reading EVTX files in the app layer: the same shape whether a chunk was read in
 * this thread or in a worker (so ordered/unordered parallel output is identical to sequential output).
 */
import {
  type EvtxRecord,
  type EvtxResult,
  type FlatEvent,
  type JsonObject,
  recordToFlat,
  recordToJson,
  recordToJsonLine,
  recordToXml,
} from '../../core/evtx/index.js';
import { type ErrorKind, type ErrorLocation, StormwatchError } from '../../core/shared/index.js';

/** Output of each record: evtx_dump JSON object, one-line JSON text, XML text, or the flat hunting event. */
export type EvtxFormat = 'json' | 'jsonl' | 'xml' | 'flat';

export interface EvtxValueOf {
  json: JsonObject;
  jsonl: string;
  xml: string;
  flat: FlatEvent;
}

export interface EvtxRecordItem<V> {
  readonly ok: true;
  readonly file: string;
  readonly recordId: number;
  /** File offset of the record. */
  readonly offset: number;
  readonly chunkIndex: number;
  /** Record header timestamp, ISO-8601 UTC. */
  readonly written: string;
  readonly recovered: boolean;
  readonly value: V;
}

export interface EvtxErrorItem {
  readonly ok: false;
  readonly file: string;
  readonly error: StormwatchError;
  readonly scope: 'file' | 'chunk' | 'record';
  readonly chunkIndex: number;
  readonly offset: number;
  readonly recordId?: number;
}

export type EvtxItem<V> = EvtxRecordItem<V> | EvtxErrorItem;

/** The renderer for a format. */
export function rendererFor<F extends EvtxFormat>(format: F): (rec: EvtxRecord) => EvtxValueOf[F] {
  switch (format) {
    case 'json':
      return recordToJson as (rec: EvtxRecord) => EvtxValueOf[F];
    case 'jsonl':
      return recordToJsonLine as (rec: EvtxRecord) => EvtxValueOf[F];
    case 'xml':
      return recordToXml as (rec: EvtxRecord) => EvtxValueOf[F];
    default:
      return recordToFlat as (rec: EvtxRecord) => EvtxValueOf[F];
  }
}

/** Converts a core result to a plain item for `file`. */
export function toItem<V>(file: string, r: EvtxResult<V>): EvtxItem<V> {
  if (r.ok) {
    const rec = r.record;
    return {
      ok: true,
      file,
      recordId: rec.recordId,
      offset: rec.offset,
      chunkIndex: rec.chunkIndex,
      written: rec.written,
      recovered: rec.recovered,
      value: r.value,
    };
  }
  const error = new StormwatchError({
    code: r.error.code,
    kind: r.error.kind,
    message: r.error.message,
    location: { ...r.error.location, file },
    ...(r.error.hint === undefined ? {} : { hint: r.error.hint }),
  });
  return {
    ok: false,
    file,
    error,
    scope: r.scope,
    chunkIndex: r.chunkIndex,
    offset: r.offset,
    ...(r.recordId === undefined ? {} : { recordId: r.recordId }),
  };
}

/** Structured-clone-safe form of an error item (StormwatchError does not survive postMessage as a class). */
export interface SerializedErrorItem {
  readonly ok: false;
  readonly file: string;
  readonly error: { code: string; kind: ErrorKind; message: string; location?: ErrorLocation; hint?: string };
  readonly scope: 'file' | 'chunk' | 'record';
  readonly chunkIndex: number;
  readonly offset: number;
  readonly recordId?: number;
}

export function serializeItem<V>(item: EvtxItem<V>): EvtxRecordItem<V> | SerializedErrorItem {
  return item.ok ? item : { ...item, error: item.error.toJSON() };
}

export function deserializeItem<V>(item: EvtxRecordItem<V> | SerializedErrorItem): EvtxItem<V> {
  if (item.ok) return item;
  const e = item.error;
  return {
    ...item,
    error: new StormwatchError({
      code: e.code,
      kind: e.kind,
      message: e.message,
      ...(e.location ? { location: e.location } : {}),
      ...(e.hint ? { hint: e.hint } : {}),
    }),
  };
}
