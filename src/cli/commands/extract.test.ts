import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/stormwatch', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sw-extract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, 'extract', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    ...(input === undefined ? {} : { input }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const REPORT = [
  'US officials accuse China over Volt Typhoon',
  '',
  'The U.S. Justice Department said Volt Typhoon, a Chinese state-sponsored group also known as Vanguard Panda, breached US telecommunications companies.',
  "China's Foreign Ministry rejected the accusation as a smear.",
  'The actors ran ntdsutil "ac i ntds" ifm "create full C:\\Windows\\Temp\\pro" and used 45.32.174[.]131.',
].join('\n');

describe('stormwatch extract', () => {
  writeFileSync(join(dir, 'report.txt'), REPORT);
  writeFileSync(join(dir, 'empty.txt'), '');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]));

  it('prints one JSON object per document (JSON lines) with the documented shape', () => {
    const r = run([join(dir, 'report.txt'), '--text']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0] as string);
    expect(Object.keys(j)).toEqual(
      expect.arrayContaining([
        'document',
        'actors',
        'attribution_claims',
        'sectors',
        'countries_targeted',
        'techniques',
        'indicators',
        'text',
      ]),
    );
    expect(j.actors[0]).toMatchObject({
      name: 'Volt Typhoon',
      attack_id: 'G1017',
      aliases_mentioned: ['Vanguard Panda'],
    });
    expect(j.attribution_claims.map((c: { stance: string }) => c.stance)).toEqual(
      expect.arrayContaining(['asserts', 'denies']),
    );
    const c = j.attribution_claims[0];
    expect(j.text.slice(c.evidence.start, c.evidence.end)).toBe(c.evidence.text);
    expect(j.indicators.ipv4[0]).toMatchObject({ value: '45.32.174.131', defanged: true });
    expect(j.techniques.map((t: { id: string }) => t.id)).toContain('T1003.003');
  });

  it('reads standard input and prints a summary', () => {
    const r = run(['-', '--format', 'summary'], REPORT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Volt Typhoon (G1017) aka Vanguard Panda');
    expect(r.stdout).toMatch(
      /China’s Foreign Ministry denies Volt Typhoon → China|China's Foreign Ministry denies Volt Typhoon → China/,
    );
  });

  it('prints a STIX bundle', () => {
    const r = run([join(dir, 'report.txt'), '--format', 'stix']);
    expect(r.code).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.type).toBe('bundle');
    expect(
      b.objects.some(
        (o: { type: string; relationship_type?: string }) => o.relationship_type === 'attributed-to',
      ),
    ).toBe(true);
  });

  it('reports bad documents on stderr, extracts the others, and exits 3', () => {
    const r = run([dir]);
    expect(r.code).toBe(3);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('empty.txt');
    expect(r.stderr).toContain('binary.txt');
    expect(r.stderr).toMatch(/2 document\(s\) failed; 1 extracted/);
  });

  it('rejects an unknown format as a usage error', () => {
    const r = run([join(dir, 'report.txt'), '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown --format 'xml'");
  });
});
