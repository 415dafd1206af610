/**
 * The 512-byte chunk header ("ElfChnk\0") at the start of every 64 KiB chunk: record number/id ranges,
 * last-record and free-space offsets, the event-records CRC-32 and the header CRC-32 over bytes
 * [0,120) ∪ [128,512) (libyal EVTX format §Chunk header), plus the common-string and template-pointer tables.
 */
import { type Crc32Fn, crc32 as jsCrc32 } from './crc32.js';
import { evtxError } from './evtx-error.js';
import { u32, u64n } from './little-endian.js';

export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
const MAGIC = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]; // "ElfChnk\0"

export interface ChunkHeader {
  readonly firstRecordNumber: number;
  readonly lastRecordNumber: number;
  readonly firstRecordId: number;
  readonly lastRecordId: number;
  readonly headerSize: number;
  /** Chunk-relative offset of the last event record. */
  readonly lastRecordOffset: number;
  /** Chunk-relative offset of the free space after the records. */
  readonly freeSpaceOffset: number;
  readonly recordsChecksum: number;
  readonly computedRecordsChecksum: number;
  readonly recordsChecksumValid: boolean;
  readonly flags: number;
  readonly checksum: number;
  readonly computedChecksum: number;
  readonly checksumValid: boolean;
  /** 64 chunk-relative offsets of common strings (0 = unused). */
  readonly commonStringOffsets: readonly number[];
  /** 32 chunk-relative offsets of template definitions (0 = unused). */
  readonly templatePointers: readonly number[];
}

/** True when the 8 bytes at `o` are "ElfChnk\0". */
export function hasChunkMagic(b: Uint8Array, o = 0): boolean {
  for (let i = 0; i < 8; i++) if (b[o + i] !== MAGIC[i]) return false;
  return true;
}

/** True when the whole chunk is zero bytes (pre-allocated, never written). */
export function isEmptyChunk(chunk: Uint8Array): boolean {
  // A chunk in use starts with its signature: answer without scanning 64 KiB.
  if (chunk.length > 0 && chunk[0] !== 0) return false;
  if ((chunk.byteOffset & 3) !== 0) {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] !== 0) return false;
    return true;
  }
  const words = new Uint32Array(chunk.buffer, chunk.byteOffset, chunk.byteLength >>> 2);
  const n = words.length & ~3;
  let i = 0;
  // Four words per test: the scan of an unused chunk (most of a pre-allocated log) is memory-bound.
  for (; i < n; i += 4) if ((words[i]! | words[i + 1]! | words[i + 2]! | words[i + 3]!) !== 0) return false;
  for (; i < words.length; i++) if (words[i] !== 0) return false;
  return true;
}

/**
 * Parses the chunk header of `chunk` (a 64 KiB view). `fileOffset` is only used in error locations.
 * Throws `evtx.chunk.bad-magic` / `evtx.chunk.truncated`; CRC results are returned, not thrown. `crc32` may be
 * a faster native implementation.
 */
export function parseChunkHeader(
  chunk: Uint8Array,
  fileOffset: number,
  crc32: Crc32Fn = jsCrc32,
): ChunkHeader {
  if (chunk.length < CHUNK_HEADER_SIZE) {
    throw evtxError(
      'chunk.truncated',
      `chunk is ${chunk.length} bytes, shorter than its 512-byte header`,
      fileOffset,
      'ChunkHeader',
      'the file is truncated: records in the missing part are lost',
    );
  }
  if (!hasChunkMagic(chunk)) {
    throw evtxError(
      'chunk.bad-magic',
      'chunk does not start with the signature "ElfChnk\\0"',
      fileOffset,
      'ChunkHeader.magic',
      'the chunk is overwritten or corrupt: use --recover to carve its records',
    );
  }
  const freeSpaceOffset = u32(chunk, 48);
  const recordsEnd = Math.min(Math.max(freeSpaceOffset, CHUNK_HEADER_SIZE), chunk.length);
  const recordsChecksum = u32(chunk, 52);
  const computedRecordsChecksum = crc32(chunk, CHUNK_HEADER_SIZE, recordsEnd);
  const checksum = u32(chunk, 124);
  const computedChecksum = crc32(chunk, 128, CHUNK_HEADER_SIZE, crc32(chunk, 0, 120));
  const commonStringOffsets: number[] = [];
  for (let i = 0; i < 64; i++) commonStringOffsets.push(u32(chunk, 128 + i * 4));
  const templatePointers: number[] = [];
  for (let i = 0; i < 32; i++) templatePointers.push(u32(chunk, 384 + i * 4));
  return {
    firstRecordNumber: u64n(chunk, 8),
    lastRecordNumber: u64n(chunk, 16),
    firstRecordId: u64n(chunk, 24),
    lastRecordId: u64n(chunk, 32),
    headerSize: u32(chunk, 40),
    lastRecordOffset: u32(chunk, 44),
    freeSpaceOffset,
    recordsChecksum,
    computedRecordsChecksum,
    recordsChecksumValid: recordsChecksum === computedRecordsChecksum,
    flags: u32(chunk, 120),
    checksum,
    computedChecksum,
    checksumValid: checksum === computedChecksum,
    commonStringOffsets,
    templatePointers,
  };
}
