/**
 * Whole-file reading over bytes: the file header, then every chunk, records in record order (chunks sorted
 * by their first record id, which matters for wrapped circular logs), then — with `recover` — records carved
 * from slack, destroyed chunks and a truncated tail, de-duplicated by record id and offset. A streaming
 * variant reads an async iterable of byte blocks with bounded memory (chunks in file order).
 */

import type { StormwatchError } from '../shared/index.js';
import type { EvtxLimits } from './binxml-node.js';
import { frameEvtxBlocks } from './block-framer.js';
import { CHUNK_SIZE } from './chunk-header.js';
import {
  type ChunkReport,
  type EvtxFailure,
  type EvtxOk,
  type EvtxRenderer,
  type EvtxResult,
  readChunk,
} from './chunk-reader.js';
import type { Crc32Fn } from './crc32.js';
import { asEvtxError, evtxError } from './evtx-error.js';
import { FILE_HEADER_SIZE, type FileHeader, parseFileHeader } from './file-header.js';
import { u64n } from './little-endian.js';

export interface EvtxReadOptions<T> {
  readonly render: EvtxRenderer<T>;
  readonly recover?: boolean;
  readonly limits?: EvtxLimits;
  /** CRC-32 implementation for chunk checksums (defaults to the portable one). */
  readonly crc32?: Crc32Fn;
  /** `record` (default): chunks ordered by first record id; `file`: chunks in file order. */
  readonly order?: 'record' | 'file';
}

/** Parses the file header, turning problems into file-level failures (reading goes on regardless). */
export function checkFileHeader(bytes: Uint8Array): {
  header: FileHeader | undefined;
  failures: EvtxFailure[];
} {
  const failures: EvtxFailure[] = [];
  let header: FileHeader | undefined;
  try {
    header = parseFileHeader(bytes);
    if (!header.checksumValid) {
      failures.push({
        ok: false,
        scope: 'file',
        chunkIndex: -1,
        offset: 124,
        error: evtxError(
          'file.bad-checksum',
          `file header CRC-32 0x${header.checksum.toString(16)} does not match computed 0x${header.computedChecksum.toString(16)}`,
          124,
          'FileHeader.checksum',
          'the header is damaged; chunks are still read',
        ),
      });
    }
  } catch (e) {
    failures.push({
      ok: false,
      scope: 'file',
      chunkIndex: -1,
      offset: 0,
      error: asEvtxError(e, 0, 'FileHeader'),
    });
  }
  return { header, failures };
}

/**
 * File-level failures when a file of `size` bytes holds less than its header announces: it ends inside the
 * 4096-byte header block, or before the last of the header's chunks (a file cut on a chunk boundary reads
 * cleanly otherwise). More chunks than announced is normal (a dirty log). A header that did not parse, or
 * whose CRC is wrong, is not trusted for its chunk count.
 */
export function checkFileExtent(header: FileHeader | undefined, size: number): EvtxFailure[] {
  if (header === undefined) return [];
  const announced = header.chunkCount;
  const present = chunkCount(size);
  let error: StormwatchError | undefined;
  if (size < FILE_HEADER_SIZE) {
    error = evtxError(
      'file.truncated',
      `file ends after ${size} bytes, inside the 4096-byte header block (the header announces ${announced} chunks)`,
      size,
      'FileHeader',
      'the file was cut short (an incomplete copy or download?): its records are lost',
    );
  } else if (header.checksumValid && announced > present) {
    error = evtxError(
      'file.truncated',
      `the file header announces ${announced} chunks (${FILE_HEADER_SIZE + announced * CHUNK_SIZE} bytes) but the file ends after ${present} chunks (${size} bytes)`,
      size,
      'FileHeader.chunkCount',
      `the file was cut short (an incomplete copy or download?): the records of the last ${announced - present} chunks are lost`,
    );
  }
  return error === undefined ? [] : [{ ok: false, scope: 'file', chunkIndex: -1, offset: size, error }];
}

/** Drops carved records whose record id (or offset) was already produced. */
export class CarveDeduplicator {
  private readonly ids = new Set<number>();
  private readonly offsets = new Set<number>();

  /** Registers an allocated record. */
  allocated(recordId: number, offset: number): void {
    this.ids.add(recordId);
    this.offsets.add(offset);
  }

  /** Returns true (and registers it) when a carved record is new. */
  accept(recordId: number, offset: number): boolean {
    if (this.ids.has(recordId) || this.offsets.has(offset)) return false;
    this.ids.add(recordId);
    this.offsets.add(offset);
    return true;
  }
}

function chunkCount(len: number): number {
  return len <= FILE_HEADER_SIZE ? 0 : Math.ceil((len - FILE_HEADER_SIZE) / CHUNK_SIZE);
}

