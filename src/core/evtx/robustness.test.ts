import { describe, expect, it } from 'vitest';
import { ChunkWriter, evtxFile, sampleFile, u32 } from '../../../test/fixtures/evtx/evtx-writer.js';
import { crc32, type EvtxResult, readEvtx, readEvtxStream, recordToJson } from './index.js';

function read(bytes: Uint8Array, recover = false, limits?: { maxDepth: number; maxNodesPerRecord: number }) {
  const results: EvtxResult<unknown>[] = [
    ...readEvtx(bytes, { render: recordToJson, recover, ...(limits ? { limits } : {}) }),
  ];
  const ok = results.filter((r) => r.ok && !r.record.recovered).length;
  const recovered = results.filter((r) => r.ok && r.record.recovered).length;
  const errors = results.flatMap((r) => (r.ok ? [] : [`${r.scope}:${r.error.code}`]));
  return { ok, recovered, errors, results };
}

function recordOffsets(bytes: Uint8Array): number[] {
  return read(bytes).results.flatMap((r) => (r.ok ? [r.record.offset] : []));
}

/** `bytes` as a stream of 1000-byte blocks. */
async function* blocks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
}

function flip(b: Uint8Array, at: number, mask: number): void {
  b[at] = b[at]! ^ mask;
}

function fixChunkHeaderCrc(b: Uint8Array, chunk: number): void {
  const c = b.subarray(4096 + chunk * 65536, 4096 + (chunk + 1) * 65536);
  c.set(u32(crc32(c, 128, 512, crc32(c, 0, 120))), 124);
}

