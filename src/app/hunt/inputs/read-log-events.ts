/**
 * Reading log files for a hunt: expands folders, opens each file as a stream (gunzipping `.gz` by magic, UTF-16
 * exports transcoded), sniffs its format from the first bytes unless one is forced, and yields per-record
 * results. A file that cannot be opened or recognised yields one error result and the next file is read.
 */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import {
  type FormatSniff,
  isGzip,
  LOG_FORMATS,
  type LogFormat,
  type LogRecordResult,
  parseLogRecordBatches,
  SNIFF_BYTES,
  sniffLogFormat,
} from '../../../core/hunt/index.js';
import { StormwatchError } from '../../../core/shared/index.js';
import { type EvtxRecordReader, readEvtxRecords } from './evtx-records.js';
import { fileBlocks } from './file-blocks.js';
import { listLogFiles } from './log-files.js';

/** Per-file outcome, reported through `onFileEnd`. */
export interface FileReadSummary {
  readonly file: string;
  readonly format: LogFormat | undefined;
  /** How the format was chosen (`--format`, or what the sniffer saw). */
  readonly reason: string;
  readonly compressed: boolean;
  readonly good: number;
  readonly bad: number;
  /** A file-level failure (unreadable, unknown format); `bad` counts it as one. */
  readonly error?: StormwatchError;
}

export interface ReadLogOptions {
  /** Force a format for every file (default: sniff each file). */
  readonly format?: LogFormat | 'auto';
  /** Descend into sub-folders of folder arguments. Default false. */
  readonly recursive?: boolean;
  /** Cap on one record (JSON document / XML event). Default 64 MiB. */
  readonly maxRecordBytes?: number;
  /** Called after each file with its counts. */
  readonly onFileEnd?: (summary: FileReadSummary) => void;
  /** EVTX decoder (default: the native reader in this thread; a hunt may pass a worker-thread reader). */
  readonly evtx?: EvtxRecordReader;
}

/** Parses a `--format` value. Throws a usage error naming the accepted values. */
export function parseLogFormatOption(value: string): LogFormat | 'auto' {
  const v = value.trim().toLowerCase();
  const aliases: Record<string, LogFormat> = {
    json: 'evtx-json',
    jsonl: 'evtx-json',
    ecs: 'ecs-ndjson',
    winlogbeat: 'ecs-ndjson',
    flat: 'flat-ndjson',
    nxlog: 'flat-ndjson',
    ndjson: 'flat-ndjson',
  };
  if (v === 'auto') return 'auto';
  if ((LOG_FORMATS as readonly string[]).includes(v)) return v as LogFormat;
  const alias = aliases[v];
  if (alias) return alias;
  throw new StormwatchError({
    code: 'HUNT_INPUT_FORMAT_OPTION',
    kind: 'usage',
    message: `unknown log format "${value}"`,
    hint: `Use one of: auto, ${LOG_FORMATS.join(', ')} (aliases: ${Object.keys(aliases).join(', ')}).`,
  });
}

/** Reads until `min` bytes are buffered (or the stream ends); returns them and a stream that replays them. */
async function peek(
  source: AsyncIterable<Uint8Array>,
  min: number,
): Promise<{ head: Uint8Array; chunks: AsyncIterable<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < min) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    buffered.push(r.value);
    size += r.value.byteLength;
  }
  // One block (the usual case: the first read holds the sniff window) is used as it is, not copied.
  const head = buffered.length === 1 ? buffered[0]! : Buffer.concat(buffered, size);
  async function* replay(): AsyncGenerator<Uint8Array> {
    yield* buffered;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, chunks: replay() };
}

/** UTF-16LE (BOM FF FE) text → UTF-8 bytes, streaming. Offsets then refer to the UTF-8 text. */
async function* utf16ToUtf8(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder('utf-16le');
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, 'utf8');
}

/** A file opened for reading: decompressed, transcoded, with its first bytes buffered for sniffing. */
interface OpenedLog {
  readonly head: Uint8Array;
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly compressed: boolean;
  /** Releases the file descriptor and the decompressor (also when reading stopped early). */
  close(): void;
  /**
   * Lets the file's later blocks be read into two buffers used in turn. Only for a consumer that is done with a
   * block (views included) before it asks for the block after the next one — the EVTX reader, which copies a
   * chunk straddling two blocks; not the JSON/XML framers, which keep views of a record's earlier parts. A
   * no-op for compressed input (the decompressor buffers blocks ahead).
   */
  recycleBlocks(): void;
}

async function openLog(file: string): Promise<OpenedLog> {
  const blocks = file === '-' ? undefined : fileBlocks(file);
  const raw: AsyncIterable<Uint8Array> = blocks ? blocks.chunks : process.stdin;
  let gunzip: ReturnType<typeof createGunzip> | undefined;
  const close = (): void => {
    // A decompressor stopped early may still be inflating the file's buffer on the thread pool: that buffer
    // then does not serve the next files.
    blocks?.close(gunzip === undefined);
    gunzip?.destroy();
  };
  try {
    let { head, chunks } = await peek(raw, 4);
    const compressed = isGzip(head);
    if (compressed) {
      gunzip = createGunzip();
      // pipeline destroys both sides on a read or inflate error, which the consumer then sees as a throw
      pipeline(Readable.from(chunks), gunzip, () => {});
      ({ head, chunks } = await peek(gunzip, 4));
    }
    const transcoded = head[0] === 0xff && head[1] === 0xfe;
    if (transcoded) chunks = utf16ToUtf8(chunks);
    ({ head, chunks } = await peek(chunks, SNIFF_BYTES));
    const recycleBlocks = (): void => {
      if (!compressed && !transcoded) blocks?.recycle();
    };
    return { head, chunks, compressed, close, recycleBlocks };
  } catch (e) {
    close();
    throw e;
  }
}

