/**
 * Catalog data model: the shapes of the compiled files in `data/catalog/` (written by
 * `scripts/build-catalog.ts`, read by `parseCatalog()`), which are also the shapes the API returns.
 * Field names are snake_case like the STIX and MISP data they come from. See docs/catalog.md.
 */

/** Where a fact comes from. `misp-*` are MISP galaxy clusters; `microsoft` is MicrosoftMapping.json. */
export type CatalogSource =
  | 'attack'
  | 'attack-ics'
  | 'misp-threat-actor'
  | 'misp-mitre-intrusion-set'
  | 'misp-microsoft-activity-group'
  | 'microsoft'
  | 'spindle';

/** Every source tag, in display order. */
export const CATALOG_SOURCES: readonly CatalogSource[] = [
  'attack',
  'attack-ics',
  'misp-mitre-intrusion-set',
  'microsoft',
  'misp-microsoft-activity-group',
  'misp-threat-actor',
  'spindle',
];

/** One name of an actor, with every source that lists it for this actor. */
export interface ActorAlias {
  /** Preferred spelling (ATT&CK's where it lists the name, else the first source's). */
  readonly name: string;
  /** Sources listing this name for this actor (never empty). */
  readonly sources: readonly CatalogSource[];
  /** Vendor that coined the name, where a source says so (MISP `name-attribution`/`origin:*`, Microsoft). */
  readonly vendor?: string;
  /** Sources that state the coining vendor. */
  readonly vendor_sources?: readonly CatalogSource[];
  /** Other spellings seen for the same normalised name (e.g. `Dev-0391` for `DEV-0391`). */
  readonly variants?: readonly string[];
  /** Single word that is also an ordinary English word ("Lotus", "Carbon"): needs context to count as a name. */
  readonly common_word?: boolean;
}

/** Suspected origin / sponsor country as one source states it (never merged across sources). */
export interface ActorOrigin {
  readonly source: CatalogSource;
  /** ISO 3166-1 alpha-2 when the text maps to a country. */
  readonly country?: string;
  /** The source's own words (e.g. `China, Financially motivated`, `Iran (Islamic Republic of)`). */
  readonly text: string;
  /** `origin` (country field, Microsoft origin), `sponsor` (CFR suspected state sponsor), `organisation` (Spindle). */
  readonly kind: 'origin' | 'sponsor' | 'organisation';
}

/** A targeted sector as a source states it, normalised where the lexicon knows the word. */
export interface ActorSector {
  readonly source: CatalogSource;
  readonly text: string;
  readonly naics?: readonly string[];
  readonly stix?: readonly string[];
}

/** A victim country as a source states it. */
export interface ActorVictim {
  readonly source: CatalogSource;
  readonly text: string;
  readonly country?: string;
}

/** A source record attached to this actor, and the evidence that attached it. */
export interface ActorEntry {
  readonly source: CatalogSource;
  /** Source-side identifier: ATT&CK id, MISP uuid, Microsoft or Spindle name. */
  readonly ref: string;
  /** The record's own name. */
  readonly name: string;
  /**
   * Why the record belongs to this actor: `anchor` (it defines the actor), `attack-id` (same G-id),
   * `stix-id` (MISP cluster uuid = ATT&CK STIX id), `primary-name` (its name is the actor's ATT&CK or
   * Microsoft name or an ATT&CK-listed alias of exactly one group), `same-record` (MISP copy of Microsoft's list),
   * `names` (two or more of its names are ATT&CK aliases of this group and of no other).
   */
  readonly join: 'anchor' | 'attack-id' | 'stix-id' | 'primary-name' | 'same-record' | 'names';
}

/** A link between two actors that a source states but that we do not merge (MISP `related`). */
export interface ActorRelation {
  readonly actor: string;
  readonly type: string;
  readonly source: CatalogSource;
  readonly confidence?: string;
}

/** An ATT&CK technique an actor uses (`uses` relationship, directly or through an attributed campaign). */
export interface ActorTechniqueRef {
  readonly id: string;
  readonly via: 'direct' | 'campaign';
}

