/**
 * STIX 2.1 (OASIS, 2021): deterministic identifiers (§2.9, RFC 8785 + UUIDv5), object builders,
 * the patterning language (§9: builder, parser, validator, IOC extraction), a bundle validator for
 * what the JSON schemas cannot express, and a bundle reader. Pure: no IO.
 */
export {
  type AttributionClaim,
  type AttributionObjects,
  type AttributionStance,
  attributionObjects,
  STANCE_OPINION,
} from './attribution.js';
export {
  iocsFromStix,
  type ParsedStixBundle,
  type ParsedStixObject,
  parseStixBundle,
  type StixIoc,
} from './bundle-reader.js';
export { type ValidateBundleOptions, validateBundle } from './bundle-validator.js';
export { canonicalizeJson, type JsonValue } from './canonical-json.js';
export {
  objectCategory,
  REF_RULES,
  REQUIRED_PROPERTIES,
  type RefTarget,
  SDO_TYPES,
  SRO_TYPES,
  WELL_KNOWN_MARKINGS,
} from './object-rules.js';
export {
  canonicalRegistryKey,
  escapePatternString,
  HASH_ALGORITHMS,
  OBSERVABLE_KINDS,
  OBSERVABLE_PATHS,
  type ObservableKind,
  objectPath,
  observableValue,
  patternFor,
  patternForAny,
  patternString,
} from './pattern-builder.js';
export { iocsFromPattern, kindOfPath, type PatternIoc, type PatternIocs } from './pattern-iocs.js';
export {
  type ComparisonNode,
  type ComparisonOperator,
  type ObjectPathNode,
  type ObservationGroup,
  type ObservationNode,
  type PatternLiteral,
  type PatternNode,
  type PropertyTest,
  parsePattern,
  type Qualifier,
} from './pattern-parser.js';
export { safeParsePattern } from './pattern-validator.js';
export { buildSco, observableFor } from './sco-builders.js';
export {
  chooseContributingHash,
  isScoType,
  SCO_ID_CONTRIBUTING_PROPERTIES,
  scoId,
  scoIdentityString,
} from './sco-identifier.js';
export {
  type AttackReference,
  attackUrl,
  type CommonOptions,
  createStixFactory,
  type NaicsReference,
  type Ref,
  refId,
  type StixFactory,
  type StixFactoryOptions,
} from './stix-factory.js';
export { compareTimestamps, formatTimestamp, isStixTimestamp } from './timestamp.js';
export type * from './types.js';
export {
  isUuid,
  randomUuidSource,
  STIX_SCO_NAMESPACE,
  seededUuidSource,
  type UuidSource,
  uuidV5,
  uuidVersion,
} from './uuid.js';
export {
  IDENTITY_CLASSES,
  INDICATOR_TYPES,
  INDUSTRY_SECTORS,
  type IndustrySector,
  OPINION_SCALE,
  REPORT_TYPES,
} from './vocabularies.js';
