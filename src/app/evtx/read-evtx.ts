/**
 * Use case: read EVTX inputs (paths, `.gz` paths, buffers, streams) into plain per-record items, optionally
 * across N worker threads (one chunk per task) with ordered (default) or unordered output. A bounded window
 * of in-flight chunks keeps memory flat; carved records (`recover`) are de-duplicated per file by record id
 * and offset and emitted after the file's allocated records.
 */

import { CarveDeduplicator, CHUNK_SIZE, readChunk } from '../../core/evtx/index.js';
import { StormwatchError } from '../../core/shared/index.js';
import { type ChunkBlock, type ChunkColumns, toBlock } from './chunk-reply.js';
import {
  type ChunkExtent,
  type ChunkPiece,
  chunksOf,
  closeEvtxFile,
  type EvtxInput,
  lazyChunksOf,
  type OpenEvtxFile,
  type ReadBuffer,
  readBytesAt,
} from './chunk-source.js';
import {
  deserializeItem,
  type EvtxErrorItem,
  type EvtxFormat,
  type EvtxItem,
  type EvtxValueOf,
  rendererFor,
  toItem,
} from './evtx-item.js';
import { fastCrc32 } from './native-crc.js';
import { ChunkWorkerPool } from './worker-pool.js';

export interface ReadEvtxOptions<F extends EvtxFormat> {
  readonly format: F;
  /** Carve records from slack space and destroyed chunks. */
  readonly recover?: boolean;
  /** Worker threads (1 = read in this thread). */
  readonly threads?: number;
  /** The same as `threads` (the name the EVTX issue uses); `threads` wins when both are given. */
  readonly parallel?: number;
  /** Keep record order (default true); false emits chunks as workers finish them. */
  readonly ordered?: boolean;
  /** Called once with whether worker threads are actually used. */
  readonly onMode?: (mode: { threads: number; workers: boolean }) => void;
}

/** A named input: `name` is used in items and error locations. */
export interface NamedEvtxInput {
  readonly name: string;
  readonly input: EvtxInput;
}

interface FileState {
  readonly name: string;
  readonly dedup: CarveDeduplicator;
  readonly carved: EvtxItem<unknown>[];
  /** The open file its extents are read from (closed when the file's last chunk is done). */
  open: OpenEvtxFile | undefined;
}

interface Done {
  readonly file: FileState;
  readonly items: EvtxItem<unknown>[];
  readonly carved: EvtxItem<unknown>[];
  readonly last: boolean;
  readonly chunkIndex: number;
  /** Joined mode: the chunk's records as one text block (`items` then holds its errors only). */
  readonly block?: ChunkBlock | undefined;
}

/** Several records rendered as text (one per line), as produced by `readEvtxText`. */
export interface EvtxTextBlock {
  readonly ok: true;
  readonly kind: 'block';
  readonly file: string;
  readonly chunkIndex: number;
  /**
   * `records` lines, each ending with a newline: a string, or the same text as UTF-8 bytes when a worker
   * thread read the chunk. Either can be written as it is (`write`, `writeSync`); `new TextDecoder().decode`
   * turns bytes into a string.
   */
  readonly content: string | Uint8Array;
  readonly records: number;
}

interface Task {
  readonly file: FileState;
  readonly piece: ChunkPiece | ChunkExtent | undefined;
  readonly last: boolean;
}

/** Rebuilds items from a worker's columnar reply. */
function fromColumns(
  file: string,
  chunkIndex: number,
  recovered: boolean,
  c: ChunkColumns | undefined,
): EvtxItem<unknown>[] {
  const out: EvtxItem<unknown>[] = [];
  if (c === undefined) return out;
  const texts = c.json;
  const values = texts === undefined ? c.values : texts.map((t) => JSON.parse(t) as unknown);
  let r = 0;
  let e = 0;
  for (const kind of c.kinds) {
    if (kind === 0) {
      out.push({
        ok: true,
        file,
        recordId: c.recordIds[r]!,
        offset: c.offsets[r]!,
        chunkIndex,
        written: c.written[r]!,
        recovered,
        value: values[r],
      });
      r++;
    } else out.push(deserializeItem(c.errors[e++]!));
  }
  return out;
}

