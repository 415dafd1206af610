/**
 * Reference catalog (pure): actors with alias provenance and conflicts, vendor naming patterns, ATT&CK
 * techniques, software, LOLBAS facts, NAICS sectors and lexicon, countries. Data comes in as parsed JSON
 * through `CatalogInput`; `src/app/catalog` reads `data/catalog/`. Shapes and rules: docs/catalog.md.
 */

export {
  ActorIndex,
  type ActorResolution,
  type ActorSuggestion,
  type AliasIndexEntry,
  type AliasLink,
} from './actor-index.js';
export {
  CATALOG_FILES,
  CATALOG_REBUILD_HINT,
  Catalog,
  type CatalogCounts,
  type CatalogInput,
  type CatalogPart,
  checkCatalogPart,
  parseCatalog,
  safeParseCatalog,
  WARNINGLISTS_FILE,
} from './catalog.js';
export { type CountryMatch, GeoIndex, type GeoTerm } from './geo-index.js';
export { findJsonSyntaxError, type JsonSyntaxError } from './json-syntax.js';
export * from './model.js';
export { editDistance, nameKey, nameTokens } from './name-key.js';
export { type NamingPatternMatch, NamingPatternRecognizer } from './naming-patterns.js';
export { SectorIndex, type SectorResolution } from './sector-index.js';
export { SoftwareIndex } from './software-index.js';
export {
  type ActorTechniqueUse,
  countActorsPerTechnique,
  TechniqueIndex,
  type TechniqueResolution,
} from './technique-index.js';
export {
  parseWarningLists,
  safeParseWarningLists,
  type WarningList,
  type WarningListSet,
} from './warninglists.js';
