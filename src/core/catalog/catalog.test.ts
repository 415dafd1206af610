import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StormwatchError } from '../shared/index.js';
import {
  CATALOG_FILES,
  type CatalogInput,
  type CatalogPart,
  parseCatalog,
  parseWarningLists,
  safeParseCatalog,
  WARNINGLISTS_FILE,
} from './index.js';

const DIR = fileURLToPath(new URL('../../../data/catalog/', import.meta.url));

function readJson(file: string): unknown {
  const raw = readFileSync(DIR + file);
  return JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
}

/** The committed catalog, optionally with one part replaced. */
function input(override: Partial<Record<string, unknown>> = {}): CatalogInput {
  return { read: (file) => (file in override ? override[file] : readJson(file)) };
}

const catalog = parseCatalog(input());

describe('actor resolution', () => {
  const volt = [
    'Volt Typhoon',
    'DEV-0391',
    'Vanguard Panda',
    'Voltzite',
    'BRONZE SILHOUETTE',
    'UNC3236',
    'Insidious Taurus',
  ];
  for (const name of [...volt, 'volt typhoon', 'VANGUARD PANDA', 'dev 0391', 'G1017']) {
    it(`"${name}" resolves to G1017 Volt Typhoon`, () => {
      const r = catalog.resolveActor(name);
      expect(r.kind).toBe('actor');
      if (r.kind !== 'actor') return;
      expect(r.actor.attack_id).toBe('G1017');
      expect(r.actor.name).toBe('Volt Typhoon');
    });
  }

  it('keeps every Volt Typhoon alias with its sources and coining vendor', () => {
    const actor = catalog.getActor('G1017');
    const by = new Map(actor?.aliases.map((a) => [a.name, a]));
    for (const name of volt.slice(1)) expect(by.get(name)?.sources).toContain('attack');
    expect(by.get('BRONZE SILHOUETTE')?.vendor).toBe('Secureworks');
    expect(by.get('UNC3236')?.vendor).toBe('Mandiant');
    expect(by.get('Vanguard Panda')?.vendor).toBe('CrowdStrike');
    expect(by.get('Voltzite')?.vendor).toBe('Dragos');
    expect(by.get('Volt Typhoon')?.sources).toEqual(
      expect.arrayContaining(['attack', 'microsoft', 'misp-threat-actor', 'misp-microsoft-activity-group']),
    );
    expect(by.get('DEV-0391')?.variants).toContain('Dev-0391');
    expect(actor?.origins.filter((o) => o.country === 'CN').map((o) => o.source)).toEqual(
      expect.arrayContaining(['microsoft', 'misp-threat-actor']),
    );
  });

  it('lists every candidate of an ambiguous name with the sources behind each link', () => {
    const r = catalog.resolveActor('GhostEmperor');
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    const salt = r.candidates.find((c) => c.attack_id === 'G1045');
    expect(salt?.sources).toEqual(['microsoft', 'misp-microsoft-activity-group']);
    const misp = r.candidates.find((c) => c.actor.startsWith('misp:'));
    expect(misp?.actor_name).toBe('GhostEmperor');
    expect(misp?.sources).toContain('misp-threat-actor');
    expect(catalog.aliasEntries().find((e) => e.key === 'ghostemperor')?.ambiguous).toBe(true);
  });

  it('prefers the canonical actor but reports the other links ("Salt Typhoon")', () => {
    const r = catalog.resolveActor('Salt Typhoon');
    expect(r.kind).toBe('actor');
    if (r.kind !== 'actor') return;
    expect(r.actor.attack_id).toBe('G1045');
    expect(r.also.map((l) => l.actor_name)).toContain('GhostEmperor');
  });

  it('gives a made-up "<Word> Typhoon" the China-nexus hint, not a match', () => {
    const r = catalog.resolveActor('Quokka Typhoon');
    expect(r.kind).toBe('unlisted');
    if (r.kind !== 'unlisted') return;
    const ms = r.patterns.find((p) => p.vendor.startsWith('Microsoft'));
    expect(ms?.hint).toMatchObject({ origin: 'China', iso2: 'CN', category: 'nation-state' });
    expect(ms?.confidence).toBe('high');
  });

  it('recognises other vendor patterns for unlisted names', () => {
    const hint = (n: string) => catalog.resolveActor(n);
    expect(hint('Storm-9876')).toMatchObject({
      kind: 'unlisted',
      patterns: [{ hint: { category: 'group in development' } }],
    });
    expect(hint('UNC9999')).toMatchObject({
      kind: 'unlisted',
      patterns: [{ vendor: expect.stringContaining('Mandiant') }],
    });
    expect(hint('Quixotic Chollima')).toMatchObject({
      kind: 'unlisted',
      patterns: [{ hint: { iso2: 'KP' } }],
    });
    expect(hint('TA9999')).toMatchObject({ kind: 'unlisted', patterns: [{ vendor: 'Proofpoint' }] });
    expect(hint('BRONZE NONEXISTENT')).toMatchObject({
      kind: 'unlisted',
      patterns: [{ hint: { iso2: 'CN' } }],
    });
  });

  it('answers unknown names with close suggestions', () => {
    const r = catalog.resolveActor('Volt Typhon');
    expect(r.kind).toBe('unknown');
    if (r.kind !== 'unknown') return;
    expect(r.suggestions[0]?.alias).toBe('Volt Typhoon');
    expect(r.suggestions.length).toBeLessThanOrEqual(5);
    expect(catalog.resolveActor('qqqqqqqqqqqq')).toEqual({
      kind: 'unknown',
      query: 'qqqqqqqqqqqq',
      suggestions: [],
    });
  });

  it('flags aliases for the extractor (short, common word, software name)', () => {
    const entries = new Map(catalog.aliasEntries().map((e) => [e.key, e]));
    expect(entries.get('snake')?.common_word).toBe(true);
    expect(entries.get('snake')?.candidates.map((c) => c.attack_id)).toContain('G0010');
    expect(entries.get('kimsuky')?.common_word).toBe(false);
    expect(entries.get('turla')?.ambiguous).toBe(false);
    expect([...entries.values()].some((e) => e.short)).toBe(true);
    expect(entries.get('carbanak')?.software_name).toBe(true);
  });
});

