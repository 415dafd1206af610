import { fstatSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ChunkWriter,
  EVENT_TEMPLATE,
  eventValues,
  evtxFile,
  sampleFile,
  u32,
} from '../../../test/fixtures/evtx/evtx-writer.js';
import { crc32 } from '../../core/evtx/index.js';
import { StormwatchError } from '../../core/shared/index.js';
import { chunksOf, closeEvtxFile, lazyChunksOf, readBytesAt } from './chunk-source.js';
import { type EvtxItem, evtxInfo, readEvtxFiles, readEvtxInputs, readEvtxText } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'sw-evtx-'));
const plain = join(dir, 'sample.evtx');
writeFileSync(plain, sampleFile(3, 7));

async function collect<V>(it: AsyncIterable<EvtxItem<V>>): Promise<EvtxItem<V>[]> {
  const out: EvtxItem<V>[] = [];
  for await (const i of it) out.push(i);
  return out;
}

const ids = (items: EvtxItem<unknown>[]) => items.flatMap((i) => (i.ok ? [i.recordId] : []));

/** One chunk of `count` event records with ids `from`, `from + 1`, … */
function chunkOfRecords(from: number, count: number): Uint8Array {
  const w = new ChunkWriter();
  for (let id = from; id < from + count; id++)
    w.record(id, { template: EVENT_TEMPLATE, values: eventValues(id, 'x') });
  return w.finish();
}