/**
 * Reads one file (a path as listed by `listLogFiles`, or `-`), without looking it up first: yields its
 * records and reports its summary through `onFileEnd`. A missing or unreadable file is one error result.
 */
export async function* readLogFile(
  file: string,
  options: ReadLogOptions = {},
): AsyncGenerator<LogRecordResult> {
  for await (const batch of readLogFileBatches(file, options))
    for (let i = 0; i < batch.length; i++) yield batch[i]!;
}

/**
 * `readLogFile` in batches: an EVTX file a chunk's records at a time, other formats up to 128 records of a read
 * block at a time. What a hunt reads through, so that each async step carries many records.
 */
export async function* readLogFileBatches(
  file: string,
  options: ReadLogOptions = {},
): AsyncGenerator<readonly LogRecordResult[]> {
  const name = file === '-' ? '<stdin>' : file;
  let good = 0;
  let bad = 0;
  let format: LogFormat | undefined;
  let reason = '';
  let compressed = false;
  const finish = (error?: StormwatchError): void => {
    options.onFileEnd?.({ file: name, format, reason, compressed, good, bad, ...(error ? { error } : {}) });
  };
  const fileError = (error: StormwatchError): LogRecordResult => {
    bad++;
    return { ok: false, error, source: { file: name, ...(format ? { format } : {}), index: good + bad - 1 } };
  };
  let opened: OpenedLog | undefined;
  try {
    opened = await openLog(file);
    const { head, chunks } = opened;
    compressed = opened.compressed;
    const sniff: FormatSniff = sniffLogFormat(head);
    const forced = options.format !== undefined && options.format !== 'auto' ? options.format : undefined;
    format = forced ?? sniff.format;
    reason = forced ? `--format ${forced}` : sniff.reason;
    if (format === undefined) {
      const error = new StormwatchError({
        code: 'HUNT_INPUT_UNKNOWN_FORMAT',
        kind: 'input',
        message: `cannot tell the log format of ${name}: ${sniff.reason}`,
        location: { file: name, offset: 0 },
        hint: /\.ya?ml$/i.test(name)
          ? 'This looks like a Sigma rule or pipeline, not a log: give rules with --rules <path> (once per path) and pipelines with --pipeline.'
          : 'Pass --input-format evtx|evtx-json|ecs-ndjson|flat-ndjson|xml to force one.',
      });
      yield [fileError(error)];
      finish(error);
      return;
    }
    if (format === 'evtx') {
      if (options.evtx === undefined) opened.recycleBlocks();
      for await (const batch of (options.evtx ?? readEvtxRecords)(name, chunks)) {
        for (let i = 0; i < batch.length; i++) {
          if (batch[i]!.ok) good++;
          else bad++;
        }
        yield batch;
      }
      finish();
      return;
    }
    const framing = format === 'xml' ? undefined : sniff.framing === 'lines' && !forced ? 'lines' : 'values';
    for await (const batch of parseLogRecordBatches(chunks, {
      file: name,
      format,
      ...(framing === 'lines' ? { framing } : {}),
      ...(options.maxRecordBytes !== undefined ? { maxRecordBytes: options.maxRecordBytes } : {}),
    })) {
      for (let i = 0; i < batch.length; i++) {
        if (batch[i]!.ok) good++;
        else bad++;
      }
      yield batch;
    }
    finish();
  } catch (e) {
    const error = new StormwatchError({
      code: 'HUNT_INPUT_READ',
      kind: 'input',
      message: `reading ${name} failed after ${good + bad} records: ${e instanceof Error ? e.message : String(e)}`,
      location: { file: name },
      hint: 'The file is unreadable or its compression is damaged; records before the failure were kept.',
      cause: e,
    });
    yield [fileError(error)];
    finish(error);
  } finally {
    opened?.close();
  }
}

/**
 * Reads every log record under `paths` (files, folders, `-` for stdin), one file after another.
 * Never throws for bad files or records: each becomes an `{ ok: false }` result with a located error.
 */
export async function* readLogEvents(
  paths: string | readonly string[],
  options: ReadLogOptions = {},
): AsyncGenerator<LogRecordResult> {
  const list = typeof paths === 'string' ? [paths] : paths;
  for await (const entry of listLogFiles(list, { recursive: options.recursive ?? false })) {
    if ('error' in entry) {
      options.onFileEnd?.({
        file: entry.file,
        format: undefined,
        reason: 'not readable',
        compressed: false,
        good: 0,
        bad: 1,
        error: entry.error,
      });
      yield { ok: false, error: entry.error, source: { file: entry.file, index: 0 } };
      continue;
    }
    for await (const batch of readLogFileBatches(entry.file, options))
      for (let i = 0; i < batch.length; i++) yield batch[i]!;
  }
}

/** Sniffs one file's format (decompressing `.gz`), reading at most the sniff window. */
export async function detectLogFileFormat(file: string): Promise<FormatSniff & { compressed: boolean }> {
  const opened = await openLog(file);
  try {
    return { ...sniffLogFormat(opened.head), compressed: opened.compressed };
  } finally {
    opened.close();
  }
}
