/**
 * Country lexicon compiled once per catalog: country names, demonyms and state designations ("PRC",
 * "Kremlin", "Chinese government") in one phrase matcher, plus region phrases ("North America", "Western
 * countries") that must win over the country word they contain.
 */
import type { Catalog, Country } from '../../catalog/index.js';
import { PhraseMatcher } from '../text/index.js';

/** What a geo word means. */
export interface GeoEntry {
  /** ISO2; empty for regions. */
  readonly iso2: string;
  readonly kind: 'name' | 'demonym' | 'designation' | 'region';
  /** Territories: the sovereign state (`GU` → `US`). */
  readonly sovereign?: string;
  /** The catalog's spelling (for case checks). */
  readonly term: string;
}

/** Regions that contain a country word but are not that country. */
const REGIONS = [
  'North America',
  'South America',
  'Latin America',
  'Central America',
  'Americas',
  'the West',
  'Western countries',
  'Western nations',
  'Western Europe',
  'Eastern Europe',
  'Europe',
  'European Union',
  'Asia',
  'Asia Pacific',
  'Southeast Asia',
  'East Asia',
  'South Asia',
  'Central Asia',
  'Middle East',
  'Africa',
  'North Africa',
  'Sub-Saharan Africa',
  'Oceania',
  'Korean Peninsula',
  'South China Sea',
  'Taiwan Strait',
  'Five Eyes',
  'NATO',
  'Western Washington',
  'Eastern Washington',
  'New Mexico',
  'New England',
  'Indo-Pacific',
];

export interface GeoLexicon {
  readonly matcher: PhraseMatcher<GeoEntry>;
  country(iso2: string): Country | undefined;
  /** Display name: the catalog name, with "United States" for the US (the name reports use). */
  displayName(iso2: string): string;
}

/** Compiles the geo lexicon from the catalog. */
export function compileGeoLexicon(catalog: Catalog): GeoLexicon {
  const geo = catalog.geo();
  const pairs: [string, GeoEntry][] = [];
  for (const t of geo.terms()) {
    pairs.push([
      t.term,
      { iso2: t.iso2, kind: t.kind, term: t.term, ...(t.sovereign ? { sovereign: t.sovereign } : {}) },
    ]);
  }
  for (const r of REGIONS) pairs.push([r, { iso2: '', kind: 'region', term: r }]);
  const matcher = new PhraseMatcher(pairs, { maxGap: 2 });
  return {
    matcher,
    country: (iso2) => geo.get(iso2),
    displayName(iso2) {
      const c = geo.get(iso2);
      if (!c) return iso2;
      const short = c.names.find(
        (n) => n.length < c.name.length && /^\p{Lu}/u.test(n) && !/[.()]/.test(n) && n.includes(' '),
      );
      return iso2 === 'US' ? 'United States' : c.name.length > 24 && short ? short : c.name;
    },
  };
}
