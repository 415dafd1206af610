/** Sector extraction: sector words and NAICS tag blocks → NAICS codes and STIX industry sectors. */
export { type ExtractedSector, extractSectors } from './extract-sectors.js';
export { compileSectorLexicon, type SectorLexicon, type SectorWord } from './sector-lexicon.js';
