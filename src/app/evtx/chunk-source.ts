/**
 * Chunk sources: splits an EVTX file (plain path, `.gz` path, byte buffer or byte stream) into the file
 * header block and 64 KiB chunks. Plain files are read with positional reads, chunk by chunk, in record
 * order (chunks sorted by their first record id); compressed files and streams arrive in file order.
 * Memory stays at a few chunks whatever the file size. With worker threads, large plain files are split into
 * extents (`lazyChunksOf`) that each worker reads itself: the reading thread then never copies chunk bytes.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import {
  CHUNK_SIZE,
  checkFileExtent,
  checkFileHeader,
  chunkOrder,
  type EvtxFailure,
  FILE_HEADER_SIZE,
  type FileHeader,
  frameEvtxBlocks,
  peekFirstRecordId,
} from '../../core/evtx/index.js';
import { StormwatchError } from '../../core/shared/index.js';

export type ChunkPiece =
  | { readonly kind: 'failures'; readonly failures: EvtxFailure[] }
  | {
      readonly kind: 'chunk';
      readonly index: number;
      readonly fileOffset: number;
      readonly bytes: Uint8Array;
    };

export type EvtxInput = string | Uint8Array | AsyncIterable<Uint8Array>;

/** A plain file kept open while its extents are read; whoever consumes the extents closes it (`closeEvtxFile`). */
export interface OpenEvtxFile {
  readonly fd: number;
  closed: boolean;
}

/** A chunk not read yet: `length` bytes at `fileOffset` of `file`, to be read where it is rendered. */
export interface ChunkExtent {
  readonly kind: 'extent';
  readonly index: number;
  readonly fileOffset: number;
  readonly length: number;
  readonly file: OpenEvtxFile;
}

/** Closes an open file once (later calls do nothing). */
export function closeEvtxFile(f: OpenEvtxFile): void {
  if (f.closed) return;
  f.closed = true;
  closeSync(f.fd);
}

/**
 * Reads `length` bytes at `fileOffset` of the open descriptor `fd` into `into` (reused by the caller) and
 * returns the bytes read: fewer when the file was cut short meanwhile (the chunk reader reports the cut).
 * Positional reads, so threads may read one descriptor at once (a whole small file, a chunk extent). A failed
 * read is a located error.
 */
export function readBytesAt(
  fd: number,
  fileOffset: number,
  length: number,
  into: Uint8Array,
  file: string,
): Uint8Array {
  let got = 0;
  try {
    while (got < length) {
      const n = readSync(fd, into, got, length - got, fileOffset + got);
      if (n === 0) break;
      got += n;
    }
  } catch (e) {
    throw new StormwatchError({
      code: 'evtx.file.unreadable',
      kind: 'input',
      message: `cannot read ${length} bytes at offset ${fileOffset} of ${file}: ${(e as Error).message}`,
      location: { file, offset: fileOffset + got },
      hint: 'the file became unreadable while it was read (removed, truncated or an I/O error)',
    });
  }
  return into.subarray(0, got);
}

function directoryError(file: string): StormwatchError {
  return new StormwatchError({
    code: 'evtx.file.is-directory',
    kind: 'input',
    message: 'is a directory (EISDIR), not an .evtx file',
    location: { file },
    hint: `pass the .evtx files in it (e.g. '${file.replace(/\/+$/, '')}/*.evtx'); 'stormwatch hunt' reads folders`,
  });
}

function openError(file: string, e: unknown): StormwatchError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return directoryError(file);
  return new StormwatchError({
    code: code === 'ENOENT' ? 'evtx.file.not-found' : 'evtx.file.unreadable',
    kind: code === 'ENOENT' ? 'not-found' : 'input',
    message: `cannot read ${file}: ${(e as Error).message}`,
    location: { file },
    hint: code === 'ENOENT' ? 'check the path' : 'check permissions',
  });
}

/**
 * Splits a stream of byte blocks into the header block and chunks (file order), then the failure of a stream
 * shorter than its header announces.
 */
export async function* chunksOfStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<ChunkPiece> {
  let header: FileHeader | undefined;
  let size = 0;
  for await (const block of frameEvtxBlocks(source)) {
    size += block.bytes.length;
    if (block.kind === 'header') {
      const checked = checkFileHeader(block.bytes);
      header = checked.header;
      yield { kind: 'failures', failures: checked.failures };
    } else yield block;
  }
  const cut = checkFileExtent(header, size);
  if (cut.length > 0) yield { kind: 'failures', failures: cut };
}

