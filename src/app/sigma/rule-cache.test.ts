import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuleFilesCached } from './rule-cache.js';
import { loadRuleFiles } from './rule-loader.js';

const rule = (title: string) =>
  `title: ${title}\nlogsource: { product: windows }\ndetection:\n  sel:\n    CommandLine|contains: x\n  condition: sel\n`;

describe('parsed-rule cache', () => {
  const root = mkdtempSync(join(tmpdir(), 'stormwatch-rule-cache-'));
  const rules = join(root, 'rules');
  const cache = join(root, 'cache');

  it('parses once, then reads the same parsed rules back until a rule file changes', () => {
    const dir = mkdtempSync(rules);
    writeFileSync(join(dir, 'a.yml'), rule('A'));
    writeFileSync(join(dir, 'b.yml'), `${rule('B')}  broken: [\n`);
    const first = loadRuleFilesCached([dir], cache);
    expect(first.fromCache).toBe(false);
    const second = loadRuleFilesCached([dir], cache);
    expect(second.fromCache).toBe(true);
    // Rules and per-file issues (the broken file) come back exactly as parsed.
    expect(second.loaded).toEqual(loadRuleFiles([dir]));
    expect(readdirSync(cache).filter((n) => n.endsWith('.v8'))).toHaveLength(1);

    writeFileSync(join(dir, 'a.yml'), rule('A renamed'));
    const third = loadRuleFilesCached([dir], cache);
    expect(third.fromCache).toBe(false);
    expect(third.loaded.rules.map((r) => r.title)).toContain('A renamed');
  });

  it('parses every time without a cache folder, and survives an unusable one', () => {
    const dir = mkdtempSync(rules);
    writeFileSync(join(dir, 'a.yml'), rule('A'));
    expect(loadRuleFilesCached([dir], null).fromCache).toBe(false);
    const file = join(root, 'not-a-folder');
    writeFileSync(file, '');
    expect(loadRuleFilesCached([dir], file).loaded.rules).toHaveLength(1);
  });
});
