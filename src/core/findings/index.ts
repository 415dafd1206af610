/**
 * Findings (pure): what a hunt reports — Sigma matches, correlations and IOC hits — with levels, ATT&CK
 * techniques from tags, timeline ordering and incremental summaries by level, technique and host.
 */
export {
  type CorrelationDetail,
  compareFindings,
  type EventIdentity,
  eventIdentity,
  FINDING_LEVELS,
  type Finding,
  type FindingKind,
  type FindingLevel,
  type IocDetail,
  isFindingLevel,
  levelRank,
  type MatchedDetail,
  type MatchedField,
  parseFindingLevel,
  techniquesFromTags,
} from './finding.js';
export {
  FindingSummarizer,
  type FindingSummary,
  summarizeFindings,
  type TechniqueObservation,
} from './summary.js';
