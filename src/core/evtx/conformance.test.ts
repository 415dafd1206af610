import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareWithEvtxexport,
  compareWithShippedJson,
  hasEvtxexport,
  listEvtxFiles,
} from '../../../scripts/lib/evtx-conformance.js';
import { describeShared, SHARED_DATA } from '../../../test/shared-data.js';
import { readEvtx, recordToFlat } from './index.js';

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
        if (c.contentMismatches > 0) problems.push(`${f}: ${c.samples.join(' | ')}`);
      }
      expect(problems).toEqual([]);
      expect(referenceAborted).toBeLessThan(20);
    });
  },
);

describeShared('recovery on real files', () => {
  it('carves the earlier records left in chunk slack of a filtered export, consistent with their headers', () => {
    const file = `${SHARED_DATA}/evtx-attack-samples/Discovery/4799_remote_local_groups_enumeration.evtx`;
    const bytes = new Uint8Array(readFileSync(file));
    const results = [...readEvtx(bytes, { render: recordToFlat, recover: true })];
    const allocated = results.filter((r) => r.ok && !r.record.recovered);
    const carved = results.filter((r) => r.ok && r.record.recovered);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(allocated).toHaveLength(5);
    expect(carved).toHaveLength(246);
    const ids = new Set<number>();
    for (const r of carved) {
      if (!r.ok) continue;
      // The BinXml EventRecordID agrees with the record header id, and no id is produced twice.
      expect(r.value.EventRecordID).toBe(r.record.recordId);
      expect(ids.has(r.record.recordId)).toBe(false);
      ids.add(r.record.recordId);
    }
  });
});
