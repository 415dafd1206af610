/**
 * Reads one 64 KiB chunk: validates its header and checksums, walks the event records from offset 512 to
 * the free-space offset (re-synchronising on the record signature after garbage), parses each record's
 * BinXml with the chunk's shared name/template tables and renders it. Every problem becomes a located
 * per-record or per-chunk error; the walk always continues. With `recover`, records are also carved from
 * the chunk's slack (and from chunks whose header is destroyed).
 */

import type { StormwatchError } from '../shared/index.js';
import type { EvtxLimits } from './binxml-node.js';
import { parseBinXml } from './binxml-parser.js';
import { createChunkContext, DEFAULT_LIMITS } from './chunk-context.js';
import { CHUNK_HEADER_SIZE, type ChunkHeader, isEmptyChunk, parseChunkHeader } from './chunk-header.js';
import type { Crc32Fn } from './crc32.js';
import { asEvtxError, evtxError, withHint } from './evtx-error.js';
import type { EvtxRecord } from './evtx-record.js';
import { hasRecordMagic, parseRecordHeader, RECORD_HEADER_SIZE } from './record-header.js';
import { formatFiletime } from './value-format.js';

/** Turns a parsed record into the caller's output (JSON, XML, flat event, or anything else). */
export type EvtxRenderer<T> = (record: EvtxRecord) => T;

export interface EvtxOk<T> {
  readonly ok: true;
  readonly record: EvtxRecord;
  readonly value: T;
}

export interface EvtxFailure {
  readonly ok: false;
  readonly error: StormwatchError;
  /** What the error affects: the file header, a whole chunk, or one record. */
  readonly scope: 'file' | 'chunk' | 'record';
  /** Chunk index (file order), -1 for file-level errors. */
  readonly chunkIndex: number;
  /** File offset of the problem. */
  readonly offset: number;
  readonly recordId?: number;
}

export type EvtxResult<T> = EvtxOk<T> | EvtxFailure;

export interface ChunkReadOptions<T> {
  readonly render: EvtxRenderer<T>;
  /** Carve records from slack space and from chunks with a destroyed header. */
  readonly recover?: boolean;
  readonly limits?: EvtxLimits;
  /** CRC-32 implementation (defaults to the portable one; the app layer passes node:zlib's). */
  readonly crc32?: Crc32Fn;
}

export interface ChunkReport<T> {
  readonly index: number;
  readonly fileOffset: number;
  /** `empty`: never written (all zero); `bad`: header unusable; `ok`: header parsed. */
  readonly status: 'ok' | 'empty' | 'bad';
  readonly header: ChunkHeader | undefined;
  /** Allocated records and errors, in chunk order. */
  readonly items: EvtxResult<T>[];
  /** Records carved by recovery (not yet de-duplicated against other chunks). */
  readonly carved: EvtxOk<T>[];
}

const RECOVERED_HINT =
  'the chunk is overwritten or corrupt: its records that still parse and render were carved (--recover)';

function findSignature(b: Uint8Array, from: number, to: number): number {
  for (let i = from; i + 4 <= to; i++) {
    if (b[i] === 0x2a && b[i + 1] === 0x2a && b[i + 2] === 0 && b[i + 3] === 0) return i;
  }
  return -1;
}