describe('techniques, sectors, geography, software, LOLBAS', () => {
  it('resolves T1003.003 and names', () => {
    const r = catalog.techniques().resolve('t1003.003');
    expect(r).toMatchObject({
      kind: 'technique',
      technique: { id: 'T1003.003', name: 'NTDS', parent: 'T1003' },
    });
    expect(catalog.techniques().resolve('OS Credential Dumping: NTDS')).toMatchObject({
      technique: { id: 'T1003.003' },
    });
  });

  it('maps revoked T1574.002 to its successor T1574.001', () => {
    const r = catalog.techniques().resolve('T1574.002');
    expect(r).toMatchObject({
      kind: 'technique',
      technique: { revoked: true },
      successor: { id: 'T1574.001' },
    });
  });

  it('has ICS techniques and kill-chain ordered tactics', () => {
    expect(catalog.techniques().get('T0803')?.domain).toBe('ics');
    expect(catalog.techniques().tactics[0]?.shortname).toBe('reconnaissance');
  });

  it('gives per-actor techniques with tactics and per-technique actor counts', () => {
    const uses = catalog.actorTechniques('G1017');
    expect(uses.find((u) => u.technique.id === 'T1003.003')?.tactics).toEqual(['credential-access']);
    expect(catalog.techniqueActorCounts().get('T1003.003')).toBeGreaterThan(5);
  });

  it('maps NAICS 221 → Utilities and "water" → 2213', () => {
    expect(catalog.sectors().resolve('221')).toMatchObject({ kind: 'naics', code: { title: 'Utilities' } });
    const water = catalog.sectors().resolve('water');
    expect(water).toMatchObject({ kind: 'term', term: { cisa_sector: 'Water and Wastewater Systems' } });
    if (water.kind === 'term') expect(water.codes.map((c) => c.code)).toEqual(['2213']);
    expect(catalog.sectors().get('32')?.code).toBe('31-33');
    expect(catalog.sectors().term('Telecommunications')?.stix).toContain('telecommunications');
    expect(catalog.sectors().term('ports')?.naics).toEqual(['488310']);
  });

  it('knows the 16 CISA sectors, each reachable from the lexicon', () => {
    const s = catalog.sectors();
    expect(s.cisaSectors).toHaveLength(16);
    for (const c of s.cisaSectors) expect(s.lexicon.some((t) => t.cisa_sector === c)).toBe(true);
  });

  it('resolves countries by code, name, demonym and designation, with territories', () => {
    const iso = (t: string) =>
      catalog
        .geo()
        .resolve(t)
        .map((m) => m.country.iso2);
    expect(iso('PRC')).toEqual(['CN']);
    expect(iso("People's Republic of China")).toEqual(['CN']);
    expect(iso('Kremlin')).toEqual(['RU']);
    expect(iso('DPRK')).toEqual(['KP']);
    expect(iso('Iranian')).toEqual(['IR']);
    expect(iso('GU')).toEqual(['GU']);
    expect(catalog.geo().get('GU')?.sovereign).toBe('US');
    expect(catalog.geo().get('PR')?.name).toBe('Puerto Rico');
  });

  it('tells malware from actors and has LOLBAS facts', () => {
    expect(catalog.softwares().resolve('Mimikatz')[0]?.attack_id).toBe('S0002');
    expect(catalog.lolbasBinary('certutil')?.attack_ids).toContain('T1105');
  });
});

