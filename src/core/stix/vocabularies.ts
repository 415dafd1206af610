/**
 * STIX 2.1 open vocabularies stormwatch fills (§10): industry sectors, identity classes, report and
 * indicator types, and the opinion scale. Open vocabularies allow other values; these are the
 * spec's suggested ones.
 */

/**
 * §10.17 industry-sector-ov, as the OASIS STIX 2.1 JSON schema (`sdos/identity.json`) enumerates it. The spec text
 * spells a few values differently (`government-emergency-services`, `infrastructure-dams`…); we emit the schema's
 * values so every bundle validates against the official schemas.
 */
export const INDUSTRY_SECTORS = [
  'agriculture',
  'aerospace',
  'automotive',
  'chemical',
  'commercial',
  'communications',
  'construction',
  'defense',
  'education',
  'energy',
  'engineering',
  'entertainment',
  'financial-services',
  'government',
  'emergency-services',
  'government-local',
  'government-national',
  'government-public-services',
  'government-regional',
  'healthcare',
  'hospitality-leisure',
  'infrastructure',
  'dams',
  'nuclear',
  'water',
  'insurance',
  'manufacturing',
  'mining',
  'non-profit',
  'pharmaceuticals',
  'retail',
  'technology',
  'telecommunications',
  'transportation',
  'utilities',
] as const;

export type IndustrySector = (typeof INDUSTRY_SECTORS)[number];

/** §10.10 identity-class-ov. */
export const IDENTITY_CLASSES = [
  'individual',
  'group',
  'system',
  'organization',
  'class',
  'unknown',
] as const;

/** §10.24 report-type-ov. */
export const REPORT_TYPES = [
  'attack-pattern',
  'campaign',
  'identity',
  'indicator',
  'intrusion-set',
  'malware',
  'observed-data',
  'threat-actor',
  'threat-report',
  'tool',
  'vulnerability',
] as const;

/** §10.12 indicator-type-ov. */
export const INDICATOR_TYPES = [
  'anomalous-activity',
  'anonymization',
  'benign',
  'compromised',
  'malicious-activity',
  'attribution',
  'unknown',
] as const;

/** §4.12 opinion-enum, from most negative to most positive. */
export const OPINION_SCALE = ['strongly-disagree', 'disagree', 'neutral', 'agree', 'strongly-agree'] as const;
