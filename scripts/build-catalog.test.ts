import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Catalog, parseCatalog } from '../src/core/catalog/index.js';
import { describeShared, SHARED_DATA, shared } from '../test/shared-data.js';
import { buildCatalog } from './build-catalog.js';
import { WARNINGLISTS_INCLUDED } from './catalog/warninglists.js';

const COMMITTED = fileURLToPath(new URL('../data/catalog/', import.meta.url));

function fsCatalog(dir: string): Catalog {
  return parseCatalog({
    read: (file) => {
      const raw = readFileSync(join(dir, file));
      return JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
    },
  });
}

interface StixObject {
  type: string;
  id: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  external_references?: { source_name: string; external_id?: string }[];
}

function bundle(rel: string): StixObject[] {
  return (JSON.parse(readFileSync(shared(rel), 'utf8')) as { objects: StixObject[] }).objects;
}

/** A copy of the shared folder made of symlinks, with `rel` replaced by `content` (or removed when null). */
function sharedWith(rel: string, content: string | null): string {
  const root = mkdtempSync(join(tmpdir(), 'sw-catalog-src-'));
  const mirror = (from: string, to: string, parts: string[]): void => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const here = [...parts, entry.name].join('/');
      if (here === rel) {
        if (content !== null) writeFileSync(join(to, entry.name), content);
      } else if (rel.startsWith(`${here}/`))
        mirror(join(from, entry.name), join(to, entry.name), [...parts, entry.name]);
      else symlinkSync(join(from, entry.name), join(to, entry.name));
    }
  };
  mirror(SHARED_DATA, root, []);
  return root;
}

describeShared('build-catalog from ../shared/data', () => {
  let out: string;
  let built: Catalog;
  let buildCounts: Readonly<Record<string, number>>;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'sw-catalog-out-'));
    buildCounts = buildCatalog(SHARED_DATA, out).manifest.counts;
    built = fsCatalog(out);
  }, 60_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('counts equal counts computed independently from the sources', () => {
    const enterprise = bundle('attack/enterprise-attack.json');
    const ics = bundle('attack/ics-attack.json');
    const all = [...enterprise, ...ics];
    const live = (o: StixObject) => o.revoked !== true && o.x_mitre_deprecated !== true;
    const extId = (o: StixObject) =>
      o.external_references?.find((r) => r.source_name.startsWith('mitre'))?.external_id;
    const techniques = new Set(all.filter((o) => o.type === 'attack-pattern').map(extId));
    const groups = new Set(all.filter((o) => o.type === 'intrusion-set' && live(o)).map(extId));
    const software = new Set(
      all.filter((o) => (o.type === 'malware' || o.type === 'tool') && live(o)).map(extId),
    );
    const tactics = all.filter((o) => o.type === 'x-mitre-tactic' && live(o)).length;
    const naics = (JSON.parse(readFileSync(shared('naics/naics-2022-codes.json'), 'utf8')) as unknown[])
      .length;
    const countries = (
      JSON.parse(readFileSync(shared('misp-galaxy/clusters/country.json'), 'utf8')) as { values: unknown[] }
    ).values.length;
    const lolbas = readdirSync(shared('lolbas/yml'), { recursive: true }).filter((f) =>
      String(f).endsWith('.yml'),
    ).length;
    const wlEntries = WARNINGLISTS_INCLUDED.reduce(
      (n, name) =>
        n +
        (
          JSON.parse(readFileSync(shared(`misp-warninglists/lists/${name}/list.json`), 'utf8')) as {
            list: unknown[];
          }
        ).list.length,
      0,
    );
    const counts = built.counts();
    expect(counts.techniques).toBe(techniques.size);
    expect(counts.techniques_revoked).toBe(
      all.filter((o) => o.type === 'attack-pattern' && o.revoked === true).length,
    );
    expect(counts.actors_attack).toBe(groups.size);
    expect(counts.software_attack).toBe(software.size);
    expect(counts.tactics).toBe(tactics);
    expect(counts.naics_codes).toBe(naics);
    expect(counts.countries).toBe(countries);
    expect(counts.lolbas).toBe(lolbas);
    expect(buildCounts.warninglist_entries).toBe(wlEntries);
    for (const k of Object.keys(counts))
      if (k in buildCounts) expect(counts[k as keyof typeof counts], k).toBe(buildCounts[k]);
  });

  it('every Microsoft and MISP threat-actor name resolves, with its source on the link', () => {
    const ms = JSON.parse(
      readFileSync(shared('actor-naming/microsoft-mstic/MicrosoftMapping.json'), 'utf8'),
    ) as {
      'Threat actor name': string;
    }[];
    for (const row of ms) {
      const links = built.actors().links(row['Threat actor name']);
      expect(
        links.some((l) => l.sources.includes('microsoft')),
        row['Threat actor name'],
      ).toBe(true);
    }
    const ta = JSON.parse(readFileSync(shared('misp-galaxy/clusters/threat-actor.json'), 'utf8')) as {
      values: { value: string; meta?: { synonyms?: string[] } }[];
    };
    for (const v of ta.values) {
      for (const n of [v.value, ...(v.meta?.synonyms ?? [])]) {
        if (!/[\p{L}\p{N}]/u.test(n)) continue;
        expect(
          built
            .actors()
            .links(n)
            .some((l) => l.sources.includes('misp-threat-actor')),
          n,
        ).toBe(true);
      }
    }
  });

  it('the committed data/catalog matches a fresh build', () => {
    const committed = JSON.parse(readFileSync(join(COMMITTED, 'MANIFEST.json'), 'utf8')) as {
      counts: Record<string, number>;
    };
    expect(committed.counts).toEqual(buildCounts);
  });

  it('keeps Spindle-derived data in its own labelled file', () => {
    const actors = readFileSync(join(out, 'actors.json.gz'));
    expect(gunzipSync(actors).toString('utf8')).not.toContain('"spindle"');
    expect(readFileSync(join(out, 'spindle', 'NOTICE.md'), 'utf8')).toContain('CC BY-SA 4.0');
  });
});

