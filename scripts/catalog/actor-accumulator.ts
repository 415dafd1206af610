/**
 * Per-actor accumulator used by the join (aliases with their sources, coining vendor and spellings; origins,
 * sectors, entries, relations) and the naming helpers it needs.
 */
import type {
  ActorEntry,
  ActorOrigin,
  ActorRecord,
  ActorRelation,
  ActorSector,
  ActorVictim,
  CatalogSource,
} from '../../src/core/catalog/index.js';
import { nameKey } from '../../src/core/catalog/index.js';

interface AliasAcc {
  name: string;
  sources: Set<CatalogSource>;
  vendor?: string;
  vendorSources: Set<CatalogSource>;
  variants: Set<string>;
}

/** Everything known about one actor while the join runs. */
export class ActorAcc {
  readonly aliases = new Map<string, AliasAcc>();
  readonly origins: ActorOrigin[] = [];
  readonly sectors: ActorSector[] = [];
  readonly victims: ActorVictim[] = [];
  readonly entries: ActorEntry[] = [];
  readonly related: ActorRelation[] = [];
  readonly categories: { source: CatalogSource; text: string }[] = [];
  techniques: ActorRecord['techniques'] = [];
  software: string[] = [];
  attackId?: string;
  stixId?: string;

  constructor(
    readonly id: string,
    public name: string,
    /** ATT&CK- or Microsoft-anchored. */
    readonly vetted: boolean,
  ) {}

  alias(name: string, source: CatalogSource, vendor?: string): void {
    const clean = name.trim().replace(/\s+/g, ' ');
    const key = nameKey(clean);
    if (!key) return;
    let a = this.aliases.get(key);
    if (!a) {
      a = { name: clean, sources: new Set(), vendorSources: new Set(), variants: new Set() };
      this.aliases.set(key, a);
    } else if (a.name !== clean) {
      // ATT&CK's spelling wins; other spellings are kept as variants.
      if (
        (source === 'attack' || source === 'attack-ics') &&
        !a.sources.has('attack') &&
        !a.sources.has('attack-ics')
      ) {
        a.variants.add(a.name);
        a.name = clean;
      } else a.variants.add(clean);
    }
    a.sources.add(source);
    if (vendor) {
      if (!a.vendor) a.vendor = vendor;
      if (a.vendor === vendor) a.vendorSources.add(source);
    }
  }

  hasName(key: string): boolean {
    return this.aliases.has(key);
  }

  toRecord(common: ReadonlySet<string>): ActorRecord {
    const order: readonly CatalogSource[] = [
      'attack',
      'attack-ics',
      'misp-mitre-intrusion-set',
      'microsoft',
      'misp-microsoft-activity-group',
      'misp-threat-actor',
      'spindle',
    ];
    const aliases = [...this.aliases.entries()].map(([key, a]) => {
      a.variants.delete(a.name);
      return {
        name: a.name,
        sources: order.filter((s) => a.sources.has(s)),
        ...(a.vendor
          ? { vendor: a.vendor, vendor_sources: order.filter((s) => a.vendorSources.has(s)) }
          : {}),
        ...(a.variants.size > 0 ? { variants: [...a.variants].sort() } : {}),
        ...(common.has(key) ? { common_word: true } : {}),
      };
    });
    const canonicalKey = nameKey(this.name);
    aliases.sort((x, y) => {
      if (nameKey(x.name) === canonicalKey) return -1;
      if (nameKey(y.name) === canonicalKey) return 1;
      return y.sources.length - x.sources.length || x.name.localeCompare(y.name);
    });
    return {
      id: this.id,
      name: this.name,
      ...(this.attackId ? { attack_id: this.attackId } : {}),
      ...(this.stixId ? { stix_id: this.stixId } : {}),
      aliases,
      origins: this.origins,
      sectors: this.sectors,
      victims: this.victims,
      techniques: this.techniques,
      software: this.software,
      entries: this.entries,
      related: this.related,
      ...(this.categories.length > 0 ? { categories: this.categories } : {}),
    };
  }
}

/** URL-safe lower-case slug for catalog ids (`ms:salt-typhoon`). */
export function slug(s: string): string {
  return nameKey(s.replace(/\s+/g, '-')).length > 0
    ? s
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
    : 'unnamed';
}

const ELEMENT_NAMES = new Set(
  'ACTINIUM ALUMINUM AMERICIUM ANTIMONY ARGON ARSENIC BARIUM BERKELIUM BISMUTH BOHRIUM BORON BROMINE CADMIUM CALCIUM CARBON CERIUM CESIUM CHLORINE CHROMIUM COBALT COPERNICIUM COPPER CURIUM DUBNIUM DYSPROSIUM EINSTEINIUM ERBIUM EUROPIUM FERMIUM FLUORINE FRANCIUM GADOLINIUM GALLIUM GERMANIUM GOLD HAFNIUM HASSIUM HELIUM HOLMIUM HYDROGEN INDIUM IODINE IRIDIUM IRON KRYPTON LANTHANUM LAWRENCIUM LEAD LITHIUM LUTETIUM MAGNESIUM MANGANESE MEITNERIUM MENDELEVIUM MERCURY MOLYBDENUM NEODYMIUM NEON NEPTUNIUM NICKEL NIOBIUM NITROGEN NOBELIUM OSMIUM OXYGEN PALLADIUM PHOSPHORUS PLATINUM PLUTONIUM POLONIUM POTASSIUM PRASEODYMIUM PROMETHIUM PROTACTINIUM RADIUM RADON RHENIUM RHODIUM RUBIDIUM RUTHENIUM RUTHERFORDIUM SAMARIUM SCANDIUM SEABORGIUM SELENIUM SILICON SILVER SODIUM STRONTIUM SULFUR TANTALUM TECHNETIUM TELLURIUM TERBIUM THALLIUM THORIUM THULIUM TIN TITANIUM TUNGSTEN URANIUM VANADIUM XENON YTTERBIUM YTTRIUM ZINC ZIRCONIUM'.split(
    ' ',
  ),
);

/** Microsoft's own former names in "Other names": DEV-####, Storm-#### and upper-case element names. */
export function microsoftOwnName(name: string): boolean {
  return /^(DEV|Storm)-\d{3,4}$/i.test(name) || (ELEMENT_NAMES.has(name) && name === name.toUpperCase());
}
