import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sampleFile } from '../fixtures/evtx/evtx-writer.js';

const DIST = fileURLToPath(new URL('../../dist/src/app/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sw-fds-'));
const big = join(dir, 'big.evtx');
writeFileSync(big, sampleFile(270, 3)); // over 16 MiB: read as extents by the workers
// Hunt inputs of growing size: the main thread finishes them at different moments of the helper's start-up.
const logs = [1, 200, 2000, 8000].map((n) => {
  const p = join(dir, `events-${n}.ndjson`);
  const line = JSON.stringify({
    Channel: 'Security',
    EventID: 4688,
    CommandLine: 'ntdsutil "ac i ntds" ifm',
  });
  writeFileSync(p, `${Array.from({ length: n }, () => line).join('\n')}\n`);
  return p;
});

// Worker threads stopped early (a reader abandoned after a few records, a hunt whose input is done before its
// helper worker has loaded) must not leave descriptors open: a long-running process would run out of them.
// Readers are abandoned after delays that span a worker's start-up, so some stop while it loads its modules.
const script = `
import { readdirSync, readlinkSync } from 'node:fs';
const { readEvtxFiles, readEvtxText } = await import(${JSON.stringify(`${DIST}evtx/index.js`)});
const { runHunt } = await import(${JSON.stringify(`${DIST}hunt/index.js`)});
const fds = () => readdirSync('/proc/self/fd').length;
const names = () => readdirSync('/proc/self/fd').map((f) => { try { return readlinkSync('/proc/self/fd/' + f); } catch { return '?'; } });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The first round opens what Node keeps for the process's life (thread pool, event loop handles).
for await (const it of readEvtxFiles([${JSON.stringify(big)}], { format: 'flat', threads: 2 })) break;
await runHunt({ paths: [${JSON.stringify(logs[0])}], threads: 2, onFinding: () => {} });
const before = fds();
for (const delay of [0, 5, 10, 15, 20, 30, 40, 60, 80]) {
  for await (const it of readEvtxFiles([${JSON.stringify(big)}], { format: 'flat', threads: 2 })) { await sleep(delay); break; }
  for await (const it of readEvtxText([{ name: 'big', input: ${JSON.stringify(big)} }], { format: 'jsonl', threads: 2 })) { await sleep(delay); break; }
}
for (const log of ${JSON.stringify(logs)}) await runHunt({ paths: [log], threads: 2, onFinding: () => {} });
await sleep(200);
console.log(JSON.stringify({ before, after: fds(), names: names() }));
`;

describe('worker threads and file descriptors', () => {
  it.skipIf(!existsSync('/proc/self/fd'))(
    'readers stopped early and short multi-threaded hunts leave no descriptor open',
    () => {
      // A script file, not `-e`: evaluated code started the workers differently and hid the leak.
      const file = join(dir, 'descriptors.mjs');
      writeFileSync(file, script);
      const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const { before, after } = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        before: number;
        after: number;
      };
      expect(after, r.stdout).toBe(before);
    },
  );
});
