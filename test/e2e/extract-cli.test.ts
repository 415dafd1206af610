import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/stormwatch', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sw-extract-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stormwatch extract', () => {
  it('names the source of a reader warning once', () => {
    const file = join(dir, 'latin.txt');
    const bytes = Buffer.concat([
      Buffer.from('Volt Typhoon actors used PowerShell against 203.0.113.9 and caf'),
      Buffer.from([0xe9]),
      Buffer.from(' networks. More text follows here.\n'),
    ]);
    writeFileSync(file, bytes);
    const r = run(['extract', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning'));
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) {
      expect(w).toContain(file);
      expect(w.split(file).length - 1).toBe(1);
    }
    const out = JSON.parse(r.stdout);
    expect(out.actors.map((a: { name: string }) => a.name)).toContain('Volt Typhoon');
  });

  it('names a feed item in its warning, not the feed twice', () => {
    const file = join(dir, 'feed.xml');
    writeFileSync(
      file,
      `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Volt Typhoon uses PowerShell</title><pubDate>not a date</pubDate><description>Volt Typhoon actors used PowerShell.</description></item>
</channel></rss>`,
    );
    const r = run(['extract', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning'));
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toMatch(/feed\.xml#item-\d+: unreadable date/);
    expect(warnings[0]?.split('feed.xml').length).toBe(2);
  });
});