function fatal(name: string, e: unknown): EvtxErrorItem {
  const error =
    e instanceof StormwatchError
      ? e
      : new StormwatchError({
          code: 'evtx.internal',
          kind: 'internal',
          message: `unexpected failure reading ${name}: ${(e as Error).message ?? String(e)}`,
          location: { file: name },
        });
  return { ok: false, file: name, error, scope: 'file', chunkIndex: -1, offset: 0 };
}

/**
 * The chunk tasks of every input, then a last task per file. `lazy` (reading with workers) asks for large
 * plain files as extents, each read where it is rendered; the file they are read from is kept in the file's
 * state, whose owner closes it.
 */
async function* tasksOf(
  inputs: readonly NamedEvtxInput[],
  scratch: ReadBuffer | undefined,
  lazy: boolean,
): AsyncGenerator<Task | EvtxErrorItem> {
  for (const { name, input } of inputs) {
    const file: FileState = { name, dedup: new CarveDeduplicator(), carved: [], open: undefined };
    try {
      const pieces = lazy ? lazyChunksOf(input, scratch) : chunksOf(input, scratch);
      for await (const piece of pieces) {
        if (piece.kind === 'extent') file.open = piece.file;
        yield { file, piece, last: false };
      }
    } catch (e) {
      yield fatal(name, e);
    }
    yield { file, piece: undefined, last: true };
  }
}

/**
 * Reads every input and yields its records and located errors. Never throws for bad input: unreadable files
 * and corrupt structures become error items and the remaining inputs are still read.
 */
export function readEvtxInputs<F extends EvtxFormat>(
  inputs: readonly NamedEvtxInput[],
  opts: ReadEvtxOptions<F>,
): AsyncGenerator<EvtxItem<EvtxValueOf[F]>> {
  return pipeline(inputs, opts, false) as AsyncGenerator<EvtxItem<EvtxValueOf[F]>>;
}

/**
 * Reads inputs as text blocks of JSON lines or XML documents (one block per chunk) plus located error items.
 * With worker threads each chunk's text crosses threads as one string, which is what lets `evtx dump` scale.
 */
export function readEvtxText(
  inputs: readonly NamedEvtxInput[],
  opts: ReadEvtxOptions<'jsonl' | 'xml'>,
): AsyncGenerator<EvtxTextBlock | EvtxErrorItem> {
  return pipeline(inputs, opts, true) as AsyncGenerator<EvtxTextBlock | EvtxErrorItem>;
}

