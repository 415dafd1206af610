import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../../scripts/lib/evtx-fuzz.js';
import { sampleFile } from '../../../test/fixtures/evtx/evtx-writer.js';
import { describeShared, smallAttackSamples } from '../../../test/shared-data.js';

describe('fuzz: mutated synthetic files', () => {
  it('1500 cases: no uncaught exception, bounded time per file, bounded heap', () => {
    const report = runFuzz([sampleFile(2, 40), sampleFile(1, 120)], 1500, 7);
    expect(report.failures).toEqual([]);
    expect(report.slowestMs).toBeLessThan(2000);
    expect(report.peakHeapMb).toBeLessThan(512);
    expect(report.records).toBeGreaterThan(0);
    expect(report.errors).toBeGreaterThan(0);
  });
});

describeShared('fuzz: mutated real EVTX files', () => {
  it('2000 cases over small real samples: no uncaught exception, bounded time and heap', () => {
    const seeds = smallAttackSamples();
    expect(seeds.length).toBeGreaterThan(3);
    const report = runFuzz(seeds, 2000, 11);
    expect(report.failures).toEqual([]);
    expect(report.slowestMs).toBeLessThan(2000);
    expect(report.peakHeapMb).toBeLessThan(512);
  });
});