describeShared('build-catalog stops on bad sources', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });
  const attempt = (rel: string, content: string | null) => {
    const src = sharedWith(rel, content);
    const out = mkdtempSync(join(tmpdir(), 'sw-catalog-out-'));
    roots.push(src, out);
    writeFileSync(join(out, 'MANIFEST.json'), 'previous catalog');
    let err: unknown;
    try {
      buildCatalog(src, out);
    } catch (e) {
      err = e;
    }
    expect(readFileSync(join(out, 'MANIFEST.json'), 'utf8')).toBe('previous catalog');
    return err;
  };

  it('names the file, line and column of malformed JSON', () => {
    const err = attempt(
      'actor-naming/microsoft-mstic/MicrosoftMapping.json',
      '[\n  {"Threat actor name": "X",,}\n]',
    );
    expect(err).toMatchObject({
      code: 'catalog.source',
      kind: 'input',
      location: { file: 'actor-naming/microsoft-mstic/MicrosoftMapping.json', line: 2, col: 29 },
    });
  }, 30_000);

  it('names the JSON path of a wrongly typed member', () => {
    const err = attempt(
      'actor-naming/microsoft-mstic/MicrosoftMapping.json',
      '[{"Threat actor name": 5, "Origin/Threat": "China"}]',
    );
    expect(err).toMatchObject({
      code: 'catalog.source',
      location: {
        file: 'actor-naming/microsoft-mstic/MicrosoftMapping.json',
        path: '$[0]["Threat actor name"]',
      },
    });
    expect(String((err as Error).message)).toContain('expected string, found number');
  }, 30_000);

  it('names a missing source file', () => {
    const err = attempt('naics/naics-2022-codes.json', null);
    expect(err).toMatchObject({ code: 'catalog.source', location: { file: 'naics/naics-2022-codes.json' } });
    expect(String((err as Error).message)).toContain('not found');
  }, 30_000);
});