/** Order of chunk indexes: by first record id (valid chunks) with unreadable chunks at their file position. */
export function chunkOrder(firstRecordIds: readonly (number | undefined)[]): number[] {
  const idx = firstRecordIds.map((_, i) => i);
  const valid = idx.filter((i) => firstRecordIds[i] !== undefined);
  const sorted = [...valid].sort((a, b) => firstRecordIds[a]! - firstRecordIds[b]! || a - b);
  let k = 0;
  return idx.map((i) => (firstRecordIds[i] === undefined ? i : sorted[k++]!));
}

/** First record id from a chunk header, or undefined when the header is unusable. */
export function peekFirstRecordId(chunk: Uint8Array): number | undefined {
  if (chunk.length < 512 || chunk[0] !== 0x45 || chunk[3] !== 0x43) return undefined;
  return u64n(chunk, 24);
}

/** Reads an EVTX file held in memory. Yields records and located failures; never throws on bad input. */
export function* readEvtx<T>(bytes: Uint8Array, opts: EvtxReadOptions<T>): Generator<EvtxResult<T>> {
  const { header, failures } = checkFileHeader(bytes);
  yield* failures;
  const n = chunkCount(bytes.length);
  const chunkAt = (i: number): Uint8Array =>
    bytes.subarray(
      FILE_HEADER_SIZE + i * CHUNK_SIZE,
      Math.min(bytes.length, FILE_HEADER_SIZE + (i + 1) * CHUNK_SIZE),
    );
  let order = Array.from({ length: n }, (_, i) => i);
  if ((opts.order ?? 'record') === 'record')
    order = chunkOrder(order.map((i) => peekFirstRecordId(chunkAt(i))));
  const dedup = new CarveDeduplicator();
  const carved: EvtxOk<T>[] = [];
  for (const i of order) {
    const report: ChunkReport<T> = readChunk(chunkAt(i), i, FILE_HEADER_SIZE + i * CHUNK_SIZE, opts);
    // Index loops: `for…of` allocates an iterator result per record until the code is optimised.
    const items = report.items;
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      if (opts.recover && item.ok) dedup.allocated(item.record.recordId, item.record.offset);
      yield item;
    }
    for (const c of report.carved) carved.push(c);
  }
  yield* checkFileExtent(header, bytes.length);
  for (const c of carved) if (dedup.accept(c.record.recordId, c.record.offset)) yield c;
}

/**
 * Reads an EVTX file from a stream of byte blocks (any block sizes). Memory stays at about one chunk;
 * chunks are processed in file order; carved records are de-duplicated against everything seen before.
 */
export async function* readEvtxStream<T>(
  source: AsyncIterable<Uint8Array>,
  opts: EvtxReadOptions<T>,
): AsyncGenerator<EvtxResult<T>> {
  for await (const batch of readEvtxStreamChunks(source, opts))
    for (let i = 0; i < batch.length; i++) yield batch[i]!;
}

/**
 * `readEvtxStream` one block at a time: the file header's failures, then each chunk's results (its records,
 * then — with `recover` — the records carved from it that are new), and at the end a `file.truncated` failure
 * when the stream held less than its header announces (`checkFileExtent`). A consumer crossing several async
 * layers pays for each layer once per chunk instead of once per record.
 */
export async function* readEvtxStreamChunks<T>(
  source: AsyncIterable<Uint8Array>,
  opts: EvtxReadOptions<T>,
): AsyncGenerator<readonly EvtxResult<T>[]> {
  const dedup = new CarveDeduplicator();
  // Only recovery carves records, so only then are allocated records registered for de-duplication.
  const recover = opts.recover === true;
  let header: FileHeader | undefined;
  let size = 0;
  for await (const block of frameEvtxBlocks(source)) {
    size += block.bytes.length;
    if (block.kind === 'chunk') {
      const report = readChunk(block.bytes, block.index, block.fileOffset, opts);
      const items = report.items;
      if (!recover) {
        if (items.length > 0) yield items;
        continue;
      }
      const out: EvtxResult<T>[] = items.slice();
      for (let k = 0; k < items.length; k++) {
        const item = items[k]!;
        if (item.ok) dedup.allocated(item.record.recordId, item.record.offset);
      }
      for (const c of report.carved) if (dedup.accept(c.record.recordId, c.record.offset)) out.push(c);
      if (out.length > 0) yield out;
      continue;
    }
    const checked = checkFileHeader(block.bytes);
    header = checked.header;
    if (checked.failures.length > 0) yield checked.failures;
  }
  const cut = checkFileExtent(header, size);
  if (cut.length > 0) yield cut;
}
