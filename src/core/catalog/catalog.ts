/**
 * The reference catalog: validated, lazily-indexed view over the compiled files of `data/catalog/`.
 * Pure: the caller supplies a `CatalogInput` that returns each file's parsed JSON (the app layer reads and
 * gunzips); each part is checked against its shape on first use and a bad part throws
 * `catalog.corrupt` naming the file and the JSON path.
 */
import type { Issue, SafeResult } from '../shared/index.js';
import { StormwatchError } from '../shared/index.js';
import {
  ActorIndex,
  type ActorResolution,
  type ActorSuggestion,
  type AliasIndexEntry,
} from './actor-index.js';
import { GeoIndex } from './geo-index.js';
import { checkShape } from './json-shape.js';
import type {
  ActorAlias,
  ActorRecord,
  ActorsFile,
  AttackFile,
  CatalogManifest,
  GeoFile,
  LolbasEntry,
  LolbasFile,
  NamingPattern,
  NamingPatternsFile,
  SectorsFile,
  SoftwareFile,
  SpindleFile,
} from './model.js';
import { nameKey } from './name-key.js';
import { type NamingPatternMatch, NamingPatternRecognizer } from './naming-patterns.js';
import { SectorIndex } from './sector-index.js';
import { SHAPES } from './shapes.js';
import { SoftwareIndex } from './software-index.js';
import { type ActorTechniqueUse, countActorsPerTechnique, TechniqueIndex } from './technique-index.js';

/** The compiled files, relative to `data/catalog/`. */
export const CATALOG_FILES = {
  manifest: 'MANIFEST.json',
  actors: 'actors.json.gz',
  spindle: 'spindle/spindle-actors.json.gz',
  attack: 'attack.json.gz',
  software: 'software.json.gz',
  sectors: 'sectors.json.gz',
  geo: 'geo.json',
  patterns: 'naming-patterns.json',
  lolbas: 'lolbas.json',
} as const;

/** The MISP warning lists file (not part of `Catalog`; see `parseWarningLists`). */
export const WARNINGLISTS_FILE = 'warninglists.json.gz';

export type CatalogPart = keyof typeof CATALOG_FILES;

/** Supplies parsed JSON of one compiled file; may throw StormwatchError (`catalog.missing`, `catalog.corrupt`). */
export interface CatalogInput {
  read(file: string): unknown;
  /**
   * sha256 (hex) of the file's bytes as stored, when the reader knows it. A part whose digest equals the one
   * MANIFEST.json recorded at build time is exactly what the build wrote, so only its `format` is checked;
   * otherwise the part gets the full structural check.
   */
  digest?(file: string): string | undefined;
}

/** Hint given with every catalog error. */
export const CATALOG_REBUILD_HINT =
  'rebuild the catalog with `npm run build:catalog` in a checkout with ../shared/data beside it, or reinstall stormwatch';

/** Counts reported by `catalog info` (computed from the loaded data). */
export interface CatalogCounts {
  readonly actors: number;
  readonly actors_attack: number;
  readonly actors_spindle_only: number;
  readonly alias_keys: number;
  readonly ambiguous_aliases: number;
  readonly techniques: number;
  readonly techniques_enterprise: number;
  readonly techniques_ics: number;
  readonly techniques_revoked: number;
  readonly techniques_deprecated: number;
  readonly tactics: number;
  readonly software: number;
  readonly software_attack: number;
  readonly naics_codes: number;
  readonly sector_terms: number;
  readonly countries: number;
  readonly naming_patterns: number;
  readonly lolbas: number;
}

function corrupt(issues: readonly Issue[], file: string): StormwatchError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new StormwatchError({
    code: 'catalog.corrupt',
    kind: 'input',
    message: `catalog file ${file} is corrupt: ${first?.message ?? 'invalid'}${more}`,
    location: first?.location ?? { file },
    hint: CATALOG_REBUILD_HINT,
  });
}