describe('corrupt or missing parts', () => {
  it('throws catalog.corrupt naming the file and the JSON path', () => {
    const actors = readJson(CATALOG_FILES.actors) as { actors: { aliases: unknown[] }[] };
    const first = actors.actors[0] as { aliases: { name: unknown }[] };
    (first.aliases[0] as { name: unknown }).name = 42;
    const c = parseCatalog(input({ [CATALOG_FILES.actors]: actors }));
    let err: unknown;
    try {
      c.resolveActor('Volt Typhoon');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StormwatchError);
    expect(err).toMatchObject({
      code: 'catalog.corrupt',
      kind: 'input',
      location: { file: 'actors.json.gz', path: '$.actors[0].aliases[0].name' },
    });
    expect((err as StormwatchError).hint).toContain('npm run build:catalog');
  });

  it('rejects a part of another format version', () => {
    const c = parseCatalog(
      input({ [CATALOG_FILES.geo]: { format: 'stormwatch-catalog/geo@0', countries: [] } }),
    );
    expect(() => c.geo()).toThrow(/expected "stormwatch-catalog\/geo@1"/);
  });

  it('safeParseCatalog returns every broken part', () => {
    const broken: Partial<Record<string, unknown>> = {
      [CATALOG_FILES.lolbas]: { format: 'stormwatch-catalog/lolbas@1', entries: [{ name: 1 }] },
      [CATALOG_FILES.patterns]: [],
    };
    const r = safeParseCatalog(input(broken));
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(r.issues.map((i) => i.location?.file).sort()).toEqual(
      [CATALOG_FILES.lolbas, CATALOG_FILES.patterns].sort(),
    );
    expect(r.issues.find((i) => i.location?.file === CATALOG_FILES.lolbas)?.location?.path).toBe(
      '$.entries[0].name',
    );
  });

  it('passes the committed catalog', () => {
    const r = safeParseCatalog(input());
    expect(r.success).toBe(true);
    for (const part of Object.keys(CATALOG_FILES) as CatalogPart[])
      expect(() => catalog.part(part)).not.toThrow();
  });
});

describe('warning lists', () => {
  it('loads the compiled lists in the agreed shape', () => {
    const set = parseWarningLists(readJson(WARNINGLISTS_FILE));
    const names = set.lists.map((l) => l.name);
    expect(names).toContain('List of RFC 1918 CIDR blocks');
    const rfc1918 = set.lists.find((l) => l.name === 'List of RFC 1918 CIDR blocks');
    expect(rfc1918).toMatchObject({ type: 'cidr', category: 'false-positive' });
    expect(rfc1918?.entries).toContain('10.0.0.0/8');
    expect(set.lists.some((l) => l.entries.includes('d41d8cd98f00b204e9800998ecf8427e'))).toBe(true);
  });

  it('names the JSON path of a bad entry', () => {
    expect(() =>
      parseWarningLists({
        lists: [
          {
            name: 'x',
            description: '',
            type: 'ip',
            matching_attributes: [],
            category: 'false-positive',
            entries: [],
          },
        ],
      }),
    ).toThrow(/unknown warning list type/);
    let err: unknown;
    try {
      parseWarningLists({ lists: [{ name: 'x' }] });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'catalog.corrupt', location: { path: '$.lists[0].description' } });
  });
});
