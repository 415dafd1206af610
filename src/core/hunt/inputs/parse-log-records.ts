/**
 * Byte chunks of one log file → per-record results. Frames records (lines, JSON values or XML `<Event>`
 * elements), parses and flattens each; a bad record becomes `{ ok: false, error }` naming file, line and byte
 * offset, and reading goes on.
 */
import { isStormwatchError, StormwatchError } from '../../shared/index.js';
import { flattenEcs } from './ecs.js';
import { flattenEventXml } from './event-xml.js';
import { flattenEvtxJson } from './evtx-json.js';
import type { FlatEvent, LogFormat, LogRecordResult, RecordSource } from './flat-event.js';
import { flattenFlatRecord } from './flat-record.js';
import { jsonValueFramer } from './frame-json-values.js';
import { lineFramer } from './frame-lines.js';
import { xmlEventFramer } from './frame-xml-events.js';
import { type JsonValue, unwrapSource } from './json-value.js';
import {
  byteChunks,
  type ChunkSource,
  DEFAULT_MAX_RECORD_BYTES,
  type RecordFrame,
  type RecordFramer,
} from './record-frame.js';
import { parseXmlElement } from './xml-element.js';

/** Options for `parseLogRecords`. */
export interface ParseLogOptions {
  /** File name (or `<stdin>`) used in record sources and error locations. */
  readonly file: string;
  readonly format: Exclude<LogFormat, 'evtx'>;
  /** JSON framing; default `values` (handles JSONL too), `lines` for one document per line. */
  readonly framing?: 'lines' | 'values';
  /** Cap on one record's size; larger records are reported and skipped. Default 64 MiB. */
  readonly maxRecordBytes?: number;
}

const JSON_CONVERTERS: Readonly<
  Record<'evtx-json' | 'ecs-ndjson' | 'flat-ndjson', (doc: JsonValue) => FlatEvent>
> = {
  'evtx-json': flattenEvtxJson,
  'ecs-ndjson': flattenEcs,
  'flat-ndjson': flattenFlatRecord,
};

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

/** Line and byte offset of character `charOffset` within a record that starts at `line`/`offset`. */
function locate(
  text: string,
  charOffset: number,
  line: number,
  offset: number,
): { line: number; offset: number } {
  const before = text.slice(0, charOffset);
  let lines = 0;
  for (let k = before.indexOf('\n'); k >= 0; k = before.indexOf('\n', k + 1)) lines++;
  return { line: line + lines, offset: offset + encoder.encode(before).length };
}

/** Parses one framed record; throws a located StormwatchError for a bad one. */
function parseFrame(frame: RecordFrame, options: ParseLogOptions): FlatEvent {
  const { file, format } = options;
  const at = { file, line: frame.line, offset: frame.offset };
  if (frame.kind === 'too-large') {
    const max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    throw new StormwatchError({
      code: 'HUNT_INPUT_RECORD_TOO_LARGE',
      kind: 'input',
      message: `record of ${frame.size} bytes exceeds the ${max}-byte limit and was skipped`,
      location: at,
      hint: 'Split the file, or check that it is really one event per record (a missing line break?).',
    });
  }
  const text = decoder.decode(frame.bytes);
  if (frame.kind === 'malformed') {
    throw new StormwatchError({
      code: format === 'xml' ? 'HUNT_INPUT_XML' : 'HUNT_INPUT_JSON',
      kind: 'input',
      message: `${frame.reason}${text ? `: ${preview(text)}` : ''}`,
      location: at,
      hint: 'The record is damaged (cut or mis-concatenated); the records around it were still read.',
    });
  }
  try {
    if (format === 'xml') return flattenEventXml(parseXmlElement(text));
    let doc: JsonValue;
    try {
      doc = JSON.parse(text) as JsonValue;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const pos = /position (\d+)/.exec(message);
      const where = pos ? locate(text, Number(pos[1]), frame.line, frame.offset) : at;
      throw new StormwatchError({
        code: 'HUNT_INPUT_JSON',
        kind: 'input',
        message: `invalid JSON: ${message}`,
        location: { file, ...where },
        hint: 'Fix or remove this line; the other records of the file were read.',
      });
    }
    return JSON_CONVERTERS[format](unwrapSource(doc));
  } catch (e) {
    if (isStormwatchError(e)) {
      if (e.location?.file !== undefined) throw e;
      const inner = e.location?.offset;
      const where = inner !== undefined ? locate(text, inner, frame.line, frame.offset) : at;
      throw new StormwatchError({
        code: e.code,
        kind: e.kind,
        message: e.message,
        location: { file, ...where },
        ...(e.hint ? { hint: e.hint } : {}),
      });
    }
    throw new StormwatchError({
      code: 'HUNT_INPUT_RECORD',
      kind: 'internal',
      message: `could not convert record: ${e instanceof Error ? e.message : String(e)}`,
      location: at,
      cause: e,
    });
  }
}

/**
 * Records per batch of `parseLogRecordBatches`. A read block of NDJSON holds hundreds of records; handing them
 * on in smaller batches keeps few events alive at a time (they die young, before a garbage collection).
 */
const BATCH_RECORDS = 128;

function framerFor(options: ParseLogOptions, max: number): RecordFramer {
  return options.format === 'xml'
    ? xmlEventFramer(max)
    : options.framing === 'lines'
      ? lineFramer(max)
      : jsonValueFramer(max);
}

/**
 * Reads all records of one file's bytes, a batch at a time (up to 128 records, all from one read chunk):
 * framing and parsing are synchronous within a chunk, so a consumer pays one async step per batch instead of
 * several per record. Never throws for bad records; only for a bad `format` option.
 */
export async function* parseLogRecordBatches(
  source: ChunkSource,
  options: ParseLogOptions,
): AsyncGenerator<LogRecordResult[]> {
  const framer = framerFor(options, options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES);
  let index = 0;
  const parse = (frame: RecordFrame): LogRecordResult => {
    const src: RecordSource = {
      file: options.file,
      format: options.format,
      index: index++,
      line: frame.line,
      offset: frame.offset,
    };
    try {
      return { ok: true, event: parseFrame(frame, options), source: src };
    } catch (e) {
      const error = isStormwatchError(e)
        ? e
        : new StormwatchError({ code: 'HUNT_INPUT_RECORD', kind: 'internal', message: String(e), cause: e });
      return { ok: false, error, source: src };
    }
  };
  function* batches(frames: RecordFrame[]): Generator<LogRecordResult[]> {
    for (let from = 0; from < frames.length; from += BATCH_RECORDS) {
      const to = Math.min(frames.length, from + BATCH_RECORDS);
      const out: LogRecordResult[] = new Array(to - from);
      for (let i = from; i < to; i++) out[i - from] = parse(frames[i]!);
      yield out;
    }
  }
  for await (const chunk of byteChunks(source)) yield* batches(framer.push(chunk));
  yield* batches(framer.end());
}

/** Reads all records of one file's bytes. Never throws for bad records; only for a bad `format` option. */
export async function* parseLogRecords(
  source: ChunkSource,
  options: ParseLogOptions,
): AsyncGenerator<LogRecordResult> {
  for await (const batch of parseLogRecordBatches(source, options)) yield* batch;
}