type PartType = {
  manifest: CatalogManifest;
  actors: ActorsFile;
  spindle: SpindleFile;
  attack: AttackFile;
  software: SoftwareFile;
  sectors: SectorsFile;
  geo: GeoFile;
  patterns: NamingPatternsFile;
  lolbas: LolbasFile;
};

/** Checks only the `format` member of a part (for parts verified by their MANIFEST digest). */
function checkFormat(part: CatalogPart, json: unknown): Issue[] {
  const file = CATALOG_FILES[part];
  const format =
    typeof json === 'object' && json !== null ? (json as { format?: unknown }).format : undefined;
  const want = `stormwatch-catalog/${part === 'patterns' ? 'naming-patterns' : part}@1`;
  if (format === want) return [];
  return [
    {
      code: 'catalog.corrupt',
      severity: 'error',
      message: `format is ${JSON.stringify(format)}, expected "${want}" (built by another stormwatch version?)`,
      location: { file, path: '$.format' },
    },
  ];
}

/** Checks one part's JSON fully; returns the issues (empty when valid). */
export function checkCatalogPart(part: CatalogPart, json: unknown): Issue[] {
  const issues: Issue[] = [];
  if (checkShape(json, SHAPES[part], CATALOG_FILES[part], issues)) return checkFormat(part, json);
  return issues;
}

/** Merges Spindle's attachments into the actors they attach to and appends Spindle-only actors. */
function mergeSpindle(actors: readonly ActorRecord[], spindle: SpindleFile): ActorRecord[] {
  const attach = new Map<string, SpindleFile['attach'][number][]>();
  for (const a of spindle.attach) {
    const list = attach.get(a.actor) ?? [];
    list.push(a);
    attach.set(a.actor, list);
  }
  const out = actors.map((actor) => {
    const items = attach.get(actor.id);
    if (!items) return actor;
    const aliases: ActorAlias[] = [...actor.aliases];
    const origins = [...actor.origins];
    const entries = [...actor.entries];
    const related = [...actor.related];
    const position = new Map(aliases.map((al, i) => [nameKey(al.name), i]));
    for (const item of items) {
      for (const name of [item.entry, ...item.aliases]) {
        const key = nameKey(name);
        const i = position.get(key);
        const found = i === undefined ? undefined : aliases[i];
        if (found && i !== undefined) {
          if (!found.sources.includes('spindle'))
            aliases[i] = { ...found, sources: [...found.sources, 'spindle'] };
        } else if (key) {
          position.set(key, aliases.length);
          aliases.push({ name, sources: ['spindle'] });
        }
      }
      for (const c of item.countries)
        origins.push({ source: 'spindle', country: c, text: c, kind: 'origin' });
      for (const o of item.organisations) origins.push({ source: 'spindle', text: o, kind: 'organisation' });
      entries.push({ source: 'spindle', ref: item.entry, name: item.entry, join: item.join });
      for (const r of item.related)
        if (!related.some((x) => x.actor === r.actor && x.type === r.type)) related.push(r);
    }
    return { ...actor, aliases, origins, entries, related };
  });
  return [...out, ...spindle.actors];
}

/** The loaded catalog. Parts are validated and indexed on first use. */
export class Catalog {
  private readonly cache = new Map<CatalogPart, unknown>();
  private actorIndex: ActorIndex | undefined;
  private techniqueIndex: TechniqueIndex | undefined;
  private sectorIndex: SectorIndex | undefined;
  private geoIndex: GeoIndex | undefined;
  private softwareIndex: SoftwareIndex | undefined;
  private recognizer: NamingPatternRecognizer | undefined;
  private techniqueCounts: Map<string, number> | undefined;
  private lolbasByName: Map<string, LolbasEntry> | undefined;
  private attackSoftwareById: Map<string, AttackFile['software'][number]> | undefined;

  constructor(private readonly input: CatalogInput) {}

