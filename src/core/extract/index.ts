/** Threat-report extraction (pure): indicators now; actors, claims, sectors and techniques join here. */

export * from './actors/index.js';
export * from './claims/index.js';
export * from './document/index.js';
export {
  type CatalogViews,
  compileExtractionLexicons,
  type ExtractionLexicons,
  type ExtractionResult,
  type ExtractReportOptions,
  extractReport,
  type ResultIndicator,
} from './extract-report.js';
export * from './geo/index.js';
export * from './indicators/index.js';
export * from './sectors/index.js';
export { type StixBundleOptions, toStixBundle } from './stix-bundle.js';
export * from './techniques/index.js';
export * from './text/index.js';
