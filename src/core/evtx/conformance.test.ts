import { describe, expect, it } from 'vitest';
import {
  compareWithEvtxexport,
  compareWithShippedJson,
  hasEvtxexport,
  listEvtxFiles,
} from '../../../scripts/lib/evtx-conformance.js';
import { describeShared, SHARED_DATA } from '../../../test/shared-data.js';

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
