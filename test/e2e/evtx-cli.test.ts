import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleFile } from '../fixtures/evtx/evtx-writer.js';
import { describeShared, shared } from '../shared-data.js';

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
    // The record id is known (the record header is intact).
    expect(r.stderr).toMatch(/\[evtx\.binxml\.bad-token\] .* BinXmlDocument \(record 1\): /);
    expect(r.stderr).toContain('[evtx.chunk.bad-records-checksum]');
  });

  it('rejects a bad --format or --threads with a usage error (exit 2); an empty --threads is not "one per core"', () => {
    expect(run(['evtx', 'dump', '--format', 'csv', good]).code).toBe(2);
    expect(run(['evtx', 'dump', '--threads', 'many', good]).code).toBe(2);
    const empty = run(['evtx', 'dump', '--threads', '', good]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("--threads must be an integer from 0 to 64, got ''");
    expect(run(['evtx', 'dump', '--threads', ' 1', good]).code).toBe(2);
  });

  it('a missing file exits 1 (the other files are dumped); an input error as well exits 3', () => {
    const missing = join(dir, 'missing.evtx');
    const alone = run(['evtx', 'dump', missing]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain('[evtx.file.not-found]');
    const withGood = run(['evtx', 'dump', missing, good]);
    expect(withGood.code).toBe(1);
    expect(withGood.stdout.trim().split('\n')).toHaveLength(18);
    expect(run(['evtx', 'dump', missing, bad]).code).toBe(3);
  });

  it('a folder is reported as a directory (exit 3), not as a failed read', () => {
    for (const cmd of ['dump', 'info']) {
      const r = run(['evtx', cmd, dir]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('[evtx.file.is-directory]');
      expect(r.stderr).toContain('is a directory (EISDIR)');
      expect(r.stderr).toContain("'stormwatch hunt' reads folders");
    }
  });

  it.skipIf(!existsSync('/dev/full'))(
    'a failed write to standard output is one error line and exit 4',
    () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [BIN, 'evtx', 'dump', good], {
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
          stdio: ['ignore', full, 'pipe'],
        });
        expect(r.status).toBe(4);
        expect(r.stderr.trim().split('\n')).toEqual([
          expect.stringMatching(/^error\[cli\.write-failed\] cannot write to standard output: ENOSPC/),
        ]);
      } finally {
        closeSync(full);
      }
    },
  );

  it('a file cut on a chunk boundary: every record before the cut is printed, the cut is reported, exit 3', () => {
    const bytes = sampleFile(3, 6);
    const cut = join(dir, 'cut.evtx');
    writeFileSync(cut, bytes.subarray(0, 4096 + 2 * 65536));
    for (const r of [
      run(['evtx', 'dump', cut]),
      run(['evtx', 'dump', '-'], bytes.subarray(0, 4096 + 2 * 65536)),
    ]) {
      expect(r.code).toBe(3);
      expect(r.stdout.trim().split('\n')).toHaveLength(12);
      expect(r.stderr).toContain('[evtx.file.truncated]');
      expect(r.stderr).toContain('@0x21000 FileHeader.chunkCount: the file header announces 3 chunks');
    }
    const headerOnly = join(dir, 'header-only.evtx');
    writeFileSync(headerOnly, bytes.subarray(0, 4096));
    expect(run(['evtx', 'dump', headerOnly]).code).toBe(3);
    const info = run(['evtx', 'info', headerOnly]);
    expect(info.stdout).toContain('evtx.file.truncated @0x1000 FileHeader.chunkCount');
    const halfHeader = join(dir, 'half-header.evtx');
    writeFileSync(halfHeader, bytes.subarray(0, 1000));
    const half = run(['evtx', 'dump', halfHeader]);
    expect(half.code).toBe(3);
    expect(half.stderr).toContain(
      '@0x3e8 FileHeader: file ends after 1000 bytes, inside the 4096-byte header block',
    );
  });

  it('with --recover, the hint of a destroyed chunk says its records were carved', () => {
    const b = sampleFile(2, 4);
    b[4096 + 65536] = 0;
    const p = join(dir, 'bad-chunk.evtx');
    writeFileSync(p, b);
    const plain = run(['evtx', 'dump', p]);
    expect(plain.stderr).toContain('use --recover');
    const recovering = run(['evtx', 'dump', '--recover', p]);
    expect(recovering.stdout.trim().split('\n')).toHaveLength(8);
    expect(recovering.stderr).not.toContain('use --recover');
    expect(recovering.stderr).toContain('were carved');
  });

  it('--help documents every exit code', () => {
    for (const cmd of ['dump', 'info']) {
      const help = run(['evtx', cmd, '--help']).stdout.replace(/\s+/g, ' ');
      for (const code of ['0', '1', '2', '3', '4']) expect(help).toMatch(new RegExp(`(·|:) ${code} `));
    }
  });
});

