/**
 * End-to-end tests of `stormwatch hunt` through bin/stormwatch (which runs dist/: `npm run build` first).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeShared, shared } from '../shared-data.js';

const BIN = fileURLToPath(new URL('../../bin/stormwatch', import.meta.url));
const LOTL_TESTS = fileURLToPath(new URL('../../rules/lotl/tests', import.meta.url));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonl = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stormwatch-hunt-'));
  // The NTDS theft chain scenario of the LOTL pack's tests, as flat NDJSON.
  const t = parse(readFileSync(join(LOTL_TESTS, 'correlation_lotl_ntds_theft_chain.yml'), 'utf8')) as {
    match: { events: object[] }[];
  };
  writeFileSync(
    join(dir, 'chain.ndjson'),
    `${t.match[0]!.events.map((e) => JSON.stringify(e)).join('\n')}\n`,
  );
  writeFileSync(join(dir, 'broken.json'), '{"Event": {"System": {"EventID": 1}}}\n{ this is not json\n');
  writeFileSync(
    join(dir, 'not-evtx.evtx'),
    Buffer.from('ElfFile\u0000garbage that is not an EVTX file at all'),
  );
});

describe('stormwatch hunt (shipped rules, generated logs)', () => {
  it('finds the NTDS theft chain: rule findings and a correlation finding listing its events (jsonl)', () => {
    const r = run(['hunt', join(dir, 'chain.ndjson'), '--format', 'jsonl']);
    expect(r.code).toBe(0);
    const findings = jsonl(r.stdout);
    for (const f of findings)
      for (const k of [
        'rule_id',
        'rule_title',
        'level',
        'tags',
        'timestamp',
        'computer',
        'channel',
        'event_id',
        'record_id',
        'source_file',
        'matched',
        'event',
      ])
        expect(f).toHaveProperty(k);
    const corr = findings.find((f) => f.kind === 'correlation');
    expect(corr).toMatchObject({
      rule_title: 'NTDS Theft Chain - Shadow Copy, Ntdsutil and Archive on One Host',
      level: 'critical',
    });
    expect((corr!.events as unknown[]).length).toBeGreaterThanOrEqual(3);
    expect(
      findings.some((f) => f.kind === 'sigma' && (f.tags as string[]).includes('attack.t1003.003')),
    ).toBe(true);
    // Summary on stderr as one JSON line, then the playbook ranking.
    expect(r.stderr).toContain('"summary"');
  });

  it('exits 1 when --fail-on is met and 0 when it is not', () => {
    expect(run(['hunt', join(dir, 'chain.ndjson'), '--fail-on', 'critical', '--format', 'csv']).code).toBe(1);
    expect(
      run([
        'hunt',
        join(dir, 'chain.ndjson'),
        '--fail-on',
        'critical',
        '--min-level',
        'high',
        '--rules',
        fileURLToPath(new URL('../../rules/lotl/win_system_lotl_eventlog_cleared.yml', import.meta.url)),
      ]).code,
    ).toBe(0);
  });

  it('prints a timeline, a summary and the Volt Typhoon playbook (table)', () => {
    const r = run(['hunt', join(dir, 'chain.ndjson'), '--playbook', 'Volt Typhoon']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Timestamp\s+Computer\s+Lvl\s+Rule/m);
    expect(r.stdout).toContain('Summary');
    expect(r.stdout).toMatch(/techniques\s+T1003\.003/);
    expect(r.stdout).toContain('Actor playbooks');
    expect(r.stdout).toMatch(/Playbook Volt Typhoon \(G1017\): \d+ of \d+ techniques seen/);
    expect(r.stdout).toMatch(/seen\s+T1003\.003\s.*DC01\.corp\.example/);
  });

  it('reports unreadable files and records and goes on (exit 0)', () => {
    const r = run(['hunt', dir, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*broken\.json/);
    expect(r.stderr).toMatch(/warning: .*not-evtx\.evtx/);
    const summary = r.stderr.split('\n').find((l) => l.startsWith('{"summary"'));
    const s = JSON.parse(summary!) as { records: { read: number; bad: number } };
    expect(s.records.bad).toBeGreaterThanOrEqual(2);
    expect(s.records.read).toBeGreaterThanOrEqual(3);
    expect(jsonl(r.stdout).some((f) => f.kind === 'correlation')).toBe(true);
  });

  it('sweeps an IOC list in the same pass', () => {
    const iocs = join(dir, 'iocs.txt');
    writeFileSync(iocs, '# test\nntdsutil.exe\nvssadmin  create shadow\n');
    const r = run([
      'hunt',
      join(dir, 'chain.ndjson'),
      '--ioc',
      iocs,
      '--format',
      'jsonl',
      '--rules',
      fileURLToPath(new URL('../../rules/lotl/win_system_lotl_eventlog_cleared.yml', import.meta.url)),
    ]);
    expect(r.code).toBe(0);
    const hits = jsonl(r.stdout).filter((f) => f.kind === 'ioc');
    expect(hits.map((h) => (h.ioc as { type: string }).type).sort()).toEqual(['commandline', 'filename']);
    expect(r.stderr).toContain('2 indicators (list)');
  });

  it('hunts the inputs that exist, then exits 1 for a missing path or a folder without logs', () => {
    const empty = join(dir, 'no-logs');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'notes.txt'), 'not a log\n');
    const r = run(['hunt', join(dir, 'chain.ndjson'), join(dir, 'missing.evtx'), empty, '--format', 'jsonl']);
    expect(r.code).toBe(1);
    expect(jsonl(r.stdout).some((f) => f.kind === 'correlation')).toBe(true);
    expect(r.stderr).toMatch(/warning: .*missing\.evtx: cannot read .*ENOENT/);
    expect(r.stderr).toMatch(/warning: .*no-logs: no log file in .*no-logs/);
    expect(r.stderr).toMatch(/error\[hunt\.input\.not-found\] 2 inputs were not found or held no log file/);
    // Nothing but a missing path: same exit code, and the summary says the file was not read.
    const only = run(['hunt', join(dir, 'missing.evtx')]);
    expect(only.code).toBe(1);
    expect(only.stdout).toMatch(/files\s+0 read, 1 unreadable or not found; records 0 read$/m);
  });

  it('points at --rules when a rule file is given as a log', () => {
    const rule = fileURLToPath(
      new URL('../../rules/lotl/win_system_lotl_eventlog_cleared.yml', import.meta.url),
    );
    const r = run(['hunt', join(dir, 'chain.ndjson'), '--rules', rule, rule]);
    expect(r.stderr).toMatch(/win_system_lotl_eventlog_cleared\.yml.*cannot tell the log format/);
    expect(r.stderr).toMatch(/hint: .*--rules <path> \(once per path\)/);
  });

  it('exits 3 for an IOC file without a usable indicator, listing each skipped value with file:line', () => {
    const bad = join(dir, 'bad-iocs.csv');
    writeFileSync(bad, 'IoC,Type\n999.1.1.1,IPv4\nzzz,SHA256\n');
    const r = run(['hunt', join(dir, 'chain.ndjson'), '--ioc', bad]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/skipped: .*bad-iocs\.csv:2: .*999\.1\.1\.1/);
    expect(r.stderr).toMatch(/skipped: .*bad-iocs\.csv:3: .*zzz/);
    expect(r.stderr).toContain('error[ioc.empty]');
    const none = join(dir, 'no-iocs.txt');
    writeFileSync(none, '# nothing here\n');
    expect(run(['hunt', join(dir, 'chain.ndjson'), '--ioc', none]).code).toBe(3);
  });

  it('rejects an unknown --playbook actor before reading any log', () => {
    const r = run(['hunt', join(dir, 'chain.ndjson'), '--playbook', 'No Such Actor Anywhere']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error[hunt.playbook.actor]');
  });

  it('says why when no rule could be compiled (exit 2)', () => {
    const rule = join(dir, 'lookahead.yml');
    writeFileSync(
      rule,
      'title: Lookahead\nlogsource: {product: windows}\ndetection:\n  sel:\n    CommandLine|re: (?=x)y\n  condition: sel\n',
    );
    const r = run(['hunt', join(dir, 'chain.ndjson'), '--rules', rule]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error\[hunt\.no-rules\] no usable Sigma rule .*lookahead\.yml:5:\d+: /);
  });

  it('rejects bad options with usage errors (exit 2)', () => {
    expect(run(['hunt', dir, '--min-level', 'severe']).code).toBe(2);
    expect(run(['hunt', dir, '--threads', '0']).code).toBe(2);
    expect(run(['hunt', dir, '--format', 'xml']).code).toBe(2);
  });
});

describeShared('stormwatch hunt over the OTRF recordings', () => {
  it('gives the same findings with 1 and 2 worker threads and without the prefilter', () => {
    const key = (f: Record<string, unknown>) =>
      `${String(f.rule_id)}|${String(f.source_file)}|${String(f.record_id)}`;
    const one = jsonl(run(['hunt', shared('otrf'), '--format', 'jsonl']).stdout)
      .map(key)
      .sort();
    const two = jsonl(run(['hunt', shared('otrf'), '--format', 'jsonl', '--threads', '2']).stdout)
      .map(key)
      .sort();
    const nopf = jsonl(run(['hunt', shared('otrf'), '--format', 'jsonl', '--no-prefilter']).stdout)
      .map(key)
      .sort();
    expect(one.length).toBeGreaterThan(5);
    expect(two).toEqual(one);
    expect(nopf).toEqual(one);
  });

  it('writes CSV in timeline order, the summary and playbooks as text on stderr', () => {
    const r = run(['hunt', shared('otrf'), '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Summary');
    expect(r.stderr).toContain('Actor playbooks');
    expect(r.stderr).not.toContain('{"playbooks"');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'timestamp,computer,level,kind,rule_title,rule_id,techniques,channel,event_id,record_id,source_file,details',
    );
    const times = lines.slice(1).map((l) => l.slice(0, l.indexOf(',')));
    expect(times).toEqual([...times].sort());
  });
});