/** Files up to this size are read in one call; larger ones in blocks of chunks. */
const WHOLE_FILE_LIMIT = 16 * 2 ** 20;
const BLOCK_CHUNKS = 16;

/**
 * Plain files are read with synchronous positional reads (a 1 MiB block takes well under a millisecond from
 * the page cache, and a sync read avoids a thread-pool round trip per chunk). Chunk order is decided from
 * the 512-byte chunk headers first; consecutive chunks are then read a block at a time.
 */
/**
 * A read buffer a caller may lend to consecutive files and blocks: the caller guarantees that each chunk
 * piece has been consumed (or copied) before it asks for the next piece (the buffer is refilled then).
 */
export interface ReadBuffer {
  bytes: Uint8Array;
}

async function* chunksOfPlainFile(
  file: string,
  scratch: ReadBuffer | undefined,
  lazy: boolean,
): AsyncGenerator<ChunkPiece | ChunkExtent> {
  let fd: number;
  let size: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw openError(file, e);
  }
  try {
    const stat = fstatSync(fd);
    // Opening a directory succeeds on Linux; reading it fails with EISDIR.
    if (stat.isDirectory()) throw directoryError(file);
    size = stat.size;
  } catch (e) {
    closeSync(fd);
    throw e instanceof StormwatchError ? e : openError(file, e);
  }
  // Set once extents carrying the descriptor are handed out: their consumer closes it from then on.
  let handedOver = false;
  try {
    if (size <= WHOLE_FILE_LIMIT) {
      let bytes: Uint8Array;
      if (scratch) {
        if (scratch.bytes.length < size) scratch.bytes = new Uint8Array(Math.max(size, 1 << 20));
        bytes = scratch.bytes.subarray(0, size);
      } else bytes = new Uint8Array(size);
      const pieces = piecesOfBytes(readBytesAt(fd, 0, size, bytes, file));
      for (let i = 0; i < pieces.length; i++) yield pieces[i]!;
      return;
    }
    const head = new Uint8Array(FILE_HEADER_SIZE);
    readSync(fd, head, 0, head.length, 0);
    const checked = checkFileHeader(head);
    yield { kind: 'failures', failures: checked.failures };
    const cut: ChunkPiece = { kind: 'failures', failures: checkFileExtent(checked.header, size) };
    const n = Math.ceil((size - FILE_HEADER_SIZE) / CHUNK_SIZE);
    const firstIds: (number | undefined)[] = [];
    const peek = new Uint8Array(512);
    for (let i = 0; i < n; i++) {
      const got = readSync(fd, peek, 0, 512, FILE_HEADER_SIZE + i * CHUNK_SIZE);
      firstIds.push(got === 512 ? peekFirstRecordId(peek) : undefined);
    }
    const order = chunkOrder(firstIds);
    if (lazy && order.length > 0) {
      const open: OpenEvtxFile = { fd, closed: false };
      handedOver = true;
      for (let k = 0; k < order.length; k++) {
        const at = FILE_HEADER_SIZE + order[k]! * CHUNK_SIZE;
        yield {
          kind: 'extent',
          index: order[k]!,
          fileOffset: at,
          length: Math.min(CHUNK_SIZE, size - at),
          file: open,
        };
      }
      if (cut.failures.length > 0) yield cut;
      return;
    }
    let k = 0;
    while (k < order.length) {
      // Longest run of consecutive chunk indexes (the whole file when it has not wrapped), capped per block.
      let run = 1;
      while (run < BLOCK_CHUNKS && k + run < order.length && order[k + run] === order[k]! + run) run++;
      const at = FILE_HEADER_SIZE + order[k]! * CHUNK_SIZE;
      const len = Math.min(run * CHUNK_SIZE, size - at);
      // The lent buffer serves every block too: a fresh 1 MiB block per 16 chunks costs zero-filling and
      // page faults on first touch (measured: ~5 % of reading a large file).
      let block: Uint8Array;
      if (scratch) {
        if (scratch.bytes.length < len) scratch.bytes = new Uint8Array(Math.max(len, 1 << 20));
        block = scratch.bytes.subarray(0, len);
      } else block = new Uint8Array(len);
      // Only what was read: a file cut short while it is read gives truncated chunks (reported as such), never
      // the bytes an earlier file or block left in the reused buffer.
      const got = readBytesAt(fd, at, len, block, file).length;
      for (let j = 0; j < run; j++) {
        const off = j * CHUNK_SIZE;
        if (off >= got) break;
        yield {
          kind: 'chunk',
          index: order[k]! + j,
          fileOffset: at + off,
          bytes: block.subarray(off, Math.min(got, off + CHUNK_SIZE)),
        };
      }
      k += run;
    }
    if (cut.failures.length > 0) yield cut;
  } finally {
    if (!handedOver) closeSync(fd);
  }
}

