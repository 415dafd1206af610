/**
 * The bytes of one log file for the hunt's inputs, read with synchronous calls in blocks (see `fileBlocks`),
 * with the buffers of small files kept for the next files and the blocks of large EVTX files used in turn.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Largest block read from a file at once. */
const READ_BLOCK = 1 << 20;
/** Block size once the size seen at open has been read (a file still being written may have grown). */
const TAIL_BLOCK = 64 * 1024;
/** Files up to this size are read in one block (a typical EVTX sample is 68 KiB). */
const WHOLE_FILE_MAX = 2 << 20;
/** Scratch for the reads past the size seen at open (see fileBlocks). */
const tail = Buffer.allocUnsafe(TAIL_BLOCK);
/** Whole-file buffers handed back by closed files, for the next ones (at most SPARE_MAX kept). */
const spare: Buffer[] = [];
const SPARE_MAX = 4;
/** Smallest whole-file buffer made, so that one serves the many small logs that follow. */
const SPARE_MIN = 256 * 1024;

/** A buffer of at least `size` bytes: a spare one when one is large enough. */
function takeBuffer(size: number): Buffer {
  for (let i = spare.length - 1; i >= 0; i--) if (spare[i]!.length >= size) return spare.splice(i, 1)[0]!;
  return Buffer.allocUnsafe(Math.max(size, SPARE_MIN));
}

/**
 * A file's bytes, read with synchronous calls: a small file (`WHOLE_FILE_MAX`) in one block, a larger one in
 * blocks of at most 1 MiB sized to what is left, then in `TAIL_BLOCK`s while a growing file still has more. A
 * hunt opens hundreds of small logs, and awaited thread-pool round trips per file (open, fstat, reads, close)
 * left the hunting thread idle and cost more CPU than decoding their records, while a read of a MiB from the
 * page cache takes a fraction of a millisecond — and the hunting thread never waits on anything else meanwhile.
 * Records and frames may keep views of a block while the file is read, so blocks are not reused then unless the
 * consumer allows it (`recycle()`: two block buffers used in turn); a small file's whole-file buffer goes back to
 * a short list of spares when the file is closed (`close()`, called once its records are all out or reading
 * stopped early): allocating one per small log (hundreds of 68 KiB ArrayBuffers) cost allocation and GC
 * pressure from external memory.
 */
export function fileBlocks(file: string): {
  chunks: AsyncIterable<Uint8Array>;
  close(reuse?: boolean): void;
  recycle(): void;
} {
  let fd: number | undefined;
  let whole: Buffer | undefined;
  // Two block buffers used in turn once the consumer allows it (`recycle`), instead of a fresh 1 MiB buffer per
  // block: on large logs the discarded blocks piled up as external memory until a GC (tens of MB of RSS).
  let recycling = false;
  const pair: Buffer[] = [];
  let turn = 0;
  const release = (): void => {
    const f = fd;
    fd = undefined;
    if (f !== undefined) closeSync(f);
  };
  /** `reuse`: the whole-file buffer may serve the next files (false when something may still read it). */
  const close = (reuse = true): void => {
    release();
    if (reuse && whole !== undefined && spare.length < SPARE_MAX) spare.push(whole);
    whole = undefined;
  };
  async function* blocks(): AsyncGenerator<Uint8Array> {
    try {
      // Errors (missing file, permissions, a folder) surface on the first read.
      fd = openSync(file, 'r');
      let left = fstatSync(fd).size;
      const small = left <= WHOLE_FILE_MAX;
      for (;;) {
        const f = fd;
        if (f === undefined) return;
        if (left <= 0) {
          // Past the size seen at open: usually just the end-of-file read, into a shared buffer, so that
          // costs no allocation; what a growing file added is copied out.
          const n = readSync(f, tail, 0, TAIL_BLOCK, null);
          if (n === 0) return;
          yield Buffer.from(tail.subarray(0, n));
          continue;
        }
        let buf: Buffer;
        if (small && whole === undefined) {
          whole = takeBuffer(left);
          buf = whole.subarray(0, left);
        } else if (recycling) {
          const k = turn++ & 1;
          pair[k] ??= Buffer.allocUnsafe(READ_BLOCK);
          buf = pair[k]!.subarray(0, Math.min(READ_BLOCK, left));
        } else buf = Buffer.allocUnsafe(Math.min(READ_BLOCK, left));
        let filled = 0;
        while (filled < buf.length) {
          const n = readSync(f, buf, filled, buf.length - filled, null);
          if (n === 0) break;
          filled += n;
        }
        if (filled === 0) return;
        left -= filled;
        yield filled === buf.length ? buf : buf.subarray(0, filled);
      }
    } finally {
      release();
    }
  }
  return {
    chunks: blocks(),
    close,
    recycle: () => {
      recycling = true;
    },
  };
}