/** One intrusion set / threat actor. */
export interface ActorRecord {
  /** Stable catalog id: the ATT&CK G-id, else `ms:<slug>`, `misp:<uuid>` or `spindle:<slug>`. */
  readonly id: string;
  /** Canonical name: ATT&CK's, else the name most sources use. */
  readonly name: string;
  readonly attack_id?: string;
  readonly stix_id?: string;
  readonly aliases: readonly ActorAlias[];
  readonly origins: readonly ActorOrigin[];
  readonly sectors: readonly ActorSector[];
  readonly victims: readonly ActorVictim[];
  readonly techniques: readonly ActorTechniqueRef[];
  /** ATT&CK software ids (S####) the actor uses. */
  readonly software: readonly string[];
  readonly entries: readonly ActorEntry[];
  readonly related: readonly ActorRelation[];
  /** Microsoft's motivation/category text where it is not a country (e.g. `Financially motivated`). */
  readonly categories?: readonly { readonly source: CatalogSource; readonly text: string }[];
}

/** `actors.json.gz` */
export interface ActorsFile {
  readonly format: 'stormwatch-catalog/actors@1';
  readonly actors: readonly ActorRecord[];
  /**
   * Name keys (see `nameKey`) of single-word aliases that are ordinary English words, from the reviewed list
   * in scripts/catalog/common-words.ts.
   */
  readonly common_words: readonly string[];
}

/** Spindle links (CC BY-SA 4.0), kept in their own file: aliases it adds to catalog actors, and its own actors. */
export interface SpindleFile {
  readonly format: 'stormwatch-catalog/spindle@1';
  readonly licence: string;
  readonly attribution: string;
  /** Spindle entries attached to an actor of actors.json (same join rules as MISP, see docs/catalog.md). */
  readonly attach: readonly {
    readonly actor: string;
    readonly entry: string;
    readonly join: ActorEntry['join'];
    readonly aliases: readonly string[];
    readonly countries: readonly string[];
    readonly organisations: readonly string[];
    /** Spindle's partial aliases, subgroups and associations that name exactly one catalog actor. */
    readonly related: readonly ActorRelation[];
  }[];
  /** Actors only Spindle lists (ids `spindle:<slug>`). */
  readonly actors: readonly ActorRecord[];
}

/** An ATT&CK technique or sub-technique (enterprise or ICS). */
export interface Technique {
  /** `T1003`, `T1003.003`, `T0803`. */
  readonly id: string;
  readonly name: string;
  readonly domain: 'enterprise' | 'ics';
  /** Tactic short names (`credential-access`). */
  readonly tactics: readonly string[];
  readonly platforms: readonly string[];
  /** Parent technique id for sub-techniques. */
  readonly parent?: string;
  readonly stix_id: string;
  readonly revoked?: boolean;
  readonly deprecated?: boolean;
  /** For revoked techniques: the technique that replaced it (`revoked-by`). */
  readonly revoked_by?: string;
}

/** An ATT&CK tactic. */
export interface Tactic {
  /** `TA0006` */
  readonly id: string;
  /** `credential-access` */
  readonly shortname: string;
  readonly name: string;
  readonly domain: 'enterprise' | 'ics';
}

/** `attack.json.gz` */
export interface AttackFile {
  readonly format: 'stormwatch-catalog/attack@1';
  readonly version: string;
  readonly tactics: readonly Tactic[];
  readonly techniques: readonly Technique[];
  /** ATT&CK software names by S-id (the full list with aliases is software.json.gz). */
  readonly software: readonly {
    readonly id: string;
    readonly name: string;
    readonly type: 'malware' | 'tool';
  }[];
}

/** Software kinds (ATT&CK malware/tool; MISP malpedia/tool/ransomware/rmm-tool). */
export type SoftwareKind = 'malware' | 'tool' | 'ransomware' | 'rmm-tool';

export type SoftwareSource = 'attack' | 'misp-malpedia' | 'misp-tool' | 'misp-ransomware' | 'misp-rmm-tool';

/** A malware family or tool, with its names. */
export interface Software {
  /** ATT&CK S-id when ATT&CK lists it, else `misp:<uuid>` of the first MISP cluster. */
  readonly id: string;
  readonly name: string;
  readonly kinds: readonly SoftwareKind[];
  readonly attack_id?: string;
  readonly aliases: readonly string[];
  readonly sources: readonly SoftwareSource[];
  readonly platforms?: readonly string[];
}

/** `software.json.gz` */
export interface SoftwareFile {
  readonly format: 'stormwatch-catalog/software@1';
  readonly software: readonly Software[];
}