describe('readEvtxFiles API from the built package', () => {
  it('accepts `parallel: N` as the alias of `threads`', () => {
    const api = new URL('../../dist/src/app/evtx/index.js', import.meta.url).href;
    const script = `const { readEvtxFiles } = await import(${JSON.stringify(api)});
      let mode; let n = 0;
      for await (const i of readEvtxFiles([${JSON.stringify(good)}], { format: 'flat', parallel: 2, onMode: (m) => { mode = m; } })) if (i.ok) n++;
      console.log(JSON.stringify({ mode, n }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ mode: { threads: 2, workers: true }, n: 18 });
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

  it('lists record errors with their record id (text and --json)', () => {
    const t = run(['evtx', 'info', bad]);
    expect(t.stdout).toMatch(/evtx\.binxml\.bad-token @0x[0-9a-f]+ BinXmlDocument \(record 1\): /);
    const info = JSON.parse(run(['evtx', 'info', '--json', bad]).stdout);
    expect(info.errors).toContainEqual(
      expect.objectContaining({ code: 'evtx.binxml.bad-token', recordId: 1 }),
    );
  });

  it('exits 1 for a missing file and 3 for a file that is not EVTX', () => {
    expect(run(['evtx', 'info', join(dir, 'missing.evtx')]).code).toBe(1);
    const junk = join(dir, 'junk.evtx');
    writeFileSync(junk, 'not an event log at all');
    expect(run(['evtx', 'info', junk]).code).toBe(3);
  });
});

describeShared('evtx info counts what evtx dump prints (real files)', () => {
  it('--recover: as many recovered records as dump prints carved lines (none for slack records naming another template)', () => {
    for (const [name, allocated, carved] of [
      [
        'hayabusa-sample-evtx/EVTX-to-MITRE-Attack/TA0008-Lateral Movement/T1550-Use Alternate Authentication Material/ID4624-Mimikatz Pass the hash.evtx',
        8,
        0,
      ],
      [
        'hayabusa-sample-evtx/EVTX-to-MITRE-Attack/TA0008-Lateral Movement/T1021.002-SMB Windows Admin Shares/ID5145-remote shell execution via SMB admin share.evtx',
        undefined,
        0,
      ],
      ['evtx-attack-samples/Discovery/discovery_local_user_or_group_windows_security_4799_4798.evtx', 3, 136],
    ] as const) {
      const file = shared(name);
      const info = JSON.parse(run(['evtx', 'info', '--json', '--recover', file]).stdout);
      const plain = run(['evtx', 'dump', file]).stdout.trim().split('\n').filter(Boolean).length;
      const all = run(['evtx', 'dump', '--recover', file]).stdout.trim().split('\n').filter(Boolean).length;
      expect(info.summary.records).toBe(plain);
      expect(info.summary.recovered).toBe(all - plain);
      if (allocated !== undefined) expect(plain).toBe(allocated);
      expect(all - plain).toBe(carved);
    }
  });
});
