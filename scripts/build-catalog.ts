/**
 * `npm run build:catalog`: compiles ../shared/data into data/catalog/ (see docs/catalog.md). The only code
 * that reads ../shared/data for the product. Everything is computed in memory first; a missing or malformed
 * source stops the build with the file and JSON path before anything in data/catalog is touched.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { CatalogManifest, ManifestSource } from '../src/core/catalog/index.js';
import { CATALOG_FILES, WARNINGLISTS_FILE } from '../src/core/catalog/index.js';
import { formatLocation, isStormwatchError } from '../src/core/shared/index.js';
import { buildActors } from './catalog/actors.js';
import { compileAttack } from './catalog/attack.js';
import { buildCountries, countryNormaliser } from './catalog/geo.js';
import { buildLolbas } from './catalog/lolbas.js';
import { buildPatterns } from './catalog/patterns.js';
import {
  buildSectors,
  crossCheckNaics,
  sectorNormaliser,
  sectorVocabularyCoverage,
} from './catalog/sectors.js';
import { buildSoftware } from './catalog/software.js';
import { SOURCE_INFO } from './catalog/source-info.js';
import { SourceSet } from './catalog/source-reader.js';
import { buildWarningLists } from './catalog/warninglists.js';
import { repoRoot, requireSharedData } from './lib/shared-data.js';

/** One compiled output before writing. */
interface Output {
  readonly file: string;
  readonly data: unknown;
  readonly gzip: boolean;
  readonly licence: string;
  readonly sources: readonly string[];
}

export interface BuildResult {
  readonly manifest: CatalogManifest;
  readonly outputs: readonly { file: string; bytes: number }[];
}

const ATTACK_LICENCE = 'ATT&CK Terms of Use';

