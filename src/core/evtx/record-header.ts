/**
 * The event record framing inside a chunk: signature 0x00002a2a, size, record id, written FILETIME,
 * BinXml payload and the trailing copy of the size (libyal EVTX format §Event record).
 */
import { evtxError } from './evtx-error.js';
import { u32, u64n } from './little-endian.js';

export const RECORD_HEADER_SIZE = 24;
/** Smallest plausible record: header, a fragment header + EOF, and the size copy. */
export const MIN_RECORD_SIZE = 32;

export interface RecordHeader {
  /** Chunk-relative offset of the record signature. */
  readonly offset: number;
  readonly size: number;
  readonly recordId: number;
  /** FILETIME (100 ns ticks since 1601) as a number of ticks (exact to 2^53; precise to ~1 µs beyond). */
  readonly writtenLow: number;
  readonly writtenHigh: number;
}

/** True when the 4 bytes at `o` are the record signature "**\0\0". */
export function hasRecordMagic(b: Uint8Array, o: number): boolean {
  return b[o] === 0x2a && b[o + 1] === 0x2a && b[o + 2] === 0 && b[o + 3] === 0;
}

/**
 * Parses and validates the record framing at chunk offset `o`. `fileBase` is the chunk's file offset, for
 * error locations. Throws located errors for a bad signature, impossible size or mismatching size copy.
 */
export function parseRecordHeader(
  chunk: Uint8Array,
  o: number,
  limit: number,
  fileBase: number,
): RecordHeader {
  if (!hasRecordMagic(chunk, o)) {
    throw evtxError(
      'record.bad-magic',
      'record signature 0x00002a2a not found',
      fileBase + o,
      'EventRecord.signature',
    );
  }
  const size = u32(chunk, o + 4);
  if (size < MIN_RECORD_SIZE || o + size > limit) {
    throw evtxError(
      'record.bad-size',
      `record size ${size} does not fit the chunk (record at chunk offset ${o}, limit ${limit})`,
      fileBase + o + 4,
      'EventRecord.size',
    );
  }
  const copy = u32(chunk, o + size - 4);
  if (copy !== size) {
    throw evtxError(
      'record.size-mismatch',
      `record size ${size} differs from its trailing copy ${copy}`,
      fileBase + o + size - 4,
      'EventRecord.sizeCopy',
    );
  }
  return {
    offset: o,
    size,
    recordId: u64n(chunk, o + 8),
    writtenLow: u32(chunk, o + 16),
    writtenHigh: u32(chunk, o + 20),
  };
}