describe('readEvtxFiles', () => {
  it('reads a path into flat events in record order', async () => {
    const items = await collect(readEvtxFiles([plain], { format: 'flat' }));
    expect(ids(items)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    const first = items[0]!;
    expect(first.ok && first.value).toMatchObject({
      EventID: 4688,
      Computer: 'HOST1',
      CommandLine: 'cmd.exe /c echo 1',
    });
    expect(first.ok && first.file).toBe(plain);
  });

  it('reads .gz files and byte streams in any block size with the same output', async () => {
    const gz = join(dir, 'sample.evtx.gz');
    writeFileSync(gz, gzipSync(sampleFile(3, 7)));
    const a = await collect(readEvtxFiles([plain], { format: 'jsonl' }));
    const b = await collect(readEvtxFiles([gz], { format: 'jsonl' }));
    const bytes = sampleFile(3, 7);
    const stream = (async function* () {
      for (let p = 0; p < bytes.length; p += 1000) yield bytes.subarray(p, p + 1000);
    })();
    const c = await collect(readEvtxInputs([{ name: 'stdin', input: stream }], { format: 'jsonl' }));
    const values = (x: EvtxItem<string>[]) => x.map((i) => (i.ok ? i.value : i.error.code));
    expect(values(b)).toEqual(values(a));
    expect(values(c)).toEqual(values(a));
    expect(a).toHaveLength(21);
  });

  it('orders a wrapped circular log by record id (chunks sorted by their first record id)', async () => {
    const mk = (from: number) => chunkOfRecords(from, 3);
    const p = join(dir, 'wrapped.evtx');
    writeFileSync(p, evtxFile([mk(4), mk(1)]));
    expect(ids(await collect(readEvtxFiles([p], { format: 'flat' })))).toEqual([1, 2, 3, 4, 5, 6]);
    const bytes = evtxFile([mk(4), mk(1)]);
    expect(ids(await collect(readEvtxInputs([{ name: 'buf', input: bytes }], { format: 'flat' })))).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it('threads > 1 without a built worker script falls back to in-thread reading with identical output', async () => {
    let mode: { threads: number; workers: boolean } | undefined;
    const items = await collect(
      readEvtxFiles([plain], { format: 'jsonl', threads: 2, onMode: (m) => (mode = m) }),
    );
    // Under vitest the sources are TypeScript: the worker (evtx-worker.js) only exists in dist/.
    expect(mode).toEqual({ threads: 1, workers: false });
    expect(ids(items)).toHaveLength(21);
    const unordered = await collect(readEvtxFiles([plain], { format: 'jsonl', threads: 2, ordered: false }));
    expect(ids(unordered).sort((a, b) => a - b)).toEqual(ids(items));
  });

  it('readEvtxText gives the same lines as per-record items, one block per chunk', async () => {
    const items = await collect(readEvtxFiles([plain], { format: 'jsonl' }));
    const blocks: string[] = [];
    let records = 0;
    for await (const b of readEvtxText([{ name: plain, input: plain }], { format: 'jsonl', threads: 2 })) {
      if (b.ok) {
        blocks.push(typeof b.content === 'string' ? b.content : new TextDecoder().decode(b.content));
        records += b.records;
      }
    }
    expect(blocks).toHaveLength(3);
    expect(records).toBe(21);
    expect(blocks.join('')).toBe(items.map((i) => (i.ok ? `${i.value}\n` : '')).join(''));
  });

  it('a missing file is an error item and the next file is still read', async () => {
    const items = await collect(readEvtxFiles([join(dir, 'nope.evtx'), plain], { format: 'flat' }));
    const err = items[0]!;
    expect(err.ok).toBe(false);
    if (!err.ok) {
      expect(err.error.code).toBe('evtx.file.not-found');
      expect(err.error.kind).toBe('not-found');
    }
    expect(ids(items)).toHaveLength(21);
  });

  it('errors carry the file name and byte offset; recovered records come after the allocated ones', async () => {
    const b = sampleFile(2, 4);
    b[4096 + 65536] = 0; // chunk 1 magic destroyed
    const p = join(dir, 'bad.evtx');
    writeFileSync(p, b);
    const items = await collect(readEvtxFiles([p], { format: 'flat', recover: true }));
    const errors = items.filter((i) => !i.ok);
    expect(errors).toHaveLength(1);
    const e = errors[0]!;
    expect(!e.ok && e.error.location).toEqual({ file: p, offset: 4096 + 65536, path: 'ChunkHeader.magic' });
    expect(items.filter((i) => i.ok && i.recovered).map((i) => i.ok && i.recordId)).toEqual([5, 6, 7, 8]);
    expect(items.filter((i) => i.ok && !i.recovered)).toHaveLength(4);
  });
});

describe('a file shorter than its header announces', () => {
  it('ends with a located evtx.file.truncated item, from a path (small or large, with or without workers), bytes, .gz or a stream', async () => {
    const small = sampleFile(3, 2).subarray(0, 4096 + 2 * 65536);
    // Over 16 MiB: read in blocks, or handed out as extents when reading with workers.
    const large = sampleFile(270, 1).subarray(0, 4096 + 260 * 65536);
    const smallPath = join(dir, 'cut-small.evtx');
    const largePath = join(dir, 'cut-large.evtx');
    const gzPath = join(dir, 'cut-small.evtx.gz');
    writeFileSync(smallPath, small);
    writeFileSync(largePath, large);
    writeFileSync(gzPath, gzipSync(small));
    const stream = (async function* () {
      for (let p = 0; p < small.length; p += 5000) yield small.subarray(p, p + 5000);
    })();
    const inputs = [
      { name: smallPath, input: smallPath, records: 4 },
      { name: 'bytes', input: small, records: 4 },
      { name: gzPath, input: gzPath, records: 4 },
      { name: 'stream', input: stream, records: 4 },
      { name: largePath, input: largePath, records: 260 },
    ];
    for (const { name, input, records } of inputs) {
      const items = await collect(readEvtxInputs([{ name, input }], { format: 'flat' }));
      expect(ids(items)).toHaveLength(records);
      const last = items[items.length - 1]!;
      expect(last.ok).toBe(false);
      if (last.ok) continue;
      expect(last.error.code).toBe('evtx.file.truncated');
      expect(last.scope).toBe('file');
      expect(last.error.location).toEqual({
        file: name,
        offset: name === largePath ? large.length : small.length,
        path: 'FileHeader.chunkCount',
      });
    }
    const kinds: string[] = [];
    for await (const piece of lazyChunksOf(largePath)) {
      kinds.push(piece.kind);
      if (piece.kind === 'extent') closeEvtxFile(piece.file);
    }
    expect(kinds.slice(-2)).toEqual(['extent', 'failures']);
  });
});

describe('lazyChunksOf', () => {
  it('gives a large plain file as extents in record order, read on demand; the consumer closes the file', async () => {
    const mk = (from: number) => chunkOfRecords(from, 2);
    // 300 chunks (> 16 MiB) of a wrapped log: the last chunk holds the oldest records.
    const chunks = Array.from({ length: 300 }, (_, i) => mk(i === 299 ? 1 : 3 + i * 2));
    const p = join(dir, 'large.evtx');
    writeFileSync(p, evtxFile(chunks));
    const eager = [];
    for await (const piece of chunksOf(p)) if (piece.kind === 'chunk') eager.push(piece);
    const lazy = [];
    for await (const piece of lazyChunksOf(p)) if (piece.kind === 'extent') lazy.push(piece);
    expect(lazy.map((e) => e.index)).toEqual(eager.map((c) => c.index));
    expect(lazy[0]!.index).toBe(299);
    const file = lazy[0]!.file;
    expect(lazy.every((e) => e.file === file)).toBe(true);
    const into = new Uint8Array(65536);
    for (let i = 0; i < lazy.length; i += 37) {
      const e = lazy[i]!;
      expect(e.fileOffset).toBe(eager[i]!.fileOffset);
      expect(readBytesAt(file.fd, e.fileOffset, e.length, into, p)).toEqual(eager[i]!.bytes);
    }
    // A file cut short after its chunks were listed: the read returns what is left (the reader reports the cut).
    const last = lazy.reduce((a, b) => (a.fileOffset > b.fileOffset ? a : b));
    truncateSync(p, last.fileOffset + 1000);
    expect(readBytesAt(file.fd, last.fileOffset, last.length, into, p)).toHaveLength(1000);
    closeEvtxFile(file);
    closeEvtxFile(file);
    expect(() => fstatSync(file.fd)).toThrow();
    let error: unknown;
    try {
      readBytesAt(file.fd, lazy[1]!.fileOffset, 65536, into, p);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StormwatchError);
    expect((error as StormwatchError).code).toBe('evtx.file.unreadable');
    expect((error as StormwatchError).location).toEqual({ file: p, offset: lazy[1]!.fileOffset });
  });

  it('a large file cut short while its blocks are read gives a truncated chunk, never stale buffer bytes', async () => {
    const p = join(dir, 'shrinking.evtx');
    writeFileSync(p, sampleFile(300, 1));
    // A lent buffer still holding another file's bytes.
    const scratch = { bytes: new Uint8Array(1 << 20).fill(0xab) };
    const pieces: { index: number; length: number; stale: boolean }[] = [];
    for await (const piece of chunksOf(p, scratch)) {
      if (piece.kind !== 'chunk') continue;
      // Cut inside chunk 40 once the first block (chunks 0–15) has been read.
      if (pieces.length === 0) truncateSync(p, 4096 + 40 * 65536 + 1000);
      pieces.push({
        index: piece.index,
        length: piece.bytes.length,
        stale: piece.bytes.length > 600 && piece.bytes.subarray(-600).every((b) => b === 0xab),
      });
    }
    expect(pieces).toHaveLength(41);
    expect(pieces[40]).toEqual({ index: 40, length: 1000, stale: false });
    expect(pieces.filter((x) => x.stale)).toEqual([]);
  });

  it('reads small files, buffers and streams as chunks (nothing left open)', async () => {
    const kinds = new Set<string>();
    for await (const piece of lazyChunksOf(plain)) kinds.add(piece.kind);
    expect([...kinds].sort()).toEqual(['chunk', 'failures']);
  });
});

describe('evtxInfo', () => {
  it('counts what `evtx dump` reads: errors found only while rendering count as bad records', async () => {
    const w = new ChunkWriter();
    for (let id = 1; id <= 5; id++) {
      const values = eventValues(id, 'x');
      // Record 3: its UInt32 `Count` holds 2 bytes, found when the value is decoded.
      if (id === 3) values[7] = { type: 0x08, bytes: Uint8Array.from([1, 2]) };
      w.record(id, { template: EVENT_TEMPLATE, values });
    }
    const p = join(dir, 'render-error.evtx');
    writeFileSync(p, evtxFile([w.finish()]));
    const info = await evtxInfo(p);
    expect(info.summary).toMatchObject({ records: 4, badRecords: 1, recovered: 0 });
    expect(info.errors).toEqual([
      expect.objectContaining({
        code: 'evtx.value.bad-size',
        recordId: 3,
        path: 'TemplateInstanceData.value[7]',
      }),
    ]);
    let printed = 0;
    let reported = 0;
    for await (const i of readEvtxText([{ name: p, input: p }], { format: 'jsonl' })) {
      if (i.ok) printed += i.records;
      else reported++;
    }
    expect({ printed, reported }).toEqual({ printed: 4, reported: 1 });
  });

  it('reports header fields, dirty flag, chunk states, id range and counts', async () => {
    const b = sampleFile(2, 3);
    b[120] = 1;
    b.set(u32(crc32(b, 0, 120)), 124);
    const p = join(dir, 'dirty.evtx');
    writeFileSync(p, b);
    const info = await evtxInfo(p);
    expect(info.header).toMatchObject({
      isDirty: true,
      isFull: false,
      chunkCount: 2,
      majorVersion: 3,
      minorVersion: 1,
      checksumValid: true,
    });
    expect(info.chunks).toEqual({ total: 2, ok: 2, empty: 0, bad: 0, badChecksum: 0 });
    expect(info.summary).toMatchObject({
      records: 6,
      badRecords: 0,
      recovered: 0,
      firstRecordId: 1,
      lastRecordId: 6,
    });
  });
});