async function* fileStream(file: string, gunzip: boolean): AsyncGenerator<Uint8Array> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = gunzip ? raw.pipe(createGunzip()) : raw;
  try {
    for await (const b of stream) yield b as Uint8Array;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw openError(file, e);
    throw new StormwatchError({
      code: 'evtx.file.bad-gzip',
      kind: 'input',
      message: `cannot decompress ${file}: ${(e as Error).message}`,
      location: { file },
      hint: 'the .gz file is corrupt or truncated; records decoded before the damage were kept',
    });
  }
}

/**
 * The header failures and the chunks (record order) of a file held in memory. A plain function rather than an
 * async generator: it runs once per file, and small files are many — V8 compiled the generator form of this
 * (state machine and all) twice per run, at a cost comparable to reading a few hundred records.
 */
function piecesOfBytes(bytes: Uint8Array): ChunkPiece[] {
  const checked = checkFileHeader(bytes);
  const pieces: ChunkPiece[] = [{ kind: 'failures', failures: checked.failures }];
  const n = bytes.length <= FILE_HEADER_SIZE ? 0 : Math.ceil((bytes.length - FILE_HEADER_SIZE) / CHUNK_SIZE);
  const chunks: Uint8Array[] = new Array(n);
  const firstIds: (number | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const at = FILE_HEADER_SIZE + i * CHUNK_SIZE;
    chunks[i] = bytes.subarray(at, Math.min(bytes.length, at + CHUNK_SIZE));
    firstIds[i] = peekFirstRecordId(chunks[i]!);
  }
  const order = chunkOrder(firstIds);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    pieces.push({
      kind: 'chunk',
      index: i,
      fileOffset: FILE_HEADER_SIZE + i * CHUNK_SIZE,
      bytes: chunks[i]!,
    });
  }
  const cut = checkFileExtent(checked.header, bytes.length);
  if (cut.length > 0) pieces.push({ kind: 'failures', failures: cut });
  return pieces;
}

async function* chunksOfBytes(bytes: Uint8Array): AsyncGenerator<ChunkPiece> {
  const pieces = piecesOfBytes(bytes);
  for (let i = 0; i < pieces.length; i++) yield pieces[i]!;
}

/**
 * Chunk pieces of an input: a path (`.gz` decompressed on the fly), bytes, or a stream of bytes. With
 * `scratch`, plain files are read into that reusable buffer (see ReadBuffer for the caller's obligation).
 */
export function chunksOf(input: EvtxInput, scratch?: ReadBuffer): AsyncGenerator<ChunkPiece> {
  return piecesOf(input, scratch, false) as AsyncGenerator<ChunkPiece>;
}

/**
 * As `chunksOf`, but the chunks of a plain file larger than 16 MiB come as extents, unread: for readers that
 * hand chunks to worker threads, which then read them from the open file themselves. The consumer must close
 * each extent's file (`closeEvtxFile`) once it is done with the file's extents, or when it stops early.
 */
export function lazyChunksOf(
  input: EvtxInput,
  scratch?: ReadBuffer,
): AsyncGenerator<ChunkPiece | ChunkExtent> {
  return piecesOf(input, scratch, true);
}

function piecesOf(
  input: EvtxInput,
  scratch: ReadBuffer | undefined,
  lazy: boolean,
): AsyncGenerator<ChunkPiece | ChunkExtent> {
  if (typeof input === 'string') {
    return input.toLowerCase().endsWith('.gz')
      ? chunksOfStream(fileStream(input, true))
      : chunksOfPlainFile(input, scratch, lazy);
  }
  if (input instanceof Uint8Array) return chunksOfBytes(input);
  return chunksOfStream(input);
}
