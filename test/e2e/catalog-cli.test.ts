import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/stormwatch', import.meta.url));
const DATA = fileURLToPath(new URL('../../data', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stormwatch actor', () => {
  it('resolves an alias and prints aliases by source, origin and techniques', () => {
    const r = run(['actor', 'insidious taurus']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Volt Typhoon {2}G1017/);
    expect(r.stdout).toContain('BRONZE SILHOUETTE [Secureworks]');
    expect(r.stdout).toMatch(/Microsoft mapping\s+origin: China \(CN\)/);
    expect(r.stdout).toContain('T1003.003 NTDS');
  });

  it('--json gives the documented shape', () => {
    const r = run(['actor', 'Volt Typhoon', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      kind: 'actor',
      query: 'Volt Typhoon',
      actor: { id: 'G1017', attack_id: 'G1017' },
    });
    const names = j.actor.aliases.map((a: { name: string }) => a.name);
    for (const n of [
      'DEV-0391',
      'Vanguard Panda',
      'Voltzite',
      'BRONZE SILHOUETTE',
      'UNC3236',
      'Insidious Taurus',
    ])
      expect(names).toContain(n);
    const ntds = j.actor.techniques.find((t: { id: string }) => t.id === 'T1003.003');
    expect(ntds).toMatchObject({ name: 'NTDS', tactics: ['credential-access'], via: 'direct' });
    expect(ntds.actors_using).toBeGreaterThan(1);
    expect(j.actor.software.some((s: { name: string }) => s.name === 'Mimikatz')).toBe(true);
  });

  it('lists every candidate of an ambiguous name and exits 0', () => {
    const r = run(['actor', 'GhostEmperor']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"GhostEmperor" is ambiguous');
    expect(r.stdout).toContain('Salt Typhoon (G1045)');
    expect(r.stdout).toContain('listed by Microsoft mapping, MISP microsoft-activity-group');
    const j = JSON.parse(run(['actor', 'GhostEmperor', '--json']).stdout);
    expect(j.kind).toBe('ambiguous');
    expect(j.candidates.length).toBeGreaterThanOrEqual(2);
  });

  it('prints the pattern hint for an unlisted name and exits 1', () => {
    const r = run(['actor', 'Marmalade Typhoon']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('"Marmalade Typhoon" is not a listed actor');
    expect(r.stdout).toContain('<Word> Typhoon: nation-state, China (CN) — confidence high');
    const j = JSON.parse(run(['actor', 'Marmalade Typhoon', '--json']).stdout);
    expect(j).toMatchObject({ kind: 'unlisted', patterns: [{ hint: { iso2: 'CN' } }] });
  });

  it('exits 1 with No actor named and suggestions for unknown names', () => {
    const r = run(['actor', 'Volt Typhon']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No actor named "Volt Typhon"');
    expect(r.stderr).toContain('did you mean: Volt Typhoon');
    const j = run(['actor', 'Volt Typhon', '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout).suggestions[0].alias).toBe('Volt Typhoon');
  });
});

describe('stormwatch technique / sector / catalog info', () => {
  it('shows the successor of a revoked technique', () => {
    const r = run(['technique', 'T1574.002']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('REVOKED');
    expect(r.stdout).toContain('replaced by T1574.001');
    const j = JSON.parse(run(['technique', 't1574.002', '--json']).stdout);
    expect(j).toMatchObject({
      kind: 'technique',
      technique: { id: 'T1574.002', revoked: true },
      successor: { id: 'T1574.001' },
    });
  });

  it('resolves T1003.003 and exits 1 for an unknown id', () => {
    expect(run(['technique', 'T1003.003']).stdout).toContain('T1003.003 NTDS');
    const r = run(['technique', 'T9999']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No ATT&CK technique "T9999"');
  });

  it('maps NAICS 221 and the word "water"', () => {
    expect(run(['sector', '221']).stdout).toMatch(/^221 Utilities/);
    const j = JSON.parse(run(['sector', 'water', '--json']).stdout);
    expect(j).toMatchObject({
      kind: 'term',
      term: { term: 'water', stix: ['water', 'utilities'] },
      codes: [{ code: '2213' }],
    });
    expect(run(['sector', 'zzzzqqq']).code).toBe(1);
  });

  it('catalog info prints sources, attributions and counts matching the manifest', () => {
    const r = run(['catalog', 'info']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The MITRE Corporation');
    expect(r.stdout).toContain('CC BY-SA 4.0');
    const j = JSON.parse(run(['catalog', 'info', '--json']).stdout);
    for (const [k, v] of Object.entries(j.counts))
      if (k in j.build_counts) expect(v, k).toBe(j.build_counts[k]);
    expect(j.attack_version).toBe('18.1');
  });
});

describe('whole outputs', () => {
  it('technique T1574.002', () => {
    expect(
      run(['technique', 'T1574.002']).stdout.replace(/used by: .*\n/, 'used by: …\n'),
    ).toMatchInlineSnapshot(`
      "T1574.002 DLL Side-Loading (enterprise) REVOKED
        replaced by T1574.001 DLL
        parent:        T1574 Hijack Execution Flow
        tactics:       persistence, privilege-escalation, defense-evasion
        platforms:     Windows
        used by: …
        ATT&CK 18.1
      "
    `);
  });

  it('sector 2213', () => {
    expect(run(['sector', '2213']).stdout).toMatchInlineSnapshot(`
      "2213 Water, Sewage and Other Systems (NAICS 2022, level 4)
        in 22 Utilities
        in 221 Utilities
        children
          22131 Water Supply and Irrigation Systems
          22132 Sewage Treatment Facilities
          22133 Steam and Air-Conditioning Supply
        report words: water and wastewater systems, water and wastewater, water, water utility, drinking water, wastewater, sewage, irrigation
      "
    `);
  });

  it('actor GhostEmperor', () => {
    expect(run(['actor', 'GhostEmperor']).stdout).toMatchInlineSnapshot(`
      ""GhostEmperor" is ambiguous: sources attach it to 2 distinct actors (kept apart, not merged).
        • Salt Typhoon (G1045) — "GhostEmperor" listed by Microsoft mapping, MISP microsoft-activity-group
        • GhostEmperor (misp:3c3ca8f3-c6ab-4c5d-9bd0-be6677d6cdeb) — "GhostEmperor" [coined by Kaspersky] listed by MISP threat-actor, Spindle
      Run 'stormwatch actor <id>' with one of the ids above for details.
      "
    `);
  });
});

describe('missing or corrupt catalog at run time', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('missing → exit 3, catalog.missing, names the file and how to rebuild', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-data-'));
    dirs.push(dir);
    const r = run(['actor', 'APT28'], { STORMWATCH_DATA_DIR: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('[catalog.missing]');
    expect(r.stderr).toContain('MANIFEST.json');
    expect(r.stderr).toContain('npm run build:catalog');
  });

  it('corrupt → exit 3, catalog.corrupt, names the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-data-'));
    dirs.push(dir);
    cpSync(join(DATA, 'catalog'), join(dir, 'catalog'), { recursive: true });
    writeFileSync(join(dir, 'catalog', 'actors.json.gz'), 'not gzip');
    const r = run(['actor', 'APT28'], { STORMWATCH_DATA_DIR: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('[catalog.corrupt]');
    expect(r.stderr).toContain('actors.json.gz');
    expect(r.stderr).toContain('reinstall stormwatch');
    // Parts not touched by a command still work.
    expect(run(['sector', 'water'], { STORMWATCH_DATA_DIR: dir }).code).toBe(0);
  });
});
