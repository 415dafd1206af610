/**
 * NAICS 2022 tree (from naics/naics-2022-codes.json) and the sector lexicon, checked against each other and
 * against the STIX industry-sector-ov vocabulary.
 */
import type { NaicsCode, SectorsFile, SectorTerm } from '../../src/core/catalog/index.js';
import { nameKey } from '../../src/core/catalog/index.js';
import { CISA_SECTORS, NAICS_SECTOR_STIX, SECTOR_LEXICON, STIX_INDUSTRY_SECTORS } from './sector-lexicon.js';
import { type JsonCursor, sourceError } from './source-reader.js';

/** Builds sectors.json; throws `catalog.source` naming the lexicon row when a code or STIX value is unknown. */
export function buildSectors(naicsFile: JsonCursor): Omit<SectorsFile, 'format'> {
  const naics: NaicsCode[] = [];
  for (const row of naicsFile.arr()) {
    const level = row.get('level').num();
    row.require(level >= 2 && level <= 6 && Number.isInteger(level), `level ${level} is not 2–6`);
    const parent = row.get('parent').optStr();
    naics.push({
      code: row.get('code').str(),
      title: row.get('title').str(),
      level: level as NaicsCode['level'],
      ...(parent ? { parent } : {}),
      sector: row.get('sector').str(),
    });
  }
  const codes = new Set(naics.map((c) => c.code));
  for (const c of naics)
    if (c.parent && !codes.has(c.parent))
      throw sourceError(naicsFile.file, undefined, `code ${c.code} has unknown parent ${c.parent}`);
  const stix = new Set(STIX_INDUSTRY_SECTORS);
  const lexicon: SectorTerm[] = SECTOR_LEXICON.map((t, i) => {
    for (const c of t.naics)
      if (!codes.has(c))
        throw sourceError(
          'scripts/catalog/sector-lexicon.ts',
          `ROWS[${i}]`,
          `"${t.term}": unknown NAICS code ${c}`,
        );
    for (const s of t.stix)
      if (!stix.has(s))
        throw sourceError(
          'scripts/catalog/sector-lexicon.ts',
          `ROWS[${i}]`,
          `"${t.term}": unknown STIX value ${s}`,
        );
    return t;
  });
  return { naics, lexicon, stix_industry_sectors: STIX_INDUSTRY_SECTORS, cisa_sectors: CISA_SECTORS };
}

/** Normaliser for free-text sector words from MISP: lexicon term, else a NAICS title match at 2 digits. */
export function sectorNormaliser(
  built: Omit<SectorsFile, 'format'>,
): (text: string) => { naics: readonly string[]; stix: readonly string[] } | undefined {
  const terms = new Map(built.lexicon.map((t) => [nameKey(t.term), t]));
  const sectorTitles = new Map(
    built.naics.filter((c) => c.level === 2).map((c) => [nameKey(c.title), c.code]),
  );
  const extra: Readonly<Record<string, string>> = {
    governmentadministration: 'government',
    telecoms: 'telecommunications',
    itisp: 'isp',
    it: 'information technology',
    hightech: 'high tech',
    newsmedia: 'media',
    academiauniversity: 'university',
    thinktanks: 'think tank',
    ngos: 'ngo',
    nonprofitorganisation: 'non-profit',
    electric: 'electricity',
    oil: 'oil',
    gas: 'natural gas',
    pharmacy: 'pharmaceutical',
    policelawenforcement: 'law enforcement',
    electronic: 'electronics',
    game: 'gaming',
    researchinnovation: 'research',
    logistic: 'logistics',
    managedservicesprovider: 'managed service provider',
    lawyers: 'lawyer',
    itsecurity: 'cybersecurity',
    ithacker: 'cybersecurity',
    securityactors: 'cybersecurity',
    islamicforums: 'religious organization',
    islamicorganisation: 'religious organization',
    religiousorganizations: 'religious organization',
    telecomms: 'telecommunications',
    medical: 'healthcare',
    universities: 'university',
    scientificresearch: 'research',
    semiconductorindustry: 'semiconductor',
    electronicsmanufacturers: 'electronics',
    gamblingcompanies: 'casino',
    gamblingwebsites: 'casino',
    mediaandentertainment: 'media',
    civilengineering: 'engineering',
    energycompany: 'energy',
    intergovernmental: 'diplomacy',
  };
  return (text) => {
    const k = nameKey(text);
    const alias = extra[k];
    const t =
      terms.get(alias !== undefined ? nameKey(alias) : k) ??
      (k.endsWith('s') ? terms.get(k.slice(0, -1)) : undefined);
    if (t) return { naics: t.naics, stix: t.stix };
    const code = sectorTitles.get(k);
    if (code) return { naics: [code], stix: NAICS_SECTOR_STIX[code] ?? [] };
    return undefined;
  };
}

/**
 * Cross-checks the NAICS file against MISP's `naics` galaxy (same codes and titles, per SOURCES.md); a
 * difference stops the build at the galaxy value that differs.
 */
export function crossCheckNaics(built: Omit<SectorsFile, 'format'>, mispNaics: JsonCursor): number {
  const titles = new Map(built.naics.map((c) => [c.code, c.title]));
  const values = mispNaics.get('values').arr();
  for (const v of values) {
    const code = v.get('value').str();
    const title = v.get('description').str().trim();
    if (titles.get(code) !== title)
      v.get('description').require(
        false,
        `NAICS ${code}: MISP says "${title}", naics-2022-codes.json says "${titles.get(code) ?? '(missing)'}"`,
      );
  }
  if (values.length !== titles.size)
    throw sourceError(
      mispNaics.file,
      '$.values',
      `${values.length} codes, naics-2022-codes.json has ${titles.size}`,
    );
  return values.length;
}

/** How many values of MISP's `sector` galaxy (the vocabulary of threat-actor `targeted-sector`) normalise. */
export function sectorVocabularyCoverage(
  normalise: (text: string) => unknown,
  mispSector: JsonCursor,
): { mapped: number; total: number } {
  const values = mispSector
    .get('values')
    .arr()
    .map((v) => v.get('value').str());
  return { mapped: values.filter((v) => normalise(v) !== undefined).length, total: values.length };
}
