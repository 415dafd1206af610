/**
 * The regression suite through the whole hunt path: each case's `.evtx` read by `readLogEvents` with the
 * EVTX reader of src/app/evtx, every event through a HuntEngine holding only the case's rule (routing by
 * channel/EventID and the literal prefilter on), counting findings. Complements the JSON and direct-EVTX halves
 * of `npm run conformance:sigma`: it shows that routing, the prefilter and the app-layer reading lose nothing.
 */
import { join } from 'node:path';
import { readEvtxRecords, readLogEvents } from '../../src/app/hunt/index.js';
import { HuntEngine } from '../../src/core/hunt/index.js';
import type { CompiledRule } from '../../src/core/sigma/index.js';
import { type ConformanceResult, judgeTest, listConformanceCases, prepareCase } from './sigma-conformance.js';

/** Runs every regression case's `.evtx` through the hunt engine. */
export async function runHuntConformance(
  sigmaDir: string,
  rules: Map<string, CompiledRule>,
): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  for (const c of listConformanceCases(sigmaDir)) {
    const prepared = prepareCase(c, rules);
    if (!('rule' in prepared)) {
      results.push(prepared);
      continue;
    }
    const { rule, tests } = prepared;
    for (const t of tests) {
      const engine = new HuntEngine([rule]);
      let events = 0;
      let matches = 0;
      let bad = '';
      for await (const r of readLogEvents([join(sigmaDir, t.path)], {
        format: 'evtx',
        evtx: readEvtxRecords,
      })) {
        if (!r.ok) {
          bad ||= r.error.message;
          continue;
        }
        events++;
        engine.process(r.event, r.source.file, () => matches++);
      }
      results.push(judgeTest(c, t, events, matches, bad));
    }
  }
  return results;
}
