import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Finding } from '../../core/findings/index.js';
import { parseIocFile } from '../../core/hunt/index.js';
import { type HuntProgress, runHunt } from './run-hunt.js';

const LOTL_TESTS = fileURLToPath(new URL('../../../rules/lotl/tests', import.meta.url));

function scenario(file: string): object[] {
  const t = parse(readFileSync(join(LOTL_TESTS, file), 'utf8')) as { match: { events: object[] }[] };
  return t.match[0]!.events;
}

describe('runHunt (shipped rules, this thread)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stormwatch-run-hunt-'));
  writeFileSync(
    join(dir, 'chain.ndjson'),
    `${scenario('correlation_lotl_ntds_theft_chain.yml')
      .map((e) => JSON.stringify(e))
      .join('\n')}\n`,
  );
  writeFileSync(join(dir, 'bad.json'), '{"Event": {"System": {"EventID": 1}}}\n{ nope\n');

  it('streams findings, reports files, progress and bad records, and ends with correlations and a summary', async () => {
    const findings: Finding[] = [];
    const progress: HuntProgress[] = [];
    const files: string[] = [];
    const badRecords: string[] = [];
    const r = await runHunt({
      paths: [dir, join(dir, 'missing.evtx')],
      threads: 4, // no built worker script under the test runner: runs in this thread
      onFinding: (f) => findings.push(f),
      onProgress: (p) => progress.push(p),
      onFileEnd: (s) => files.push(s.file),
      onRecordError: (e) => badRecords.push(e.code),
    });
    expect(r.rules.threads).toBe(1);
    expect(r.rules.rules).toBeGreaterThanOrEqual(30);
    expect(r.rules.failed).toBe(0);
    expect(files.map((f) => f.replace(dir, '<dir>')).sort()).toEqual(
      ['<dir>/bad.json', '<dir>/chain.ndjson', `${dir}/missing.evtx`.replace(dir, '<dir>')].sort(),
    );
    expect(r.files.find((f) => f.file.endsWith('missing.evtx'))?.error?.code).toBe('HUNT_INPUT_NOT_FOUND');
    expect(badRecords.length).toBeGreaterThanOrEqual(1);
    expect(r.records.bad).toBeGreaterThanOrEqual(2); // the damaged record and the missing file
    expect(r.records.read).toBe(scenario('correlation_lotl_ntds_theft_chain.yml').length + 1);
    const last = progress[progress.length - 1]!;
    expect(last.filesDone).toBe(last.filesTotal);
    expect(last.findings).toBe(findings.length);
    const corr = findings.filter((f) => f.kind === 'correlation');
    expect(corr.map((f) => f.rule_title)).toContain(
      'NTDS Theft Chain - Shadow Copy, Ntdsutil and Archive on One Host',
    );
    // Correlation findings come after the rule findings they join.
    expect(findings.indexOf(corr[0]!)).toBeGreaterThan(findings.findIndex((f) => f.kind === 'sigma'));
    expect(r.summary.total).toBe(findings.length);
    expect(r.summary.techniques.map((t) => t.technique)).toContain('T1003.003');
    expect(r.stats.prefiltered).toBeGreaterThan(0);
  });

  it('applies --min-level and sweeps IOCs in the same pass', async () => {
    const iocs = parseIocFile('ntdsutil.exe\n', { file: 'iocs.txt' }).entries;
    const findings: Finding[] = [];
    await runHunt({
      paths: [join(dir, 'chain.ndjson')],
      minLevel: 'critical',
      iocs,
      onFinding: (f) => findings.push(f),
    });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.level === 'critical')).toBe(true);
    const none: Finding[] = [];
    await runHunt({
      paths: [join(dir, 'chain.ndjson')],
      minLevel: 'high',
      iocs,
      onFinding: (f) => none.push(f),
    });
    expect(none.filter((f) => f.kind === 'ioc').map((f) => f.ioc?.indicator)).toEqual(['ntdsutil.exe']);
  });

  it('waits for findingsReady (backpressure from a slow consumer) without changing the findings', async () => {
    const events = scenario('correlation_lotl_ntds_theft_chain.yml');
    const lines = Array.from({ length: 3000 }, () => events.map((e) => JSON.stringify(e)).join('\n'));
    const big = join(dir, 'repeated.ndjson');
    writeFileSync(big, `${lines.join('\n')}\n`);
    const free: string[] = [];
    await runHunt({ paths: [big], onFinding: (f) => free.push(f.rule_id) });
    const held: string[] = [];
    let waits = 0;
    await runHunt({
      paths: [big],
      onFinding: (f) => held.push(f.rule_id),
      findingsReady: () => {
        waits++;
        return new Promise((resolve) => setTimeout(resolve, 2));
      },
    });
    expect(waits).toBeGreaterThan(0);
    expect(held).toEqual(free);
    expect(held.length).toBeGreaterThan(3000);
  });

  it('refuses a hunt without any rule', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'stormwatch-no-rules-'));
    await expect(runHunt({ paths: [dir], rules: [empty] })).rejects.toMatchObject({
      code: 'hunt.no-rules',
      kind: 'usage',
    });
  });
});
