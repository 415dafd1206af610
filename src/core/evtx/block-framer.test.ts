import { describe, expect, it } from 'vitest';
import { sampleFile } from '../../../test/fixtures/evtx/evtx-writer.js';
import {
  type EvtxBlock,
  type EvtxResult,
  frameEvtxBlocks,
  readEvtx,
  readEvtxStream,
  readEvtxStreamChunks,
  recordToJson,
} from './index.js';

async function* blocksOf(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let p = 0;
  for (let i = 0; p < bytes.length; i++) {
    const n = sizes[i % sizes.length]!;
    // Buffers, as Node streams deliver them.
    yield Buffer.from(bytes.subarray(p, p + n));
    p += n;
  }
}

async function frames(source: AsyncIterable<Uint8Array>): Promise<EvtxBlock[]> {
  const out: EvtxBlock[] = [];
  for await (const b of frameEvtxBlocks(source)) out.push(b);
  return out;
}

describe('frameEvtxBlocks', () => {
  const file = sampleFile();

  it('gives the same header and chunks whatever the source block sizes, always as plain Uint8Arrays', async () => {
    const whole = await frames(blocksOf(file, [file.length]));
    expect(whole.map((b) => [b.kind, b.bytes.length])).toEqual([
      ['header', 4096],
      ['chunk', 65536],
      ['chunk', 65536],
    ]);
    for (const sizes of [[1000], [4096, 65536], [70_000, 3], [65536 * 3]]) {
      const got = await frames(blocksOf(file, sizes));
      expect(
        got.map((b) => [b.kind, b.kind === 'chunk' ? b.fileOffset : 0, Buffer.from(b.bytes).toString('hex')]),
      ).toEqual(
        whole.map((b) => [
          b.kind,
          b.kind === 'chunk' ? b.fileOffset : 0,
          Buffer.from(b.bytes).toString('hex'),
        ]),
      );
      for (const b of got) expect(Object.getPrototypeOf(b.bytes)).toBe(Uint8Array.prototype);
    }
  });

  it('views a chunk lying inside one source block (no copy) and assembles one straddling blocks', async () => {
    const source = Buffer.from(file);
    const [header, first, second] = await frames(
      (async function* () {
        yield source.subarray(0, 4096 + 65536 + 10);
        yield source.subarray(4096 + 65536 + 10);
      })(),
    );
    expect(header!.bytes.buffer).toBe(source.buffer);
    expect(first!.bytes.buffer).toBe(source.buffer);
    expect(second!.bytes.buffer).not.toBe(source.buffer);
  });

  it('a stream ending inside the header or a chunk yields the short block', async () => {
    expect(
      (await frames(blocksOf(file.subarray(0, 100), [64]))).map((b) => [b.kind, b.bytes.length]),
    ).toEqual([['header', 100]]);
    expect((await frames(blocksOf(new Uint8Array(0), [1]))).map((b) => [b.kind, b.bytes.length])).toEqual([
      ['header', 0],
    ]);
    const cut = await frames(blocksOf(file.subarray(0, 4096 + 65536 + 512), [9000]));
    expect(cut.map((b) => [b.kind, b.bytes.length])).toEqual([
      ['header', 4096],
      ['chunk', 65536],
      ['chunk', 512],
    ]);
  });
});

describe('readEvtxStreamChunks', () => {
  it('yields the results of readEvtxStream a chunk at a time, and those equal reading the bytes whole', async () => {
    const file = sampleFile();
    // Record id, offset and rendered event of each result (the results also hold byte views, slow to compare).
    const key = (r: EvtxResult<unknown>) =>
      r.ok ? [r.record.recordId, r.record.offset, r.value] : [r.error.code];
    const batches: number[] = [];
    const batched: unknown[] = [];
    for await (const b of readEvtxStreamChunks(blocksOf(file, [5000]), { render: recordToJson })) {
      batches.push(b.length);
      batched.push(...b.map(key));
    }
    const flat: unknown[] = [];
    for await (const r of readEvtxStream(blocksOf(file, [5000]), { render: recordToJson })) flat.push(key(r));
    expect(batches).toEqual([5, 5]);
    expect(batched).toEqual(flat);
    expect(flat).toEqual([...readEvtx(file, { render: recordToJson, order: 'file' })].map(key));
  });

  it('a file ending inside its header: the header failures and the truncation, in one batch', async () => {
    const batches: string[][] = [];
    for await (const b of readEvtxStreamChunks(blocksOf(sampleFile().subarray(0, 200), [64]), {
      render: recordToJson,
    }))
      batches.push(b.map((r) => (r.ok ? 'ok' : r.error.code)));
    expect(batches).toEqual([['evtx.file.truncated']]);
  });
});