async function* pipeline<F extends EvtxFormat>(
  inputs: readonly NamedEvtxInput[],
  opts: ReadEvtxOptions<F>,
  joined: boolean,
): AsyncGenerator<EvtxItem<unknown> | EvtxTextBlock> {
  const threads = Math.max(1, Math.floor(opts.threads ?? opts.parallel ?? 1));
  // Per-record objects cost ~1.5 µs each to parse back from a worker's JSON text, so for them N threads = this
  // thread + N-1 workers, this thread reading a chunk itself whenever every worker has its tasks posted ahead
  // (fewer records cross threads and this thread is never idle). Text blocks cross as one string per chunk:
  // N workers, this thread coordinates (measured: letting it read chunks too saves no CPU — the second
  // isolate compiling the reader costs the same either way).
  const pool = threads > 1 ? ChunkWorkerPool.create(joined ? threads : threads - 1) : undefined;
  opts.onMode?.({ threads: pool ? threads : 1, workers: pool !== undefined });
  const render = rendererFor(opts.format);
  const recover = opts.recover === true;
  let nextId = 0;
  // Extents read in this thread land here (rendered values are decoded copies, so it is free after each).
  const extentBuffer = new Uint8Array(CHUNK_SIZE);

  const process = async (t: Task): Promise<Done> => {
    const piece = t.piece;
    if (!piece) return { file: t.file, items: [], carved: [], last: true, chunkIndex: -1 };
    if (piece.kind === 'failures') {
      return {
        file: t.file,
        items: piece.failures.map((f) => toItem(t.file.name, f)),
        carved: [],
        last: false,
        chunkIndex: -1,
      };
    }
    if (pool && (joined || !pool.saturated())) {
      // An extent travels as its descriptor and place (the worker reads it). Bytes travel as one copy, and
      // another stays here (the read buffer is refilled meanwhile); either way the chunk can still be read in
      // this thread if the worker dies, e.g. on its heap cap or a failed read.
      const kept = piece.kind === 'chunk' ? piece.bytes.slice() : undefined;
      try {
        const reply = await pool.run({
          id: nextId++,
          file: t.file.name,
          chunk: kept?.slice().buffer,
          extent: piece.kind === 'extent' ? { fd: piece.file.fd, length: piece.length } : undefined,
          index: piece.index,
          fileOffset: piece.fileOffset,
          format: opts.format,
          recover,
          joined,
        });
        return {
          file: t.file,
          items: fromColumns(t.file.name, piece.index, false, reply.items),
          carved: fromColumns(t.file.name, piece.index, true, reply.carved),
          last: false,
          chunkIndex: piece.index,
          block: reply.block,
        };
      } catch {
        // The worker failed (it is replaced): this thread reads the chunk, as with one thread.
        return piece.kind === 'extent'
          ? extentInThread(t, piece)
          : inThread(t, piece.index, piece.fileOffset, kept ?? piece.bytes);
      }
    }
    return piece.kind === 'chunk'
      ? inThread(t, piece.index, piece.fileOffset, piece.bytes)
      : extentInThread(t, piece);
  };

  const extentInThread = (t: Task, e: ChunkExtent): Done => {
    let bytes: Uint8Array;
    try {
      bytes = readBytesAt(e.file.fd, e.fileOffset, e.length, extentBuffer, t.file.name);
    } catch (err) {
      const error = err as StormwatchError;
      const item: EvtxErrorItem = {
        ok: false,
        file: t.file.name,
        error,
        scope: 'chunk',
        chunkIndex: e.index,
        offset: error.location?.offset ?? e.fileOffset,
      };
      return { file: t.file, items: [item], carved: [], last: false, chunkIndex: e.index };
    }
    return inThread(t, e.index, e.fileOffset, bytes);
  };

  const inThread = (t: Task, index: number, fileOffset: number, bytes: Uint8Array): Done => {
    const report = readChunk(bytes, index, fileOffset, {
      render,
      recover,
      crc32: fastCrc32,
    });
    if (joined) {
      const { block, errors } = toBlock(report.items, recover);
      return {
        file: t.file,
        items: errors.map((r) => toItem(t.file.name, r)),
        carved: report.carved.map((r) => toItem(t.file.name, r)),
        last: false,
        chunkIndex: index,
        block,
      };
    }
    return {
      file: t.file,
      items: report.items.map((r) => toItem(t.file.name, r)),
      carved: report.carved.map((r) => toItem(t.file.name, r)),
      last: false,
      chunkIndex: index,
    };
  };

  /**
   * What a finished chunk puts out, in order: its items, its text block, and — after a file's last chunk —
   * the file's carved records that survive de-duplication. A list rather than a generator: the caller yields
   * it with an index loop, which allocates nothing per item even before the code is optimised.
   */
  function output(d: Done, chunkIndex: number): (EvtxItem<unknown> | EvtxTextBlock)[] {
    const items = d.items;
    // Only recovery needs the ids seen (memory stays flat on huge files otherwise).
    if (recover)
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        if (item.ok) d.file.dedup.allocated(item.recordId, item.offset);
      }
    const b = d.block;
    const hasBlock = b !== undefined && b.count > 0;
    if (!hasBlock && d.carved.length === 0 && !d.last) return items;
    const out: (EvtxItem<unknown> | EvtxTextBlock)[] = items.slice();
    if (hasBlock) {
      if (recover)
        for (let i = 0; i < b.recordIds.length; i++) d.file.dedup.allocated(b.recordIds[i]!, b.offsets[i]!);
      out.push({
        ok: true,
        kind: 'block',
        file: d.file.name,
        chunkIndex,
        content: b.content,
        records: b.count,
      });
    }
    for (const c of d.carved) d.file.carved.push(c);
    if (d.last) {
      const carvedOut: EvtxItem<unknown>[] = [];
      for (const c of d.file.carved) if (c.ok && d.file.dedup.accept(c.recordId, c.offset)) carvedOut.push(c);
      if (!joined) for (const c of carvedOut) out.push(c);
      else if (carvedOut.length > 0) {
        const text = carvedOut.map((c) => (c.ok ? `${c.value as string}\n` : '')).join('');
        out.push({
          ok: true,
          kind: 'block',
          file: d.file.name,
          chunkIndex: -1,
          content: text,
          records: carvedOut.length,
        });
      }
    }
    return out;
  }

  // Chunks in flight: room for every worker's tasks posted ahead plus as many read by this thread, so
  // ordered output rarely makes either side wait for the other.
  const window = pool ? threads * 16 : 1;
  const ordered = opts.ordered !== false;
  const pending: Promise<Done>[] = [];
  // Unordered completion needs a per-file count of outstanding chunks before the file's carved records go out.
  const outstanding = new Map<FileState, number>();
  const lastSeen = new Set<FileState>();
  const settled = new Map<Promise<Done>, Done>();
  // Files are read into one reusable buffer: in-thread every chunk is rendered before the next piece is
  // pulled, and with workers each chunk is copied when it is handed out (recorded values never point into
  // the buffer: strings and numbers are decoded copies) unless it is an extent the worker reads itself.
  const source = tasksOf(inputs, { bytes: new Uint8Array(0) }, pool !== undefined);
  try {
    let exhausted = false;
    const fill = async (): Promise<EvtxErrorItem[]> => {
      const errors: EvtxErrorItem[] = [];
      while (!exhausted && pending.length < window) {
        const n = await source.next();
        if (n.done) {
          exhausted = true;
          break;
        }
        const t = n.value;
        if ('ok' in t) {
          errors.push(t);
          continue;
        }
        outstanding.set(t.file, (outstanding.get(t.file) ?? 0) + 1);
        const p = process(t);
        if (ordered) pending.push(p);
        else {
          const tagged: Promise<Done> = p.then((d) => {
            settled.set(tagged, d);
            return d;
          });
          pending.push(tagged);
        }
      }
      return errors;
    };
    for (;;) {
      for (const e of await fill()) yield e;
      if (pending.length === 0) break;
      let d: Done;
      if (ordered) d = await pending.shift()!;
      else {
        await Promise.race(pending);
        const i = pending.findIndex((q) => settled.has(q));
        const q = pending.splice(i, 1)[0]!;
        d = settled.get(q)!;
        settled.delete(q);
      }
      const left = (outstanding.get(d.file) ?? 1) - 1;
      outstanding.set(d.file, left);
      if (d.last) lastSeen.add(d.file);
      const complete = lastSeen.has(d.file) && left === 0;
      const out = output({ ...d, last: complete }, d.chunkIndex);
      for (let i = 0; i < out.length; i++) yield out[i]!;
      if (complete) {
        outstanding.delete(d.file);
        lastSeen.delete(d.file);
        // The file its extents were read from: every chunk of it is done.
        if (d.file.open) closeEvtxFile(d.file.open);
      }
    }
  } finally {
    // Workers first: none may still be reading a descriptor when it is closed. A file opened for extents has
    // a task counted in `outstanding` from the moment it is opened until it is complete (and closed).
    await pool?.close();
    for (const f of outstanding.keys()) if (f.open) closeEvtxFile(f.open);
    await source.return(undefined);
  }
}

/** Reads EVTX files by path (`.gz` decompressed on the fly). */
export function readEvtxFiles<F extends EvtxFormat>(
  paths: readonly string[],
  opts: ReadEvtxOptions<F>,
): AsyncGenerator<EvtxItem<EvtxValueOf[F]>> {
  return readEvtxInputs(
    paths.map((p) => ({ name: p, input: p })),
    opts,
  );
}
