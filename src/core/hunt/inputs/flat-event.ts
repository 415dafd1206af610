/**
 * The flat event: the one shape every log input (EVTX, evtx_dump JSON, Winlogbeat/ECS, flat NDJSON, XML) is
 * normalised to before the Sigma engine sees it. Contract: docs/hunting.md "Inputs" (System fields under fixed
 * names, EventData by `Name`, unnamed `<Data>` as `Data: [...]`, UserData children by local name).
 */
import type { FlatEvent, FlatValue, StormwatchError } from '../../shared/index.js';

export type { FlatEvent, FlatValue } from '../../shared/index.js';

/** The input formats this module understands (`evtx` is decoded by the EVTX reader, not here). */
export type LogFormat = 'evtx' | 'evtx-json' | 'ecs-ndjson' | 'flat-ndjson' | 'xml';

/** Every format name, for option validation and help texts. */
export const LOG_FORMATS: readonly LogFormat[] = ['evtx', 'evtx-json', 'ecs-ndjson', 'flat-ndjson', 'xml'];

/** Where one record came from. `line` is 1-based, `offset` is the byte offset of the record's first byte. */
export interface RecordSource {
  readonly file: string;
  /** Absent when the file's format could not be determined (or the path could not be read). */
  readonly format?: LogFormat;
  /** 0-based position of the record among the records framed in this file (good and bad). */
  readonly index: number;
  readonly line?: number;
  readonly offset?: number;
}

/** A per-record result: a bad record is reported and counted, never fatal to the file. */
export type LogRecordResult =
  | { readonly ok: true; readonly event: FlatEvent; readonly source: RecordSource }
  | { readonly ok: false; readonly error: StormwatchError; readonly source: RecordSource };

/** System fields that EventData / UserData may never overwrite (a clash is stored as `EventData.<name>`). */
export const PROTECTED_FIELDS: ReadonlySet<string> = new Set([
  'EventID',
  'Channel',
  'Provider_Name',
  'Computer',
  'TimeCreated',
  'EventRecordID',
]);

/** Sets an EventData/UserData field, diverting clashes with protected System fields to `EventData.<name>`. */
export function setDataField(event: FlatEvent, name: string, value: FlatValue): void {
  if (PROTECTED_FIELDS.has(name)) event[`EventData.${name}`] = value;
  else event[name] = value;
}