  /** Validated JSON of one part (throws `catalog.corrupt` naming file and path). */
  part<P extends CatalogPart>(part: P): PartType[P] {
    const hit = this.cache.get(part);
    if (hit !== undefined) return hit as PartType[P];
    const file = CATALOG_FILES[part];
    const json = this.input.read(file);
    const issues = this.verifiedByDigest(part, file) ? checkFormat(part, json) : checkCatalogPart(part, json);
    if (issues.length > 0) throw corrupt(issues, CATALOG_FILES[part]);
    this.cache.set(part, json);
    return json as PartType[P];
  }

  private verifiedByDigest(part: CatalogPart, file: string): boolean {
    if (part === 'manifest' || !this.input.digest) return false;
    const expected = this.part('manifest').outputs.find((o) => o.file === file)?.sha256;
    return expected !== undefined && expected === this.input.digest(file);
  }

  /** MANIFEST.json: sources, versions, licences, build date and build-time counts. */
  get manifest(): CatalogManifest {
    return this.part('manifest');
  }

  /** Alias index over every actor (ATT&CK, Microsoft, MISP and Spindle). */
  actors(): ActorIndex {
    if (!this.actorIndex) {
      const file = this.part('actors');
      const merged = mergeSpindle(file.actors, this.part('spindle'));
      this.actorIndex = new ActorIndex(merged, () => this.softwares().keys(), file.common_words);
    }
    return this.actorIndex;
  }

  /** Resolves any actor name or alias (case and punctuation ignored). */
  resolveActor(name: string): ActorResolution {
    return this.actors().resolve(name, this.recognizeName(name));
  }

  /** Actor by catalog id. */
  getActor(id: string): ActorRecord | undefined {
    return this.actors().get(id);
  }

  /** Up to `limit` close actor names. */
  suggestActors(name: string, limit = 5): ActorSuggestion[] {
    return this.actors().suggest(name, limit);
  }

  /** Every alias with the actors it points to and its flags (ambiguous, short, common word, software name). */
  aliasEntries(): readonly AliasIndexEntry[] {
    return this.actors().entries();
  }

  /** Vendor naming patterns a name fits (the hint for unlisted names). */
  recognizeName(name: string): NamingPatternMatch[] {
    if (!this.recognizer) this.recognizer = new NamingPatternRecognizer(this.part('patterns').patterns);
    return this.recognizer.recognize(name);
  }

  /** Every vendor naming pattern (vendor, regex, display, hint, confidence, evidence). */
  namingPatterns(): readonly NamingPattern[] {
    return this.part('patterns').patterns;
  }

  /** ATT&CK techniques and tactics. */
  techniques(): TechniqueIndex {
    if (!this.techniqueIndex) {
      const a = this.part('attack');
      this.techniqueIndex = new TechniqueIndex(a.techniques, a.tactics);
    }
    return this.techniqueIndex;
  }

  /** ATT&CK software (S-id → name and type) without loading the full software list. */
  attackSoftware(id: string): AttackFile['software'][number] | undefined {
    if (!this.attackSoftwareById)
      this.attackSoftwareById = new Map(this.part('attack').software.map((s) => [s.id, s]));
    return this.attackSoftwareById.get(id);
  }

  /** ATT&CK version of the compiled data (`18.1`). */
  attackVersion(): string {
    return this.part('attack').version;
  }

  /** Techniques an actor uses, with tactics (hunt playbooks). */
  actorTechniques(actorId: string): ActorTechniqueUse[] {
    const actor = this.getActor(actorId);
    return actor ? this.techniques().actorUses(actor) : [];
  }

  /** Number of actors using each technique id (IDF weighting). */
  techniqueActorCounts(): ReadonlyMap<string, number> {
    if (!this.techniqueCounts) this.techniqueCounts = countActorsPerTechnique(this.actors().all());
    return this.techniqueCounts;
  }

  /** Malware, tools, ransomware and RMM tools with aliases. */
  softwares(): SoftwareIndex {
    if (!this.softwareIndex) this.softwareIndex = new SoftwareIndex(this.part('software').software);
    return this.softwareIndex;
  }

