import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/stormwatch', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sw-rules-lint-'));
const good = join(dir, 'good');
const bad = join(dir, 'bad');
mkdirSync(join(good, 'nested'), { recursive: true });
mkdirSync(bad);
writeFileSync(
  join(good, 'nested', 'whoami.yml'),
  "title: Whoami\nid: 11111111-2222-4333-8444-555555555555\nlogsource: {product: windows, category: process_creation}\ndetection:\n  selection:\n    Image|endswith: '\\whoami.exe'\n  condition: selection\n",
);
writeFileSync(
  join(good, 'placeholder.yaml'),
  "title: Admins\nlogsource: {product: windows, service: security}\ndetection:\n  selection:\n    SubjectUserName|expand: '%Admins%'\n  condition: selection\n",
);
writeFileSync(join(good, 'notes.txt'), 'not a rule');
// Pipelines and rule test events beside rules are not rules: skipped while walking folders.
mkdirSync(join(good, 'pipelines'));
writeFileSync(join(good, 'pipelines', 'site.yml'), 'name: site\nlogsources: []\n');
writeFileSync(
  join(bad, 'broken.yml'),
  "title: Broken\nlogsource: {product: windows}\ndetection:\n  selection:\n    CommandLine|re: 'a(?!b)'\n    Image|sartswith: x\n  condition: selection and filter\n---\ntitle: Fine\nlogsource: {product: windows}\ndetection: {k: [x], condition: k}\n",
);
const pipeline = join(dir, 'site.yml');
writeFileSync(pipeline, 'name: site\nplaceholders:\n  Admins: [adm_*]\n');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'rules', 'lint', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stormwatch rules lint', () => {
  it('exit 0 when every rule loads; placeholder rules are listed as needing values', () => {
    const r = run([good]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'placeholder.yaml:5:29: needs value sigma.placeholder.unresolved placeholder %Admins% has no values',
    );
    expect(r.stdout).toContain(
      '2 files, 2 documents loaded (2 rules, 0 correlations, 0 filters); 1 rules compiled, 0 failed to compile',
    );
    expect(r.stdout).toContain('1 rules need %placeholder% values');
    expect(run([good, '--strict']).code).toBe(1);
    const withValues = run([good, '--pipeline', pipeline]);
    expect(withValues.code).toBe(0);
    expect(withValues.stdout).toContain('2 rules compiled');
  });
  it('exit 1 with every problem as file:line:col; the good document of the same file still loads', () => {
    const r = run([bad]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.includes(': error ') || l.endsWith(' ×1'));
    expect(lines.map((l) => l.replace(`${bad}/`, ''))).toEqual([
      'broken.yml:6:5: error sigma.modifier.unknown unknown modifier `sartswith` in `Image|sartswith` (known: contains, startswith, endswith, all, exists, cased, neq, windash, re, i, m, s, base64, base64offset, utf16le, wide, utf16be, utf16, cidr, fieldref, gt, gte, lt, lte, expand, minute, hour, day, week, month, year)',
      'broken.yml:7:28: error sigma.condition.unknown-identifier condition refers to `filter`, which is not defined in `detection` (defined: selection)',
      '2 errors, 0 warnings: sigma.modifier.unknown ×1, sigma.condition.unknown-identifier ×1',
    ]);
    expect(r.stdout).toContain('1 files, 1 documents loaded');
  });
  it('--json reports a summary and the problems', () => {
    const r = run([bad, good, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.ok).toBe(false);
    expect(j.summary).toMatchObject({ files: 3, loaded: 3, compiled: 2, needPlaceholders: 1, errors: 2 });
    expect(j.problems.map((p: { code: string }) => p.code).sort()).toEqual([
      'sigma.condition.unknown-identifier',
      'sigma.modifier.unknown',
      'sigma.placeholder.unresolved',
    ]);
  });
  it('a missing path is a not-found error (exit 1) naming the path', () => {
    const r = run([join(dir, 'nope')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope');
  });
});
