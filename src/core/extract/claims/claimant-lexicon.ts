/**
 * Who can make an attribution claim: government bodies, CERTs, security vendors and news outlets that threat
 * reports quote, each with the country it speaks for (vendors and outlets have none), and the head nouns of
 * descriptive claimants ("US officials", "China's Foreign Ministry", "Chinese experts"). A general lexicon of
 * institutions, not of report sentences.
 */
import { PhraseMatcher } from '../text/index.js';

/** A known claimant. */
export interface ClaimantEntry {
  readonly name: string;
  /** ISO2 of the state the body speaks for; absent for vendors, media, alliances. */
  readonly country?: string;
  readonly kind: 'government' | 'cert' | 'vendor' | 'media' | 'alliance';
}

const US = 'US';
const CN = 'CN';
const BODIES: readonly (readonly [string, ClaimantEntry])[] = [
  ...[
    'FBI', 'Federal Bureau of Investigation', 'CISA', 'Cybersecurity and Infrastructure Security Agency', 'NSA',
    'National Security Agency', 'DOJ', 'Justice Department', 'Department of Justice', 'White House', 'Pentagon',
    'State Department', 'Department of State', 'Treasury Department', 'Department of the Treasury', 'DHS',
    'Department of Homeland Security', 'Cyber Command', 'ODNI', 'Office of the Director of National Intelligence',
    'Secret Service', 'FCC', 'Department of Defense', 'DoD', 'US-CERT', 'Congress', 'Senate', 'US Cyber Command',
    'National Cyber Director', 'US Attorney', 'U.S. Attorney',
  ].map((n) => [n, { name: n, country: US, kind: 'government' }] as const),
  ...['NCSC', 'National Cyber Security Centre', 'GCHQ', 'Foreign Office', 'Foreign, Commonwealth and Development Office'].map(
    (n) => [n, { name: n, country: 'GB', kind: 'government' }] as const,
  ),
  ...['ASD', 'Australian Signals Directorate', 'ACSC', 'Australian Cyber Security Centre'].map(
    (n) => [n, { name: n, country: 'AU', kind: 'government' }] as const,
  ),
  ...['Canadian Centre for Cyber Security', 'Communications Security Establishment'].map(
    (n) => [n, { name: n, country: 'CA', kind: 'government' }] as const,
  ),
  ...['BSI', 'Bundesamt für Sicherheit in der Informationstechnik', 'BfV'].map((n) => [n, { name: n, country: 'DE', kind: 'government' }] as const),
  ...['ANSSI'].map((n) => [n, { name: n, country: 'FR', kind: 'government' }] as const),
  ...[
    'CNCERT', 'CNCERT/CC', 'CVERC', 'National Computer Virus Emergency Response Center', 'National Computer Network Emergency Response Technical Team',
    'National Response Center to Computer Viruses', 'National Engineering Laboratory for Computer Virus Prevention Technology',
  ].map((n) => [n, { name: n, country: CN, kind: 'cert' }] as const),
  ...['Chinese Embassy', 'Chinese Foreign Ministry', 'Cyberspace Administration of China', 'Ministry of State Security', 'Xinhua', 'CGTN', 'Global Times', 'China Media Group', '360 Digital Security Group', 'Qihoo 360'].map(
    (n) => [n, { name: n, country: CN, kind: 'government' }] as const,
  ),
  ...['Kremlin', 'TASS', 'RIA Novosti'].map((n) => [n, { name: n, country: 'RU', kind: 'government' }] as const),
  ...['KCNA'].map((n) => [n, { name: n, country: 'KP', kind: 'government' }] as const),
  ...['Five Eyes', 'NATO', 'European Union', 'EU', 'United Nations', 'UN Security Council'].map(
    (n) => [n, { name: n, kind: 'alliance' }] as const,
  ),
  ...[
    'Microsoft', 'Microsoft Threat Intelligence', 'Google', 'Google Threat Intelligence Group', 'Mandiant', 'CrowdStrike',
    'Palo Alto Networks', 'Unit 42', 'Secureworks', 'Symantec', 'Broadcom', 'Kaspersky', 'ESET', 'Trend Micro',
    'Recorded Future', 'Proofpoint', 'Cisco Talos', 'Talos', 'Check Point', 'SentinelOne', 'SentinelLabs', 'Sophos',
    'Fortinet', 'FireEye', 'Dragos', 'Black Lotus Labs', 'Lumen', 'Volexity', 'Zscaler', 'Trellix', 'McAfee',
    'IBM X-Force', 'X-Force', 'Bitdefender', 'Positive Technologies', 'Group-IB', 'Elastic', 'Cybereason', 'Cloudflare',
    'Chainalysis', 'Elliptic', 'TRM Labs', 'Microsoft Threat Intelligence Center', 'MSTIC', 'Google TAG', 'Threat Analysis Group',
  ].map((n) => [n, { name: n, kind: 'vendor' }] as const),
  ...[
    'Reuters', 'Wall Street Journal', 'WSJ', 'New York Times', 'Washington Post', 'Bloomberg', 'Associated Press',
    'BBC', 'CNN', 'The Record', 'Financial Times', 'Politico', 'CyberScoop', 'BleepingComputer', 'The Guardian',
    'NBC News', 'CBS News', 'ABC News', 'Axios', 'Wired', 'Ars Technica', 'TechCrunch', 'The Register',
  ].map((n) => [n, { name: n, kind: 'media' }] as const),
];

/** Head nouns of descriptive claimants ("US officials", "the Chinese government", "China's Foreign Ministry"). */
export const CLAIMANT_HEADS = new Set([
  'officials', 'official', 'government', 'authorities', 'ministry', 'spokesperson', 'spokesman', 'spokeswoman',
  'embassy', 'investigators', 'researchers', 'experts', 'agencies', 'agency', 'intelligence', 'prosecutors',
  'lawmakers', 'diplomats', 'administration', 'delegation', 'department', 'center', 'centre', 'office', 'bureau',
  'institute', 'laboratory', 'council', 'committee', 'commission', 'analysts', 'security', 'sources', 'regime',
  'state', 'countries', 'allies', 'partners', 'report', 'advisory', 'alert', 'statement',
]);

/** The compiled lexicon of named bodies. */
export function compileClaimantLexicon(): PhraseMatcher<ClaimantEntry> {
  return new PhraseMatcher(BODIES, { maxGap: 3 });
}
