import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { listEvtxFiles } from '../../../scripts/lib/evtx-conformance.js';
import {
  ChunkWriter,
  EVENT_TEMPLATE,
  eventValues,
  evtxFile,
  sampleFile,
  V,
  type WTemplate,
} from '../../../test/fixtures/evtx/evtx-writer.js';
import { describeShared, SHARED_DATA } from '../../../test/shared-data.js';
import {
  recordToFlat,
  recordToFlatGeneric,
  recordToFlatJson,
  recordToJson,
  recordToJsonGeneric,
  recordToJsonLine,
} from './evtx-record.js';
import { planFlat } from './flat-plan.js';
import { readEvtx } from './index.js';
import { planJson } from './json-plan.js';

function compare(bytes: Uint8Array): { records: number; planned: number; diffs: string[] } {
  const diffs: string[] = [];
  let records = 0;
  let planned = 0;
  for (const r of readEvtx(bytes, { render: (rec) => rec })) {
    if (!r.ok) continue;
    records++;
    const rec = r.value;
    const only = rec.nodes[0];
    if (rec.nodes.length === 1 && only?.k === 8) {
      if (planFlat(only.template, only.values, 0) && planJson(only.template, only.values, 0)) planned++;
    }
    const f1 = JSON.stringify(recordToFlat(rec));
    const f2 = JSON.stringify(recordToFlatGeneric(rec));
    if (f1 !== f2 && diffs.length < 5) diffs.push(`flat #${rec.recordId}: ${f1} vs ${f2}`);
    const j1 = JSON.stringify(recordToJson(rec));
    const j2 = JSON.stringify(recordToJsonGeneric(rec));
    if (j1 !== j2 && diffs.length < 5) diffs.push(`json #${rec.recordId}: ${j1} vs ${j2}`);
    const f3 = recordToFlatJson(rec);
    if (!isDeepStrictEqual(JSON.parse(f3), recordToFlat(rec)) && diffs.length < 5)
      diffs.push(`flat text #${rec.recordId}: ${f3} vs ${f1}`);
    const j3 = recordToJsonLine(rec);
    if (j3 !== j2 && diffs.length < 5) diffs.push(`json text #${rec.recordId}: ${j3} vs ${j2}`);
  }
  return { records, planned, diffs };
}

describe('compiled template plans render exactly like the generic walker', () => {
  it('on synthetic records', () => {
    const r = compare(sampleFile(2, 10));
    expect(r.diffs).toEqual([]);
    expect(r.planned).toBe(20);
  });

  it('when records of one template alternate between key sequences (omitted NULL attributes)', () => {
    // The flat plan remembers the last key sequence of a template: every change of shape must be noticed.
    const w = new ChunkWriter();
    const shapes: string[][] = [];
    for (let id = 1; id <= 16; id++) {
      const values = eventValues(id, `cmd.exe /c echo ${id}`);
      if (id % 2 === 0) values[0] = V.null(); // Provider/@Name omitted
      if (id % 3 === 0) values[1] = V.u16(0x4000); // EventID/@Qualifiers present
      w.record(id, { template: EVENT_TEMPLATE, values });
    }
    const file = evtxFile([w.finish()], 0, 17);
    const r = compare(file);
    expect(r.diffs).toEqual([]);
    expect(r.planned).toBe(16);
    for (const x of readEvtx(file, { render: recordToFlat })) if (x.ok) shapes.push(Object.keys(x.value));
    expect(shapes.map((k) => [k.includes('Provider_Name'), k.includes('EventID_Qualifiers')])).toEqual(
      Array.from({ length: 16 }, (_, i) => [(i + 1) % 2 !== 0, (i + 1) % 3 === 0]),
    );
  });
});

describe('JSON text written from plans', () => {
  it('equals JSON.stringify of the document: escapes, integer-like Data names (ordered first by objects)', () => {
    const template: WTemplate = {
      id: 'odd',
      root: {
        e: 'Event',
        c: [
          { e: 'System', c: [{ e: 'Computer', c: [{ sub: 0, type: 1 }] }] },
          {
            e: 'EventData',
            c: [
              { e: 'Data', a: [['Name', [{ text: 'Text' }]]], c: [{ sub: 1, type: 1 }] },
              { e: 'Data', a: [['Name', [{ text: '10' }]]], c: [{ sub: 2, type: 8 }] },
              { e: 'Data', a: [['Name', [{ text: '2' }]]], c: [{ sub: 3, type: 1 }] },
            ],
          },
        ],
      },
    };
    const plain: WTemplate = {
      id: 'plain',
      root: {
        e: 'Event',
        c: [
          { e: 'EventData', c: [{ e: 'Data', a: [['Name', [{ text: 'Text' }]]], c: [{ sub: 0, type: 1 }] }] },
        ],
      },
    };
    const odd = ['say "hi" \\ path\nnext\u0001 \u2028 é 😀 \t', 'plain', ''];
    const w = new ChunkWriter();
    let id = 1;
    for (const text of odd) {
      w.record(id++, { template, values: [V.str('HOST'), V.str(text), V.u32(id), V.str(`v${id}`)] });
      w.record(id++, { template: plain, values: [V.str(text)] });
    }
    const file = evtxFile([w.finish()], 0, id);
    const lines: string[] = [];
    for (const r of readEvtx(file, {
      render: (rec) => [recordToJsonLine(rec), JSON.stringify(recordToJson(rec))],
    })) {
      if (!r.ok) throw r.error;
      expect(r.value[0]).toBe(r.value[1]);
      lines.push(r.value[0]!);
    }
    expect(lines).toHaveLength(6);
    // Integer-like keys come first, as in any JS object: the text writer defers to the object there.
    expect(lines[0]).toContain('"EventData":{"2":"v2","10":2,"Text":');
    expect(lines[1]).toContain('\\"hi\\"');
  });
});

describeShared('compiled template plans on the real samples', () => {
  it('every record of every file: same flat event and same JSON (key order included)', () => {
    let records = 0;
    let planned = 0;
    const diffs: string[] = [];
    for (const f of listEvtxFiles(SHARED_DATA)) {
      const r = compare(new Uint8Array(readFileSync(f)));
      records += r.records;
      planned += r.planned;
      for (const d of r.diffs) diffs.push(`${f}: ${d}`);
    }
    expect(diffs.slice(0, 5)).toEqual([]);
    expect(records).toBeGreaterThan(20000);
    // Nearly every real record goes through a compiled plan.
    expect(planned / records).toBeGreaterThan(0.9);
  });
});