/** Compiles every part from `sharedDir` and writes them to `outDir` (replacing the folder's catalog files). */
export function buildCatalog(sharedDir: string, outDir: string, now = new Date()): BuildResult {
  const src = new SourceSet(sharedDir);
  const enterprise = src.json('attack/enterprise-attack.json');
  const ics = src.json('attack/ics-attack.json');
  const index = src.json('attack/index.json');
  const attack = compileAttack(enterprise, ics);
  // The collection index must list the bundles' version (guards against a half-updated attack/ folder).
  const listed = index
    .get('collections')
    .arr()
    .flatMap((c) =>
      c
        .get('versions')
        .arr()
        .map((v) => v.get('version').str()),
    );
  index
    .get('collections')
    .require(
      listed.includes(attack.version),
      `ATT&CK version ${attack.version} of the bundles is not listed`,
    );

  const sectors = buildSectors(src.json('naics/naics-2022-codes.json'));
  const countries = buildCountries(src.json('misp-galaxy/clusters/country.json'));
  const country = countryNormaliser(countries);
  const sector = sectorNormaliser(sectors);
  const naicsChecked = crossCheckNaics(sectors, src.json('misp-galaxy/clusters/naics.json'));
  const sectorCoverage = sectorVocabularyCoverage(sector, src.json('misp-galaxy/clusters/sector.json'));

  const microsoft = src.json('actor-naming/microsoft-mstic/MicrosoftMapping.json');
  const cluster = (n: string) => src.json(`misp-galaxy/clusters/${n}.json`);
  const actors = buildActors(
    {
      attackGroups: attack.groups,
      mispMitre: cluster('mitre-intrusion-set'),
      microsoft,
      mispMicrosoft: cluster('microsoft-activity-group'),
      mispThreatActor: cluster('threat-actor'),
      spindle: src.json('actor-naming/spindle/cta_names_mappings.json'),
    },
    { country, sector },
  );
  const software = buildSoftware(attack.software, [
    { source: 'misp-malpedia', kind: 'malware', cluster: cluster('malpedia') },
    { source: 'misp-tool', kind: 'tool', cluster: cluster('tool') },
    { source: 'misp-ransomware', kind: 'ransomware', cluster: cluster('ransomware') },
    { source: 'misp-rmm-tool', kind: 'rmm-tool', cluster: cluster('rmm-tool') },
  ]);
  const knownNames = [
    ...new Set([...actors.actors, ...actors.spindle.actors].flatMap((a) => a.aliases.map((al) => al.name))),
  ].sort();
  const patterns = buildPatterns(src.json('actor-naming/naming-conventions.json'), microsoft, knownNames);
  const lolbas = buildLolbas(src);
  const available = readdirSync(join(sharedDir, 'misp-warninglists', 'lists'));
  const warning = buildWarningLists(src, available);

  const outputs: Output[] = [
    {
      file: CATALOG_FILES.actors,
      data: {
        format: 'stormwatch-catalog/actors@1',
        actors: actors.actors,
        common_words: actors.commonWords,
      },
      gzip: true,
      licence: `${ATTACK_LICENCE}; CC-BY-4.0 (Microsoft); CC0-1.0 (MISP)`,
      sources: [
        'attack/enterprise-attack.json',
        'attack/ics-attack.json',
        'misp-galaxy/clusters/mitre-intrusion-set.json',
        'misp-galaxy/clusters/microsoft-activity-group.json',
        'misp-galaxy/clusters/threat-actor.json',
        'actor-naming/microsoft-mstic/MicrosoftMapping.json',
      ],
    },
    {
      file: CATALOG_FILES.spindle,
      data: {
        format: 'stormwatch-catalog/spindle@1',
        licence: 'CC-BY-SA-4.0',
        attribution: SOURCE_INFO['actor-naming/spindle/cta_names_mappings.json']?.attribution ?? '',
        ...actors.spindle,
      },
      gzip: true,
      licence: 'CC-BY-SA-4.0',
      sources: ['actor-naming/spindle/cta_names_mappings.json'],
    },
    {
      file: CATALOG_FILES.attack,
      data: {
        format: 'stormwatch-catalog/attack@1',
        version: attack.version,
        tactics: attack.tactics,
        techniques: attack.techniques,
        software: attack.software.map((s) => ({ id: s.attack_id, name: s.name, type: s.kind })),
      },
      gzip: true,
      licence: ATTACK_LICENCE,
      sources: ['attack/enterprise-attack.json', 'attack/ics-attack.json', 'attack/index.json'],
    },
    {
      file: CATALOG_FILES.software,
      data: { format: 'stormwatch-catalog/software@1', software },
      gzip: true,
      licence: `${ATTACK_LICENCE}; CC0-1.0 (MISP)`,
      sources: [
        'attack/enterprise-attack.json',
        'misp-galaxy/clusters/malpedia.json',
        'misp-galaxy/clusters/tool.json',
        'misp-galaxy/clusters/ransomware.json',
        'misp-galaxy/clusters/rmm-tool.json',
      ],
    },
    {
      file: CATALOG_FILES.sectors,
      data: { format: 'stormwatch-catalog/sectors@1', ...sectors },
      gzip: true,
      licence: 'Public domain (NAICS); Apache-2.0 (stormwatch lexicon)',
      sources: [
        'naics/naics-2022-codes.json',
        'misp-galaxy/clusters/naics.json',
        'misp-galaxy/clusters/sector.json',
      ],
    },
    {
      file: CATALOG_FILES.geo,
      data: { format: 'stormwatch-catalog/geo@1', countries },
      gzip: false,
      licence: 'CC0-1.0 (MISP/geonames); Apache-2.0 (stormwatch lexicon)',
      sources: ['misp-galaxy/clusters/country.json'],
    },
    {
      file: CATALOG_FILES.patterns,
      data: { format: 'stormwatch-catalog/naming-patterns@1', patterns },
      gzip: false,
      licence: 'facts; Apache-2.0 compilation',
      sources: ['actor-naming/naming-conventions.json', 'actor-naming/microsoft-mstic/MicrosoftMapping.json'],
    },
    {
      file: CATALOG_FILES.lolbas,
      data: { format: 'stormwatch-catalog/lolbas@1', entries: lolbas },
      gzip: false,
      licence: 'facts only (binary names, ATT&CK ids)',
      sources: ['lolbas/yml'],
    },
    {
      file: WARNINGLISTS_FILE,
      data: { lists: warning.lists },
      gzip: true,
      licence: 'CC0-1.0',
      sources: ['misp-warninglists/lists'],
    },
  ];

  // Hash grouped sources (folders) as the sha256 of their files' "<sha256>  <path>" lines, sorted by path.
  const groupHash = (prefix: string): string => {
    const lines = [...src.read.values()]
      .filter((r) => r.rel.startsWith(`${prefix}/`))
      .sort((a, b) => a.rel.localeCompare(b.rel))
      .map((r) => `${r.sha256}  ${r.rel}\n`)
      .join('');
    return createHash('sha256').update(lines).digest('hex');
  };
  const versionOf = (rel: string): string => {
    if (rel === 'attack/enterprise-attack.json') return `ATT&CK ${attack.version}`;
    if (rel === 'attack/ics-attack.json') return `ATT&CK for ICS ${attack.icsVersion}`;
    if (rel.startsWith('misp-galaxy/clusters/')) {
      const v = (src.json(rel).value as { version?: unknown }).version;
      return `cluster version ${String(v)}`;
    }
    if (rel === 'naics/naics-2022-codes.json') return 'NAICS 2022';
    if (rel === 'attack/index.json') return `ATT&CK ${attack.version}`;
    if (rel === 'actor-naming/naming-conventions.json') {
      const compiled = (src.json(rel).value as { compiled?: unknown }).compiled;
      return typeof compiled === 'string' ? `compiled ${compiled}` : 'unversioned';
    }
    return SOURCE_INFO[rel]?.version ?? 'snapshot (see commit)';
  };

  const encoded = outputs.map((o) => {
    const json = Buffer.from(JSON.stringify(o.data), 'utf8');
    const bytes = o.gzip ? gzipSync(json, { level: 9 }) : json;
    return { ...o, bytes };
  });
  const sourcePaths = [...new Set([...Object.keys(SOURCE_INFO)])];
  const sources: ManifestSource[] = sourcePaths.map((rel) => {
    const info = SOURCE_INFO[rel] as (typeof SOURCE_INFO)[string];
    const isGroup = rel === 'lolbas/yml' || rel === 'misp-warninglists/lists';
    return {
      name: info.name,
      path: rel,
      version: versionOf(rel),
      ...(info.commit ? { commit: info.commit } : {}),
      sha256: isGroup ? groupHash(rel) : src.sha256(rel),
      licence: info.licence,
      attribution: info.attribution,
      outputs: outputs.filter((o) => o.sources.includes(rel)).map((o) => o.file),
      ...(isGroup
        ? { note: 'sha256 over the sorted "<sha256>  <path>" lines of every file read under this folder' }
        : {}),
    };
  });
  const counts: Record<string, number> = {
    actors: actors.actors.length + actors.spindle.actors.length,
    actors_attack: actors.stats.actors_attack ?? 0,
    actors_spindle_only: actors.spindle.actors.length,
    techniques: attack.techniques.length,
    techniques_enterprise: attack.techniques.filter((t) => t.domain === 'enterprise').length,
    techniques_ics: attack.techniques.filter((t) => t.domain === 'ics').length,
    techniques_revoked: attack.techniques.filter((t) => t.revoked).length,
    techniques_deprecated: attack.techniques.filter((t) => t.deprecated).length,
    tactics: attack.tactics.length,
    software: software.length,
    software_attack: software.filter((s) => s.attack_id).length,
    naics_codes: sectors.naics.length,
    sector_terms: sectors.lexicon.length,
    countries: countries.length,
    naming_patterns: patterns.length,
    lolbas: lolbas.length,
    warninglists: warning.lists.length,
    naics_cross_checked_with_misp: naicsChecked,
    misp_sector_values: sectorCoverage.total,
    misp_sector_values_normalised: sectorCoverage.mapped,
    warninglist_entries: warning.lists.reduce((n, l) => n + l.entries.length, 0),
    ...Object.fromEntries(Object.entries(actors.stats).map(([k, v]) => [`join_${k}`, v])),
  };
  const manifest: CatalogManifest = {
    format: 'stormwatch-catalog/manifest@1',
    built_at: now.toISOString(),
    builder: 'scripts/build-catalog.ts',
    sources,
    outputs: encoded.map((e) => ({
      file: e.file,
      sha256: createHash('sha256').update(e.bytes).digest('hex'),
      bytes: e.bytes.length,
      licence: e.licence,
    })),
    counts,
    warninglists: {
      included: warning.lists.map((l) => l.name),
      excluded: warning.excluded,
      rule: 'Kept: special-purpose ranges (RFC 1918/5735/6598/3849/6761, multicast, link-local), public resolvers, 10k-sized top-domain lists, cloud/CDN ranges, Microsoft/Google/Apple/Office 365 endpoints, URL shorteners, security-vendor blogs, sinkholes, hash false positives, TLDs and second-level TLDs. Left out: 20k–100k top lists (size), scanner ranges (scanner IPs are indicators in some reports), VPN and relay ranges, dynamic-DNS suffixes (abused by malicious infrastructure), bank/university/covid domain lists.',
    },
  };

  // Write: to a temp folder first, then move into place, so a failure leaves the old catalog intact.
  const tmp = `${outDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  for (const e of encoded) {
    mkdirSync(dirname(join(tmp, e.file)), { recursive: true });
    writeFileSync(join(tmp, e.file), e.bytes);
  }
  writeFileSync(
    join(tmp, 'spindle', 'NOTICE.md'),
    `# Spindle-derived data (CC BY-SA 4.0)\n\n\`spindle-actors.json.gz\` is adapted from Spindle by Arachne Digital\n(https://github.com/arachne-threat-intel/spindle, commit ${SOURCE_INFO['actor-naming/spindle/cta_names_mappings.json']?.commit}),\nlicensed under the Creative Commons Attribution-ShareAlike 4.0 International licence\n(https://creativecommons.org/licenses/by-sa/4.0/). Changes: entries re-keyed, joined to catalog actors, and\nconverted to JSON by stormwatch's scripts/build-catalog.ts. This file is shared under the same licence;\nthe rest of data/catalog is not derived from Spindle.\n`,
  );
  writeFileSync(join(tmp, CATALOG_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(outDir, { recursive: true });
  for (const e of [...encoded.map((x) => x.file), 'spindle/NOTICE.md', CATALOG_FILES.manifest]) {
    mkdirSync(dirname(join(outDir, e)), { recursive: true });
    renameSync(join(tmp, e), join(outDir, e));
  }
  rmSync(tmp, { recursive: true, force: true });
  return { manifest, outputs: encoded.map((e) => ({ file: e.file, bytes: e.bytes.length })) };
}

function main(): void {
  const shared = requireSharedData('build:catalog', 3);
  const out = join(repoRoot(), 'data', 'catalog');
  const t0 = performance.now();
  try {
    const r = buildCatalog(shared, out);
    const ms = performance.now() - t0;
    for (const o of r.outputs)
      process.stdout.write(`  ${o.file.padEnd(34)} ${(o.bytes / 1024).toFixed(0).padStart(6)} KiB\n`);
    const c = r.manifest.counts;
    process.stdout.write(
      `catalog built in ${ms.toFixed(0)} ms → ${out}\n  ${c.actors} actors (${c.actors_attack} ATT&CK), ${c.techniques} techniques, ${c.software} software, ${c.naics_codes} NAICS codes, ${c.countries} countries, ${c.naming_patterns} naming patterns, ${c.lolbas} LOLBAS, ${c.warninglists} warning lists\n`,
    );
  } catch (e) {
    if (isStormwatchError(e)) {
      process.stderr.write(
        `build:catalog failed [${e.code}] ${e.location ? `${formatLocation(e.location)}: ` : ''}${e.message}\n`,
      );
      if (e.hint) process.stderr.write(`  hint: ${e.hint}\n`);
      process.exitCode = 3;
      return;
    }
    throw e;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
