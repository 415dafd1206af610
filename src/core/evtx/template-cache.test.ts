import { afterAll, describe, expect, it } from 'vitest';
import { mutate, prng } from '../../../scripts/lib/evtx-fuzz.js';
import { ChunkWriter, evtxFile, sampleFile, V } from '../../../test/fixtures/evtx/evtx-writer.js';
import { describeShared, smallAttackSamples } from '../../../test/shared-data.js';
import { readEvtx } from './evtx-reader.js';
import { recordToJson, recordToXml } from './evtx-record.js';
import { resetTemplateCache, templateCacheStats } from './template-cache.js';

/** Everything a read yields (records rendered as JSON and XML, errors with code and offset), as one string. */
function readOut(bytes: Uint8Array): string {
  const out: string[] = [];
  for (const r of readEvtx(bytes, {
    recover: true,
    render: (rec) => {
      try {
        return `${JSON.stringify(recordToJson(rec))}\n${recordToXml(rec)}`;
      } catch (e) {
        return `render error ${(e as { code?: string }).code ?? String(e)}`;
      }
    },
  }))
    out.push(r.ok ? `${r.record.recordId}@${r.record.offset} ${r.value}` : `${r.error.code}@${r.offset}`);
  return out.join('\n');
}

/** Reads every mutant with definitions parsed per chunk, then with definitions reused from the seeds. */
function compare(seeds: readonly Uint8Array[], cases: number, seed: number): void {
  const rand = prng(seed);
  const mutants = Array.from({ length: cases }, (_, i) => mutate(seeds[i % seeds.length]!, rand));
  resetTemplateCache(false);
  const parsed = mutants.map(readOut);
  resetTemplateCache(true);
  for (const s of seeds) readOut(s); // the mutants' definitions now mostly come from the cache
  const before = templateCacheStats().reused;
  let differing = 0;
  mutants.forEach((m, i) => {
    if (readOut(m) !== parsed[i]) differing++;
  });
  expect(differing).toBe(0);
  // The comparison means something only if most mutants' definitions were reused.
  expect(templateCacheStats().reused - before).toBeGreaterThan(cases);
}

describe('template definitions reused across chunks', () => {
  afterAll(() => resetTemplateCache(true));

  it('yield what parsing each chunk’s own definitions yields, on 400 mutated synthetic files', () => {
    compare([sampleFile(3, 60), sampleFile(2, 90)], 400, 5);
  });

  it('resolve a definition’s back-referenced names in its own chunk', () => {
    // Both chunks: a first template defines an element name inline at the same offset ("Alpha" in one chunk,
    // "Bravo" in the other), then a second definition, byte for byte the same in both chunks, names its element
    // by pointing back at that offset. Only the names differ.
    const chunk = (name: string): Uint8Array => {
      const w = new ChunkWriter();
      w.record(1, { template: { id: 'first', root: { e: name } }, values: [] });
      w.record(2, {
        template: { id: 'second', root: { e: name, c: [{ sub: 0, type: 1 }] } },
        values: [V.str('x')],
      });
      return w.finish();
    };
    const file = evtxFile([chunk('Alpha'), chunk('Bravo')], 0, 3);
    resetTemplateCache(true);
    const out = readOut(file);
    expect(out.match(/<(Alpha|Bravo)>x</g)).toEqual(['<Alpha>x<', '<Bravo>x<']);
    resetTemplateCache(false);
    expect(readOut(file)).toBe(out);
  });

  it('keep at most 1,024 definitions however many a file presents', () => {
    // 1,600 definitions, 8 of each size (the writer gives every template the same GUID): 320 KB in all.
    const chunks: Uint8Array[] = [];
    let w = new ChunkWriter();
    for (let id = 1; id <= 1600; id++) {
      const text = 'abcdefgh'[id % 8]!.repeat(1 + (id >> 3));
      const record = { template: { id: `t${id}`, root: { e: 'E', c: [{ text }] } }, values: [] };
      if (!w.record(id, record)) {
        chunks.push(w.finish());
        w = new ChunkWriter();
        w.record(id, record);
      }
    }
    chunks.push(w.finish());
    resetTemplateCache(true);
    readOut(evtxFile(chunks, 0, 1601));
    expect(templateCacheStats().kept).toBeGreaterThan(1500);
    expect(templateCacheStats().held).toBeLessThanOrEqual(1024);
  });

  it('yield the same for an unmutated file read cold and warm', () => {
    const file = sampleFile(4, 50);
    resetTemplateCache(false);
    const cold = readOut(file);
    resetTemplateCache(true);
    expect(readOut(file)).toBe(cold);
    expect(templateCacheStats().reused).toBeGreaterThan(0); // its later chunks reuse the first chunk's definitions
    expect(readOut(file)).toBe(cold);
  });
});

describeShared('template definitions reused across chunks (real files)', () => {
  afterAll(() => resetTemplateCache(true));

  it('yield what parsing each chunk’s own definitions yields, on 300 mutated real samples', () => {
    const seeds = smallAttackSamples();
    expect(seeds.length).toBeGreaterThan(3);
    compare(seeds, 300, 23);
  });
});
