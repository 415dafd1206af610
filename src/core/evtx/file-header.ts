/**
 * The 4096-byte EVTX file header ("ElfFile\0"): chunk counts, next record id, format version,
 * dirty/full flags and the CRC-32 over its first 120 bytes (libyal EVTX format §File header).
 */
import { crc32 } from './crc32.js';
import { evtxError } from './evtx-error.js';
import { u16, u32, u64n } from './little-endian.js';

/** Size of the file header block; the first chunk starts here. */
export const FILE_HEADER_SIZE = 4096;
const MAGIC = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]; // "ElfFile\0"

export const FILE_FLAG_DIRTY = 0x1;
export const FILE_FLAG_FULL = 0x2;

/** Parsed file header fields. */
export interface FileHeader {
  readonly firstChunkNumber: number;
  readonly lastChunkNumber: number;
  readonly nextRecordId: number;
  readonly headerSize: number;
  readonly minorVersion: number;
  readonly majorVersion: number;
  readonly headerBlockSize: number;
  readonly chunkCount: number;
  readonly flags: number;
  /** Flag 0x1: the log was not closed cleanly; the header counts may lag behind the chunks. */
  readonly isDirty: boolean;
  /** Flag 0x2: the log reached its maximum size. */
  readonly isFull: boolean;
  readonly checksum: number;
  readonly computedChecksum: number;
  readonly checksumValid: boolean;
}

/** True when `b` starts with the "ElfFile\0" signature. */
export function hasFileMagic(b: Uint8Array, o = 0): boolean {
  for (let i = 0; i < 8; i++) if (b[o + i] !== MAGIC[i]) return false;
  return true;
}

/**
 * Parses the file header at the start of `b` (needs at least 128 bytes). Throws `evtx.file.bad-magic`
 * or `evtx.file.truncated`; a CRC mismatch is reported through `checksumValid`, not thrown.
 */
export function parseFileHeader(b: Uint8Array): FileHeader {
  if (b.length < 128) {
    throw evtxError(
      'file.truncated',
      `file is ${b.length} bytes, shorter than the 128-byte EVTX file header`,
      0,
      'FileHeader',
      'is this really an .evtx file? it may have been truncated during copy',
    );
  }
  if (!hasFileMagic(b)) {
    throw evtxError(
      'file.bad-magic',
      'file does not start with the EVTX signature "ElfFile\\0"',
      0,
      'FileHeader.magic',
      'not an EVTX file, or its header is destroyed: chunks are still read at their offsets (--recover also carves records from damaged ones)',
    );
  }
  const flags = u32(b, 120);
  const checksum = u32(b, 124);
  const computedChecksum = crc32(b, 0, 120);
  return {
    firstChunkNumber: u64n(b, 8),
    lastChunkNumber: u64n(b, 16),
    nextRecordId: u64n(b, 24),
    headerSize: u32(b, 32),
    minorVersion: u16(b, 36),
    majorVersion: u16(b, 38),
    headerBlockSize: u16(b, 40),
    chunkCount: u16(b, 42),
    flags,
    isDirty: (flags & FILE_FLAG_DIRTY) !== 0,
    isFull: (flags & FILE_FLAG_FULL) !== 0,
    checksum,
    computedChecksum,
    checksumValid: checksum === computedChecksum,
  };
}