  /** NAICS tree and sector lexicon. */
  sectors(): SectorIndex {
    if (!this.sectorIndex) {
      const s = this.part('sectors');
      this.sectorIndex = new SectorIndex(s.naics, s.lexicon, s.stix_industry_sectors, s.cisa_sectors);
    }
    return this.sectorIndex;
  }

  /** Countries, territories, demonyms and designations. */
  geo(): GeoIndex {
    if (!this.geoIndex) this.geoIndex = new GeoIndex(this.part('geo').countries);
    return this.geoIndex;
  }

  /** LOLBAS facts (binary → ATT&CK ids). */
  lolbas(): readonly LolbasEntry[] {
    return this.part('lolbas').entries;
  }

  /** LOLBAS entry by binary name, case-insensitive, with or without extension (`certutil`, `CertUtil.exe`). */
  lolbasBinary(name: string): LolbasEntry | undefined {
    if (!this.lolbasByName) {
      this.lolbasByName = new Map();
      for (const e of this.lolbas()) {
        const lower = e.name.toLowerCase();
        this.lolbasByName.set(lower, e);
        const stem = lower.replace(/\.(exe|dll|vbs|js|ps1|cmd|bat|wsf|psm1)$/, '');
        if (!this.lolbasByName.has(stem)) this.lolbasByName.set(stem, e);
      }
    }
    return this.lolbasByName.get(name.trim().toLowerCase());
  }

  /** Counts over the loaded data (loads every part). */
  counts(): CatalogCounts {
    const actors = this.actors().all();
    const entries = this.aliasEntries();
    const techniques = this.techniques().all();
    const software = this.part('software').software;
    return {
      actors: actors.length,
      actors_attack: actors.filter((a) => a.attack_id !== undefined).length,
      actors_spindle_only: actors.filter((a) => a.id.startsWith('spindle:')).length,
      alias_keys: entries.length,
      ambiguous_aliases: entries.filter((e) => e.ambiguous).length,
      techniques: techniques.length,
      techniques_enterprise: techniques.filter((t) => t.domain === 'enterprise').length,
      techniques_ics: techniques.filter((t) => t.domain === 'ics').length,
      techniques_revoked: techniques.filter((t) => t.revoked).length,
      techniques_deprecated: techniques.filter((t) => t.deprecated).length,
      tactics: this.techniques().tactics.length,
      software: software.length,
      software_attack: software.filter((s) => s.attack_id !== undefined).length,
      naics_codes: this.sectors().all().length,
      sector_terms: this.sectors().lexicon.length,
      countries: this.geo().countries.length,
      naming_patterns: this.part('patterns').patterns.length,
      lolbas: this.lolbas().length,
    };
  }
}

/**
 * Creates the catalog over `input`. Parts listed in `eager` (default: the manifest) are read and validated
 * now; the rest on first use. Throws StormwatchError `catalog.corrupt` / whatever `input.read` throws.
 */
export function parseCatalog(input: CatalogInput, eager: readonly CatalogPart[] = ['manifest']): Catalog {
  const catalog = new Catalog(input);
  for (const p of eager) catalog.part(p);
  return catalog;
}

/** Reads and validates every part, returning all issues instead of throwing. */
export function safeParseCatalog(input: CatalogInput): SafeResult<Catalog> {
  const issues: Issue[] = [];
  const catalog = new Catalog(input);
  for (const part of Object.keys(CATALOG_FILES) as CatalogPart[]) {
    try {
      catalog.part(part);
    } catch (e) {
      if (e instanceof StormwatchError) {
        issues.push({
          code: e.code,
          severity: 'error',
          message: e.message,
          ...(e.location ? { location: e.location } : {}),
        });
      } else throw e;
    }
  }
  return issues.length > 0 ? { success: false, issues } : { success: true, data: catalog, warnings: [] };
}
