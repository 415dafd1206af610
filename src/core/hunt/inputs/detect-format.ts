/**
 * Format detection by sniffing the first bytes of a (decompressed) file: EVTX magic, XML, or the shape of the
 * first JSON document (evtx_dump `Event.System`, Winlogbeat `winlog`, flat `EventID`+`Channel`).
 */
import { isEcsDocument } from './ecs.js';
import type { LogFormat } from './flat-event.js';
import { isFlatDocument } from './flat-record.js';
import { isObject, type JsonValue, unwrapSource } from './json-value.js';

/** How many leading bytes callers should pass to `sniffLogFormat` (more is fine). */
export const SNIFF_BYTES = 256 * 1024;

/** What the sniffer found. `framing` says how records are delimited for the JSON formats. */
export interface FormatSniff {
  readonly format: LogFormat | undefined;
  /** `lines`: one JSON document per line; `values`: pretty-printed / back-to-back / array-wrapped documents. */
  readonly framing: 'lines' | 'values' | 'xml' | 'evtx';
  /** Why this format (or why none): shown in errors and `--verbose` output. */
  readonly reason: string;
}

const EVTX_MAGIC = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]; // "ElfFile\0"
const GZIP_MAGIC = [0x1f, 0x8b];

/** True when `head` starts with the gzip magic. */
export function isGzip(head: Uint8Array): boolean {
  return head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => head[i] === b);
}

/** Classifies a parsed JSON document; undefined when it is none of the known shapes. */
export function classifyJsonDocument(document: JsonValue): LogFormat | undefined {
  const doc = unwrapSource(document);
  if (isObject(doc)) {
    if (isObject(doc.Event) && isObject(doc.Event.System)) return 'evtx-json';
    if (isObject(doc.System) && (doc.EventData !== undefined || doc.UserData !== undefined))
      return 'evtx-json';
    if (isEcsDocument(doc)) return 'ecs-ndjson';
    if (isFlatDocument(doc)) return 'flat-ndjson';
  }
  return undefined;
}

/** End index (exclusive) of the first JSON value starting at `start`, or -1 if it does not end in `text`. */
function firstValueEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Sniffs the format of a file from its first bytes (already decompressed). */
export function sniffLogFormat(head: Uint8Array): FormatSniff {
  if (startsWith(head, EVTX_MAGIC))
    return { format: 'evtx', framing: 'evtx', reason: 'EVTX file header magic' };
  if (head[0] === 0xff && head[1] === 0xfe) {
    return { format: undefined, framing: 'values', reason: 'UTF-16 text: convert the export to UTF-8 first' };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  let start = 0;
  while (start < text.length && /[\s\uFEFF]/.test(text[start]!)) start++;
  const first = text[start];
  if (first === undefined) return { format: undefined, framing: 'lines', reason: 'empty file' };
  if (first === '<') return { format: 'xml', framing: 'xml', reason: 'starts with "<" (XML)' };
  if (first !== '{' && first !== '[') {
    return {
      format: undefined,
      framing: 'lines',
      reason: `starts with ${JSON.stringify(first)}, not JSON or XML`,
    };
  }
  let docStart = start;
  let wrapped = false;
  if (first === '[') {
    let k = start + 1;
    while (k < text.length && /\s/.test(text[k]!)) k++;
    if (text[k] === '{') {
      docStart = k;
      wrapped = true;
    }
  }
  const end = firstValueEnd(text, docStart);
  if (end < 0) {
    // First document longer than the sniff window: decide on key names seen so far.
    const window = text.slice(docStart);
    const format: LogFormat | undefined = /"Event"\s*:\s*\{[\s\S]*"System"\s*:/.test(window)
      ? 'evtx-json'
      : /"winlog"\s*:\s*\{/.test(window)
        ? 'ecs-ndjson'
        : /"EventID"\s*:/.test(window)
          ? 'flat-ndjson'
          : undefined;
    return {
      format,
      framing: 'values',
      reason: 'first JSON document exceeds the sniff window; judged by key names',
    };
  }
  let doc: JsonValue;
  try {
    doc = JSON.parse(text.slice(docStart, end)) as JsonValue;
  } catch {
    return { format: undefined, framing: 'values', reason: 'first JSON document does not parse' };
  }
  const format = classifyJsonDocument(doc);
  const oneLine = !wrapped && !text.slice(docStart, end).includes('\n');
  const framing = oneLine ? 'lines' : 'values';
  const shape =
    format === 'evtx-json'
      ? 'has Event.System (evtx_dump)'
      : format === 'ecs-ndjson'
        ? 'has a winlog object (Winlogbeat/ECS)'
        : format === 'flat-ndjson'
          ? 'has top-level EventID and Channel (flat NDJSON)'
          : 'first JSON document has none of Event.System, winlog, EventID';
  return { format, framing, reason: shape };
}