/** Reads the chunk `bytes` (64 KiB, or a truncated tail) found at `fileOffset`, index `index` in the file. */
export function readChunk<T>(
  bytes: Uint8Array,
  index: number,
  fileOffset: number,
  opts: ChunkReadOptions<T>,
): ChunkReport<T> {
  const items: EvtxResult<T>[] = [];
  const carved: EvtxOk<T>[] = [];
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const ctx = createChunkContext(bytes, fileOffset, limits);
  const fail = (
    error: StormwatchError,
    scope: 'chunk' | 'record',
    offset: number,
    recordId?: number,
  ): void => {
    items.push({
      ok: false,
      error,
      scope,
      chunkIndex: index,
      offset,
      ...(recordId === undefined ? {} : { recordId }),
    });
  };

  if (isEmptyChunk(bytes)) return { index, fileOffset, status: 'empty', header: undefined, items, carved };

  let header: ChunkHeader | undefined;
  try {
    header = parseChunkHeader(bytes, fileOffset, opts.crc32);
  } catch (e) {
    const error = asEvtxError(e, fileOffset, 'ChunkHeader');
    // A bad signature's hint suggests recovery: say what it did when it is on.
    const carving = opts.recover === true && error.code === 'evtx.chunk.bad-magic';
    fail(carving ? withHint(error, RECOVERED_HINT) : error, 'chunk', fileOffset);
  }
  if (!header) {
    if (opts.recover) carve(bytes, CHUNK_HEADER_SIZE, bytes.length, new Set(), ctx, index, opts, carved);
    return { index, fileOffset, status: 'bad', header, items, carved };
  }
  if (bytes.length < 65536) {
    fail(
      evtxError(
        'chunk.truncated',
        `chunk is cut off after ${bytes.length} of 65536 bytes`,
        fileOffset + bytes.length,
        'Chunk',
        'the file is truncated: records past the cut are lost',
      ),
      'chunk',
      fileOffset + bytes.length,
    );
  }
  if (!header.checksumValid) {
    fail(
      evtxError(
        'chunk.bad-checksum',
        `chunk header CRC-32 0x${header.checksum.toString(16)} does not match computed 0x${header.computedChecksum.toString(16)}`,
        fileOffset + 124,
        'ChunkHeader.checksum',
        'the header may be corrupt; its records are still read',
      ),
      'chunk',
      fileOffset + 124,
    );
  }
  const fso = header.freeSpaceOffset;
  const limit = fso > CHUNK_HEADER_SIZE && fso <= bytes.length ? fso : bytes.length;
  if (!header.recordsChecksumValid && fso <= bytes.length) {
    fail(
      evtxError(
        'chunk.bad-records-checksum',
        `event records CRC-32 0x${header.recordsChecksum.toString(16)} does not match computed 0x${header.computedRecordsChecksum.toString(16)}`,
        fileOffset + 52,
        'ChunkHeader.eventRecordsChecksum',
        'some records in this chunk may be damaged; each is still parsed and checked',
      ),
      'chunk',
      fileOffset + 52,
    );
  }

  // Record ids are only needed to keep carving from re-reading allocated records.
  const seen = opts.recover ? new Set<number>() : undefined;
  let o = CHUNK_HEADER_SIZE;
  let end = o;
  while (o + RECORD_HEADER_SIZE <= limit) {
    if (!hasRecordMagic(bytes, o)) {
      // Zero fill before the free-space offset is not garbage worth reporting only when nothing follows.
      const next = findSignature(bytes, o + 1, limit);
      let zero = true;
      for (let i = o; i < (next < 0 ? limit : next) && zero; i++) zero = bytes[i] === 0;
      if (!zero) {
        fail(
          evtxError(
            'record.bad-magic',
            `${(next < 0 ? limit : next) - o} bytes of garbage where a record signature was expected`,
            fileOffset + o,
            'EventRecord.signature',
          ),
          'record',
          fileOffset + o,
        );
      }
      if (next < 0) break;
      o = next;
      continue;
    }
    let size: number;
    let recordId: number | undefined;
    try {
      const rh = parseRecordHeader(bytes, o, limit, fileOffset);
      size = rh.size;
      recordId = rh.recordId;
      const nodes = parseBinXml(ctx, o + RECORD_HEADER_SIZE, o + size - 4);
      const record: EvtxRecord = {
        recordId: rh.recordId,
        written: formatFiletime(rh.writtenLow, rh.writtenHigh, 7),
        offset: fileOffset + o,
        chunkIndex: index,
        recovered: false,
        nodes,
        ctx,
      };
      const value = opts.render(record);
      seen?.add(rh.recordId);
      items.push({ ok: true, record, value });
    } catch (e) {
      fail(asEvtxError(e, fileOffset + o, 'EventRecord'), 'record', fileOffset + o, recordId);
      if (recordId === undefined) {
        // Framing unusable: resynchronise on the next signature.
        const next = findSignature(bytes, o + 4, limit);
        if (next < 0) break;
        o = next;
        continue;
      }
      size = (bytes[o + 4]! | (bytes[o + 5]! << 8) | (bytes[o + 6]! << 16) | (bytes[o + 7]! << 24)) >>> 0;
    }
    o += size;
    end = o;
  }
  if (seen) carve(bytes, Math.max(end, limit), bytes.length, seen, ctx, index, opts, carved);
  return { index, fileOffset, status: 'ok', header, items, carved };
}

/**
 * Scans `[from, to)` for record signatures and keeps every candidate that parses and renders cleanly, each of
 * its template instances naming the definition it points at (slack records often point at space reused since).
 */
function carve<T>(
  bytes: Uint8Array,
  from: number,
  to: number,
  seen: Set<number>,
  ctx: ReturnType<typeof createChunkContext>,
  index: number,
  opts: ChunkReadOptions<T>,
  out: EvtxOk<T>[],
): void {
  ctx.carving = true;
  try {
    carveFrom(bytes, from, to, seen, ctx, index, opts, out);
  } finally {
    ctx.carving = false;
  }
}

function carveFrom<T>(
  bytes: Uint8Array,
  from: number,
  to: number,
  seen: Set<number>,
  ctx: ReturnType<typeof createChunkContext>,
  index: number,
  opts: ChunkReadOptions<T>,
  out: EvtxOk<T>[],
): void {
  let o = findSignature(bytes, from, to);
  while (o >= 0 && o + RECORD_HEADER_SIZE <= to) {
    let next = o + 4;
    try {
      const rh = parseRecordHeader(bytes, o, to, ctx.fileOffset);
      if (!seen.has(rh.recordId)) {
        const nodes = parseBinXml(ctx, o + RECORD_HEADER_SIZE, o + rh.size - 4);
        const record: EvtxRecord = {
          recordId: rh.recordId,
          written: formatFiletime(rh.writtenLow, rh.writtenHigh, 7),
          offset: ctx.fileOffset + o,
          chunkIndex: index,
          recovered: true,
          nodes,
          ctx,
        };
        const value = opts.render(record);
        seen.add(rh.recordId);
        out.push({ ok: true, record, value });
        next = o + rh.size;
      }
    } catch {
      // A signature-looking byte sequence that is not a record: keep scanning.
    }
    o = findSignature(bytes, next, to);
  }
}
