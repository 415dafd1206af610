/**
 * Sector lexicon compiled once per catalog: the catalog's sector words (→ NAICS codes, STIX
 * `industry-sector-ov`), plural forms, a few common report phrasings the catalog lacks, and for each word the
 * one NAICS code to report (the catalog lists every code a word may mean; a report names one sector).
 * Single ordinary words ("water", "power", "news", "government") need sector context to count.
 */
import type { Catalog, SectorIndex, SectorTerm } from '../../catalog/index.js';
import { PhraseMatcher } from '../text/index.js';

/** A compiled sector word. */
export interface SectorWord {
  readonly term: string;
  /** The NAICS code reported for this word; null when the word names no one sector ("critical infrastructure"). */
  readonly naics: string | null;
  readonly stix: readonly string[];
  /** Needs sector context (a sector noun or a list ending in one). */
  readonly weak: boolean;
}

/** Report phrasings the catalog lexicon lacks (word → NAICS, STIX). */
const EXTRA: readonly (readonly [string, string | null, readonly string[]])[] = [
  ['seaport', '4883', ['transportation']],
  ['seaports', '4883', ['transportation']],
  ['internet provider', '517', ['telecommunications']],
  ['internet providers', '517', ['telecommunications']],
  ['internet service providers', '517', ['telecommunications']],
  ['telecommunications companies', '517', ['telecommunications']],
  ['nongovernmental organization', '813', ['non-profit']],
  ['non-governmental organization', '813', ['non-profit']],
  ['restaurant', '7225', ['hospitality-leisure']],
  ['restaurants', '7225', ['hospitality-leisure']],
  ['casual dining', '7225', ['hospitality-leisure']],
  ['fast-food', '7225', ['hospitality-leisure']],
  ['hotels', '7211', ['hospitality-leisure']],
  ['casinos', '7132', ['hospitality-leisure']],
  ['point-of-sale', '44-45', ['retail']],
  ['blockchain', '523', ['financial-services']],
  ['crypto', '523', ['financial-services']],
  ['cryptocurrency companies', '523', ['financial-services']],
  ['higher education', '611310', ['education']],
  ['k-12', '6111', ['education']],
  ['educational institutions', '61', ['education']],
  ['schools', '6111', ['education']],
  ['hospitals', '622', ['healthcare']],
  ['critical infrastructure', null, ['infrastructure']],
  ['infrastructure', null, ['infrastructure']],
  ['law enforcement', '922', ['emergency-services', 'government']],
  ['court', '922', ['government']],
  ['wiretap', '922', ['government']],
];

/** The code reported for a multi-code catalog word (the sector the word usually names in reports). */
const PRIMARY: Readonly<Record<string, string | null>> = {
  energy: '221',
  'energy sector': '221',
  'critical infrastructure': null,
  infrastructure: null,
  industrial: '31-33',
  communications: '517',
  'communications sector': '517',
  'information technology': '51',
  technology: '51',
  'high tech': '51',
  'oil and gas': '211',
  oil: '211',
  'natural gas': '2212',
  defense: '928110',
  defence: '928110',
  media: '516',
  broadcasting: '516',
  'commercial facilities': '531120',
  tourism: '721',
  hospitality: '721',
  'food and agriculture': '11',
  'healthcare and public health': '62',
  'nuclear reactors, materials, and waste': '221113',
  'federal government': '921',
  'national government': '921',
  'it sector': '5415',
  electronics: '334',
  pharmaceutical: '325412',
  research: '5417',
  gaming: '713210',
};

/** Single words too common to count without sector context. */
const WEAK = new Set([
  'water',
  'power',
  'electric',
  'news',
  'media',
  'food',
  'health',
  'research',
  'school',
  'space',
  'port',
  'ports',
  'cloud',
  'software',
  'technology',
  'military',
  'election',
  'elections',
  'government',
  'financial',
  'finance',
  'oil',
  'industrial',
  'travel',
  'gaming',
  'infrastructure',
  'hosting',
  'investment',
  'payment',
  'wireless',
  'satellite',
  'legal',
  'consulting',
  'engineering',
  'transport',
  'shipping',
  'entertainment',
  'religious',
  'municipal',
  'diplomatic',
  'academic',
  'defense',
  'defence',
  'energy',
  'banking',
  'bank',
  'court',
  'wiretap',
  'crypto',
  'metals',
  'steel',
  'mining',
  'rail',
  'pipeline',
  'solar',
  'hotel',
  'casino',
  'university',
  'harbor',
  'airline',
  'airport',
  'insurance',
  'retail',
  'logistics',
  'chemical',
  'chemicals',
  'aviation',
  'nuclear',
  'advertising',
  'marketing',
  'msp',
  'managed service provider',
  'data center',
  'it services',
  'accounting',
  'real estate',
  'tourism',
]);

/** Single words distinctive enough to name a sector without context. */
const STRONG = new Set([
  'telecommunications',
  'telecommunication',
  'telecom',
  'telecoms',
  'telco',
  'healthcare',
  'manufacturing',
  'education',
  'construction',
  'utilities',
  'utility',
  'hospitals',
  'casinos',
  'hotels',
  'restaurants',
  'pharmaceutical',
  'pharmaceuticals',
  'aerospace',
  'automotive',
  'semiconductor',
  'petrochemical',
  'shipbuilding',
  'agriculture',
  'biotechnology',
  'fintech',
  'cryptocurrency',
  'blockchain',
  'maritime',
  'seaports',
  'academia',
  'ngo',
  'ngos',
  'nonprofit',
  'non-profit',
  'dib',
  'isp',
  'isps',
  'msp',
  'msps',
  'e-commerce',
  'k-12',
]);

export interface SectorLexicon {
  readonly matcher: PhraseMatcher<SectorWord>;
  readonly index: SectorIndex;
}

/** The plural of the last word ("utility" → "utilities", "hotel" → "hotels"). */
function plural(tokens: readonly string[]): string[][] {
  const last = tokens[tokens.length - 1] ?? '';
  const head = tokens.slice(0, -1);
  if (/\d$/.test(last) || last.endsWith('s')) return [];
  if (/[^aeiou]y$/.test(last)) return [[...head, `${last.slice(0, -1)}ies`]];
  return [[...head, `${last}s`]];
}

/** Compiles the sector lexicon from the catalog. */
export function compileSectorLexicon(catalog: Catalog): SectorLexicon {
  const index = catalog.sectors();
  const pairs: [string, SectorWord][] = [];
  const word = (t: SectorTerm): SectorWord => {
    const k = t.term.toLowerCase();
    const naics = k in PRIMARY ? (PRIMARY[k] ?? null) : (t.naics[0] ?? null);
    return { term: t.term, naics, stix: t.stix, weak: WEAK.has(k) || (!/\s/.test(k) && !STRONG.has(k)) };
  };
  for (const t of index.lexicon) pairs.push([t.term, word(t)]);
  // Any other single ordinary word is weak too (the catalog lexicon grows; distinctive sector words are listed).
  for (const [term, naics, stix] of EXTRA)
    pairs.push([term, { term, naics, stix, weak: WEAK.has(term) || term === 'infrastructure' }]);
  const matcher = new PhraseMatcher(pairs, { maxGap: 3, variants: plural });
  return { matcher, index };
}
