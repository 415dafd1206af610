import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  compareWithEvtxexport,
  compareWithShippedJson,
  evtxexportRecords,
  hasEvtxexport,
  listEvtxFiles,
  xmlFacts,
} from '../../../scripts/lib/evtx-conformance.js';
import { describeShared, SHARED_DATA } from '../../../test/shared-data.js';
import { readEvtx, recordToFlat, recordToXml, xmlChars } from './index.js';

/**
 * Whether our XML of `file` equals evtxexport's once the characters XML 1.0 forbids, which evtxexport writes as
 * they are (its documents are then not well-formed), are replaced by U+FFFD as our XML does.
 */
function equalButForbiddenCharacters(file: string): boolean {
  const ours: string[] = [];
  for (const r of readEvtx(readFileSync(file), { render: recordToXml, order: 'file' }))
    if (r.ok) ours.push(r.value);
  const ref = evtxexportRecords(file).records;
  return ours.every((x, i) => i >= ref.length || isDeepStrictEqual(xmlFacts(x), xmlFacts(xmlChars(ref[i]!))));
}

describeShared('conformance: regression JSON shipped with the Sigma rules', () => {
  it('our JSON equals every shipped .json document', () => {
    const files = listEvtxFiles(SHARED_DATA).filter((f) => f.includes('regression_data'));
    expect(files.length).toBeGreaterThan(150);
    const diffs: string[] = [];
    let docs = 0;
    for (const f of files) {
      const c = compareWithShippedJson(f);
      if (!c) continue;
      docs += c.expected;
      if (c.mismatches > 0 || c.expected !== c.ours) diffs.push(`${c.file}: ${c.samples.join(' | ')}`);
    }
    expect(diffs).toEqual([]);
    expect(docs).toBeGreaterThan(200);
  });
});

const withEvtxexport = hasEvtxexport();
(withEvtxexport ? describeShared : describe.skip)(
  `conformance: record counts and content vs evtxexport${withEvtxexport ? '' : ' (skipped: evtxexport not installed — apt-get install libevtx-utils)'}`,
  () => {
    it('every .evtx: same records as evtxexport, field for field after normalisation', () => {
      const files = listEvtxFiles(SHARED_DATA);
      const problems: string[] = [];
      let referenceAborted = 0;
      for (const f of files) {
        const c = compareWithEvtxexport(f, 1);
        if (c.ours !== c.reference) {
          // evtxexport gives up on records without a template instance; we must read them without error.
          if (c.referenceFailed !== undefined && c.ours > c.reference && c.errors === 0) referenceAborted++;
          else problems.push(`${f}: ours ${c.ours} (+${c.errors} errors) vs evtxexport ${c.reference}`);
        }
        if (c.contentMismatches > 0 && !equalButForbiddenCharacters(f))
          problems.push(`${f}: ${c.samples.join(' | ')}`);
      }
      expect(problems).toEqual([]);
      expect(referenceAborted).toBeLessThan(20);
    });
  },
);

/** Top-level template instance of the record at file offset `at`: whether its id names its definition's GUID. */
function namesItsTemplate(file: Uint8Array, at: number): boolean | undefined {
  const bx = at + 24;
  if (file[bx] !== 0x0f || file[bx + 4] !== 0x0c) return undefined;
  const chunk = 4096 + Math.floor((at - 4096) / 65536) * 65536;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const def = view.getUint32(bx + 10, true);
  if (def + 24 > 65536) return false;
  return view.getUint32(bx + 6, true) === view.getUint32(chunk + def + 4, true);
}

/** Record signatures in the slack of each chunk (past its free-space offset) whose template id does not match. */
function mismatchedSlackRecords(file: Uint8Array): number {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let n = 0;
  for (let chunk = 4096; chunk + 65536 <= file.length; chunk += 65536) {
    for (let o = chunk + view.getUint32(chunk + 48, true); o + 28 <= chunk + 65536; o++) {
      if (view.getUint32(o, true) === 0x2a2a && namesItsTemplate(file, o) === false) n++;
    }
  }
  return n;
}

describeShared('recovery on real files', () => {
  it('carves the earlier records left in chunk slack of a filtered export, consistent with their headers', () => {
    const file = `${SHARED_DATA}/evtx-attack-samples/Discovery/discovery_local_user_or_group_windows_security_4799_4798.evtx`;
    const bytes = new Uint8Array(readFileSync(file));
    const results = [...readEvtx(bytes, { render: recordToFlat, recover: true })];
    const allocated = results.filter((r) => r.ok && !r.record.recovered);
    const carved = results.filter((r) => r.ok && r.record.recovered);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(allocated).toHaveLength(3);
    expect(carved).toHaveLength(136);
    const ids = new Set<number>();
    for (const r of carved) {
      if (!r.ok) continue;
      // The BinXml EventRecordID agrees with the record header id, and no id is produced twice.
      expect(r.value.EventRecordID).toBe(r.record.recordId);
      expect(ids.has(r.record.recordId)).toBe(false);
      ids.add(r.record.recordId);
      // Rendered with the template it names: its provider and channel (a System log's) are there.
      expect(namesItsTemplate(bytes, r.record.offset)).toBe(true);
      expect(r.value.Channel).toBe('System');
      expect(typeof r.value.Provider_Name).toBe('string');
    }
  });

  it('rejects slack records whose template instance points at a definition written over since', () => {
    for (const [name, slack] of [
      [
        'hayabusa-sample-evtx/EVTX-to-MITRE-Attack/TA0008-Lateral Movement/T1550-Use Alternate Authentication Material/ID4624-Mimikatz Pass the hash.evtx',
        20,
      ],
      ['evtx-attack-samples/Discovery/4799_remote_local_groups_enumeration.evtx', 246],
    ] as const) {
      const bytes = new Uint8Array(readFileSync(`${SHARED_DATA}/${name}`));
      // Records left in slack point at definitions of other templates (e.g. 4624 records at an EventLog 5447
      // definition): rendering them would print false events. The check covers nested instances too (5 more
      // slack records of the first file have a matching outer template but a mismatched EventData one).
      expect(mismatchedSlackRecords(bytes)).toBe(slack);
      const results = [...readEvtx(bytes, { render: recordToFlat, recover: true })];
      expect(results.filter((r) => !r.ok)).toEqual([]);
      const carved = results.filter((r) => r.ok && r.record.recovered);
      for (const r of carved) expect(r.ok && namesItsTemplate(bytes, r.record.offset)).not.toBe(false);
      expect(carved).toHaveLength(0);
    }
  });
});