describe('corrupt inputs: per-record / per-chunk errors with offsets, the scan goes on', () => {
  it('reads a clean synthetic file', () => {
    expect(read(sampleFile())).toMatchObject({ ok: 10, recovered: 0, errors: [] });
  });

  it('bad chunk magic: the chunk is reported, the other chunk is read; --recover carves its records', () => {
    const b = sampleFile();
    b[4096 + 65536] = 0x58;
    expect(read(b)).toMatchObject({ ok: 5, errors: ['chunk:evtx.chunk.bad-magic'] });
    expect(read(b, true)).toMatchObject({ ok: 5, recovered: 5, errors: ['chunk:evtx.chunk.bad-magic'] });
    const err = read(b).results.find((r) => !r.ok);
    expect(err && !err.ok && err.error.location).toEqual({ offset: 4096 + 65536, path: 'ChunkHeader.magic' });
    // The hint suggests recovery, except when recovering.
    expect(err && !err.ok && err.error.hint).toContain('use --recover');
    const recovering = read(b, true).results.find((r) => !r.ok);
    expect(recovering && !recovering.ok && recovering.error.hint).not.toContain('use --recover');
    expect(recovering && !recovering.ok && recovering.error.hint).toContain('were carved');
  });

  it('bad chunk header CRC and bad event-records CRC are reported, records still read', () => {
    const b = sampleFile();
    flip(b, 4096 + 100, 0xff);
    expect(read(b)).toMatchObject({ ok: 10, errors: ['chunk:evtx.chunk.bad-checksum'] });
    const c = sampleFile();
    const [, second] = recordOffsets(c);
    flip(c, second! + 24 + 200, 0x01); // inside record 2's binxml/value bytes
    const r = read(c);
    expect(r.errors[0]).toBe('chunk:evtx.chunk.bad-records-checksum');
    expect(r.ok + r.errors.length - 1).toBe(10);
  });

  it('bad file header CRC and a dirty flag do not stop reading', () => {
    const b = sampleFile();
    flip(b, 30, 0xff);
    expect(read(b)).toMatchObject({ ok: 10, errors: ['file:evtx.file.bad-checksum'] });
    const dirty = sampleFile();
    dirty[120] = 1;
    dirty.set(u32(crc32(dirty, 0, 120)), 124);
    expect(read(dirty)).toMatchObject({ ok: 10, errors: [] });
  });

  it('truncated file: records before the cut are kept, the cut record and chunk are reported', () => {
    const b = sampleFile();
    const offs = recordOffsets(b);
    const cut = b.subarray(0, offs[8]! + 40); // inside record 9
    expect(read(cut)).toMatchObject({
      ok: 8,
      errors: ['chunk:evtx.chunk.truncated', 'record:evtx.record.bad-size'],
    });
    expect(read(b.subarray(0, 50))).toMatchObject({ ok: 0, errors: ['file:evtx.file.truncated'] });
    expect(read(new Uint8Array(5000).fill(7))).toMatchObject({
      ok: 0,
      errors: ['file:evtx.file.bad-magic', 'chunk:evtx.chunk.bad-magic'],
    });
  });

  it('a file holding fewer chunks than its header announces, or cut inside the header block, is reported', async () => {
    const b = sampleFile(3, 2);
    const whole = read(b);
    expect(whole).toMatchObject({ ok: 6, errors: [] });
    const cases: [Uint8Array, number, string][] = [
      [b.subarray(0, 4096 + 2 * 65536), 4, 'FileHeader.chunkCount'], // cut on a chunk boundary
      [b.subarray(0, 4096), 0, 'FileHeader.chunkCount'], // the header block alone
      [b.subarray(0, 1000), 0, 'FileHeader'], // inside the header block
    ];
    for (const [cut, ok, path] of cases) {
      const r = read(cut);
      expect(r).toMatchObject({ ok, errors: ['file:evtx.file.truncated'] });
      const e = r.results.find((x) => !x.ok);
      expect(e && !e.ok && e.error.location).toEqual({ offset: cut.length, path });
      // The same from a stream, as the last result.
      const streamed: EvtxResult<unknown>[] = [];
      for await (const x of readEvtxStream(blocks(cut), { render: recordToJson })) streamed.push(x);
      expect(streamed.filter((x) => x.ok)).toHaveLength(ok);
      expect(streamed.flatMap((x) => (x.ok ? [] : [x.error.code]))).toEqual(['evtx.file.truncated']);
      expect(streamed[streamed.length - 1]!.ok).toBe(false);
    }
    expect(read(b.subarray(0, 4096 + 2 * 65536)).results.find((x) => !x.ok)).toMatchObject({
      error: {
        message:
          'the file header announces 3 chunks (200704 bytes) but the file ends after 2 chunks (135168 bytes)',
      },
    });
    // More chunks than announced (a dirty log) is normal; a header with a bad CRC is not trusted for its count.
    const more = new Uint8Array(b.length + 65536);
    more.set(b);
    more.set(b.subarray(4096, 4096 + 65536), b.length);
    expect(read(more)).toMatchObject({ ok: 8, errors: [] });
    const wrongCrc = b.slice(0, 4096 + 65536);
    wrongCrc[124] = wrongCrc[124]! ^ 1;
    expect(read(wrongCrc).errors).toEqual(['file:evtx.file.bad-checksum']);
  });

  it('garbage inside a record yields one record error; the next record is read', () => {
    const b = sampleFile();
    const offs = recordOffsets(b);
    b.fill(0xff, offs[2]! + 24, offs[2]! + 60);
    const r = read(b);
    expect(r.ok).toBe(9);
    expect(r.errors).toEqual(['chunk:evtx.chunk.bad-records-checksum', 'record:evtx.binxml.bad-token']);
    const bad = r.results.find((x) => !x.ok && x.scope === 'record');
    expect(bad && !bad.ok && bad.recordId).toBe(3);
  });

  it('garbage between records: reported once, reading resynchronises on the next record signature', () => {
    const b = sampleFile();
    const offs = recordOffsets(b);
    b.fill(0x41, offs[1]!, offs[1]! + 8); // destroy record 2's signature and size
    const r = read(b);
    expect(r.ok).toBe(9);
    expect(r.errors).toEqual(['chunk:evtx.chunk.bad-records-checksum', 'record:evtx.record.bad-magic']);
  });

  it('a template reference outside the chunk is a record error', () => {
    const b = sampleFile();
    const offs = recordOffsets(b);
    // record 2 references record 1's template: its definition offset sits at binxml + 4 (fragment) + 6.
    b.set(u32(70000), offs[1]! + 24 + 4 + 6);
    const r = read(b);
    expect(r.ok).toBe(9);
    expect(r.errors).toEqual(['chunk:evtx.chunk.bad-records-checksum', 'record:evtx.template.out-of-range']);
    // Located at the offending field (inside the file), not at the chunk offset it names.
    const bad = r.results.find((x) => !x.ok && x.scope === 'record');
    expect(bad && !bad.ok && bad.error.location).toEqual({
      offset: offs[1]! + 24 + 4 + 6,
      path: 'BinXmlTemplateInstance.templateDefinitionOffset',
    });
  });

  it('a name reference outside the chunk is located at the referring field', () => {
    const b = sampleFile(1, 2);
    const offs = recordOffsets(b);
    // Record 1 defines its template inline: the first element's name field follows the 24-byte definition
    // header, the definition's fragment header and the element start (token, dependency id, data size).
    const field = offs[0]! + 24 + 4 + 10 + 24 + 4 + 7;
    b.set(u32(0x7fff0000), field);
    const r = read(b);
    const bad = r.results.find((x) => !x.ok && x.scope === 'record');
    expect(bad && !bad.ok && bad.error.code).toBe('evtx.name.out-of-range');
    expect(bad && !bad.ok && bad.error.location).toEqual({ offset: field, path: 'BinXmlElementStart.name' });
  });

  it('recursion bombs: deep nesting and a self-referencing template are stopped', () => {
    const w = new ChunkWriter();
    let deep: { e: string; c?: { e: string }[] } = { e: 'X' };
    for (let i = 0; i < 200; i++) deep = { e: 'X', c: [deep] };
    w.record(1, deep);
    // A template whose definition contains an instance of itself.
    w.rawRecord(2, (base) => {
      const def = base + 4 + 10;
      return [
        0x0f,
        1,
        1,
        0,
        0x0c,
        1,
        0,
        0,
        0,
        0,
        ...u32(def),
        0,
        0,
        0,
        0,
        ...new Array(16).fill(0),
        ...u32(15),
        0x0f,
        1,
        1,
        0,
        0x0c,
        1,
        0,
        0,
        0,
        0,
        ...u32(def),
        0,
        0,
        0,
        0,
        0x00,
        0,
        0,
        0,
        0,
        0x00,
      ];
    });
    w.record(3, { e: 'Fine' });
    const r = read(evtxFile([w.finish()]));
    expect(r.ok).toBe(1);
    expect(r.errors).toEqual(['record:evtx.binxml.too-deep', 'record:evtx.template.cycle']);
  });

  it('expansion bombs hit the per-record node budget', () => {
    const r = read(sampleFile(1, 2), false, { maxDepth: 64, maxNodesPerRecord: 5 });
    expect(r.ok).toBe(0);
    expect(r.errors).toEqual(['record:evtx.record.too-large', 'record:evtx.record.too-large']);
  });

  /** One chunk of 5 records whose last two were freed (the free-space offset moved back): they lie in slack. */
  function lastTwoFreed(): { b: Uint8Array; offs: number[] } {
    const b = sampleFile(1, 5);
    const offs = recordOffsets(b);
    const chunk = b.subarray(4096, 4096 + 65536);
    chunk.set(u32(offs[3]! - 4096), 48);
    chunk.set(u32(crc32(chunk, 512, offs[3]! - 4096)), 52);
    fixChunkHeaderCrc(b, 0);
    return { b, offs };
  }
  const carvedIds = (b: Uint8Array) =>
    read(b, true)
      .results.filter((r) => r.ok && r.record.recovered)
      .map((r) => r.ok && r.record.recordId);

  it('--recover carves records from chunk slack and de-duplicates by record id', () => {
    const { b } = lastTwoFreed();
    expect(read(b)).toMatchObject({ ok: 3, recovered: 0, errors: [] });
    expect(read(b, true)).toMatchObject({ ok: 3, recovered: 2, errors: [] });
    expect(carvedIds(b)).toEqual([4, 5]);
    // A copy of an allocated record in slack is dropped as a duplicate.
    const c = sampleFile(1, 5);
    const offs2 = recordOffsets(c);
    const end = offs2[4]! + (c[offs2[4]! + 4]! | (c[offs2[4]! + 5]! << 8));
    c.copyWithin(end + 64, offs2[1]!, offs2[2]!);
    const r = read(c, true);
    expect(r).toMatchObject({ ok: 5, recovered: 0, errors: [] });
  });

  it('--recover rejects a slack record whose template instance does not name the definition it points at', () => {
    // Records 4 and 5 freed (slack); record 4's template id then no longer names its definition (as when the
    // space a slack record points at was reused): only record 5 is carved. Allocated records are read as they are.
    const { b, offs } = lastTwoFreed();
    expect(carvedIds(b)).toEqual([4, 5]);
    b.set(u32(0xdeadbeef), offs[3]! + 24 + 4 + 2);
    expect(read(b, true)).toMatchObject({ ok: 3, errors: [] });
    expect(carvedIds(b)).toEqual([5]);
  });
});
