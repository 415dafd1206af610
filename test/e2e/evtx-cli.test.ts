import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleFile } from '../fixtures/evtx/evtx-writer.js';

const BIN = fileURLToPath(new URL('../../bin/stormwatch', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sw-evtx-cli-'));
const good = join(dir, 'good.evtx');
writeFileSync(good, sampleFile(3, 6));
const bad = join(dir, 'bad.evtx');
const badBytes = sampleFile(2, 4);
badBytes.fill(0xee, 4096 + 512 + 24, 4096 + 512 + 60); // garbage inside the first record
writeFileSync(bad, badBytes);

function run(args: string[], input?: Uint8Array) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    ...(input ? { input } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stormwatch evtx dump', () => {
  it('prints one evtx_dump-style JSON object per line, exit 0', () => {
    const r = run(['evtx', 'dump', good]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(18);
    const first = JSON.parse(lines[0]!);
    expect(first.Event.System).toMatchObject({
      EventID: 4688,
      EventRecordID: 1,
      Computer: 'HOST1',
      Channel: 'Security',
    });
    expect(first.Event.EventData).toEqual({ CommandLine: 'cmd.exe /c echo 1', Count: 7 });
  });

  it('--threads 2 (worker threads from dist/) and --unordered give the same records', () => {
    const one = run(['evtx', 'dump', good]);
    const two = run(['evtx', 'dump', '--threads', '2', good]);
    expect(two.code).toBe(0);
    expect(two.stderr).not.toContain('worker threads are unavailable');
    expect(two.stdout).toBe(one.stdout);
    const un = run(['evtx', 'dump', '--threads', '2', '--unordered', good]);
    expect(un.stdout.trim().split('\n').sort()).toEqual(one.stdout.trim().split('\n').sort());
  });

  it('--threads 2 on a file over 16 MiB (chunks read by the workers themselves) matches one thread, errors included', () => {
    const bytes = sampleFile(270, 3);
    bytes.fill(0, 4096 + 100 * 65536, 4096 + 100 * 65536 + 8); // chunk 100: magic destroyed
    bytes.fill(0xee, 4096 + 50 * 65536 + 512 + 24, 4096 + 50 * 65536 + 512 + 60); // chunk 50: garbage record
    const big = join(dir, 'big.evtx');
    writeFileSync(big, bytes);
    expect(bytes.length).toBeGreaterThan(16 * 2 ** 20);
    for (const extra of [[], ['--recover']]) {
      const one = run(['evtx', 'dump', ...extra, big]);
      const two = run(['evtx', 'dump', '--threads', '2', ...extra, big]);
      expect(one.code).toBe(3);
      expect(two.code).toBe(one.code);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
      expect(one.stderr).toContain('ChunkHeader.magic');
      const records = one.stdout.trim().split('\n').length;
      // 270 chunks of 3 records; chunk 100 unreadable without --recover (its records carved with it).
      expect(records).toBe(extra.length === 0 ? 269 * 3 - 1 : 270 * 3 - 1);
    }
  });

  it('reads standard input with -', () => {
    const fromFile = run(['evtx', 'dump', good]);
    const fromStdin = run(['evtx', 'dump', '-'], sampleFile(3, 6));
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('--format xml prints XML documents', () => {
    const r = run(['evtx', 'dump', '--format', 'xml', good]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/<Event xmlns=/g)).toHaveLength(18);
    expect(r.stdout).toContain('<Data Name="CommandLine">cmd.exe /c echo 1</Data>');
  });

  it('reports a corrupt record on stderr with file and offset, keeps dumping, exits 3', () => {
    const r = run(['evtx', 'dump', bad]);
    expect(r.code).toBe(3);
    expect(r.stdout.trim().split('\n')).toHaveLength(7);
    expect(r.stderr).toContain('[evtx.binxml.bad-token]');
    expect(r.stderr).toContain(`${bad} @0x`);
    expect(r.stderr).toContain('[evtx.chunk.bad-records-checksum]');
  });

  it('rejects a bad --format or --threads with a usage error (exit 2)', () => {
    expect(run(['evtx', 'dump', '--format', 'csv', good]).code).toBe(2);
    expect(run(['evtx', 'dump', '--threads', 'many', good]).code).toBe(2);
  });
});

describe('stormwatch evtx info', () => {
  it('summarises header, chunks, ids and counts (text and --json)', () => {
    const t = run(['evtx', 'info', good]);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('18 good, 0 bad, 0 recovered');
    expect(t.stdout).toContain('1 … 18');
    const j = run(['evtx', 'info', '--json', bad]);
    expect(j.code).toBe(0);
    const info = JSON.parse(j.stdout);
    expect(info.summary).toMatchObject({ records: 7, badRecords: 1, chunkErrors: 1 });
    expect(info.header).toMatchObject({ isDirty: false, chunkCount: 2 });
  });

  it('exits 1 for a missing file and 3 for a file that is not EVTX', () => {
    expect(run(['evtx', 'info', join(dir, 'missing.evtx')]).code).toBe(1);
    const junk = join(dir, 'junk.evtx');
    writeFileSync(junk, 'not an event log at all');
    expect(run(['evtx', 'info', junk]).code).toBe(3);
  });
});