/** A NAICS 2022 code. */
export interface NaicsCode {
  /** `221`, `2213`, `31-33` */
  readonly code: string;
  readonly title: string;
  /** 2 = sector, 3 = subsector, 4 = industry group, 5 = NAICS industry, 6 = national industry. */
  readonly level: 2 | 3 | 4 | 5 | 6;
  readonly parent?: string;
  /** The 2-digit sector code (`31-33` for manufacturing). */
  readonly sector: string;
}

/** A sector word used in reports, mapped to NAICS codes and STIX `industry-sector-ov` values. */
export interface SectorTerm {
  readonly term: string;
  readonly naics: readonly string[];
  readonly stix: readonly string[];
  /** The US CISA critical-infrastructure sector this term names or belongs to. */
  readonly cisa_sector?: string;
}

/** `sectors.json.gz` */
export interface SectorsFile {
  readonly format: 'stormwatch-catalog/sectors@1';
  readonly naics: readonly NaicsCode[];
  readonly lexicon: readonly SectorTerm[];
  /** STIX 2.1 `industry-sector-ov` values. */
  readonly stix_industry_sectors: readonly string[];
  /** The 16 CISA critical-infrastructure sectors (PPD-21). */
  readonly cisa_sectors: readonly string[];
}

/** A country or territory (ISO 3166-1). */
export interface Country {
  readonly iso2: string;
  readonly iso3?: string;
  readonly name: string;
  /** Other names (`Russian Federation`, `Burma`). */
  readonly names: readonly string[];
  readonly demonyms: readonly string[];
  /** Words used for the state or its government (`PRC`, `Beijing`, `Kremlin`, `DPRK`). */
  readonly designations: readonly string[];
  /** For territories: the ISO2 of the sovereign state (`GU` → `US`). */
  readonly sovereign?: string;
  readonly capital?: string;
}

/** `geo.json` */
export interface GeoFile {
  readonly format: 'stormwatch-catalog/geo@1';
  readonly countries: readonly Country[];
}

/** What an unlisted name's pattern suggests. */
export interface NamingHint {
  /** `nation-state`, `financially motivated`, `group in development`, … */
  readonly category?: string;
  readonly origin?: string;
  readonly iso2?: string;
  readonly meaning?: string;
}

/** A vendor naming pattern. */
export interface NamingPattern {
  readonly vendor: string;
  /** JavaScript regular expression source, matched against the trimmed name. */
  readonly regex: string;
  /** `i` for case-insensitive patterns. */
  readonly flags: string;
  /** Human-readable pattern (`<Word> Typhoon`). */
  readonly display: string;
  readonly hint: NamingHint;
  /** `high` (vendor-documented), `medium` (observed in data), `low` (recalled or weak evidence). */
  readonly confidence: 'high' | 'medium' | 'low';
  /** Where the rule comes from and how it was checked. */
  readonly evidence: string;
}

/** `naming-patterns.json` */
export interface NamingPatternsFile {
  readonly format: 'stormwatch-catalog/naming-patterns@1';
  readonly patterns: readonly NamingPattern[];
}

/** LOLBAS facts: binary name and ATT&CK ids only (the project is GPL: no descriptions, no commands). */
export interface LolbasEntry {
  /** `Certutil.exe` */
  readonly name: string;
  /** LOLBAS folder: `OSBinaries`, `OSLibraries`, `OSScripts`, `OtherMSBinaries`, `HonorableMentions`. */
  readonly type: string;
  readonly attack_ids: readonly string[];
}

/** `lolbas.json` */
export interface LolbasFile {
  readonly format: 'stormwatch-catalog/lolbas@1';
  readonly entries: readonly LolbasEntry[];
}

/** One source in MANIFEST.json. */
export interface ManifestSource {
  readonly name: string;
  readonly path: string;
  readonly version: string;
  readonly commit?: string;
  readonly sha256: string;
  readonly licence: string;
  readonly attribution: string;
  readonly outputs: readonly string[];
  readonly note?: string;
}

/** One output file in MANIFEST.json. */
export interface ManifestOutput {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly licence: string;
}

/** `MANIFEST.json` */
export interface CatalogManifest {
  readonly format: 'stormwatch-catalog/manifest@1';
  readonly built_at: string;
  readonly builder: string;
  readonly sources: readonly ManifestSource[];
  readonly outputs: readonly ManifestOutput[];
  readonly counts: Readonly<Record<string, number>>;
  /** Which MISP warning lists were compiled and why. */
  readonly warninglists?: {
    readonly included: readonly string[];
    readonly excluded: readonly string[];
    readonly rule: string;
  };
}
