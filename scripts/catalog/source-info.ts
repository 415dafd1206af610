/**
 * What MANIFEST.json says about each source: upstream, commit, licence and the attribution it requires.
 * Commits are those recorded in ../shared/data/SOURCES.md; versions are read from the files where they carry
 * one (ATT&CK collection version, MISP cluster `version`).
 */

export interface SourceInfo {
  readonly name: string;
  /** Data date or version where the file itself does not carry one. */
  readonly version?: string;
  readonly commit?: string;
  readonly licence: string;
  readonly attribution: string;
}

const MISP_GALAXY: Omit<SourceInfo, 'name'> = {
  commit: '9434ace4eb925c9a1c9b3bccf014a25f9d14f0b0',
  licence: 'CC0-1.0 OR BSD-2-Clause',
  attribution:
    'MISP galaxy (https://github.com/MISP/misp-galaxy), CC0 1.0 / BSD-2-Clause; cluster authors as listed in each file.',
};

/** Keyed by the path under ../shared/data. */
export const SOURCE_INFO: Readonly<Record<string, SourceInfo>> = {
  'attack/enterprise-attack.json': {
    name: 'MITRE ATT&CK Enterprise (rebuilt STIX 2.1 bundle from mitre/cti)',
    commit: '421deacb77191b38bdd1bf63268954e93da91365',
    licence: 'ATT&CK Terms of Use',
    attribution:
      '© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation. ATT&CK® is a registered trademark of The MITRE Corporation.',
  },
  'attack/ics-attack.json': {
    name: 'MITRE ATT&CK for ICS (mitre-attack/attack-stix-data)',
    commit: '7ad8a86f41edc91dd37de0487b0c2f44ae3a3af7',
    licence: 'ATT&CK Terms of Use',
    attribution:
      '© The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation. ATT&CK® is a registered trademark of The MITRE Corporation.',
  },
  'attack/index.json': {
    name: 'MITRE ATT&CK collection index',
    commit: '7ad8a86f41edc91dd37de0487b0c2f44ae3a3af7',
    licence: 'ATT&CK Terms of Use',
    attribution: '© The MITRE Corporation.',
  },
  'misp-galaxy/clusters/threat-actor.json': { name: 'MISP galaxy threat-actor', ...MISP_GALAXY },
  'misp-galaxy/clusters/mitre-intrusion-set.json': {
    name: 'MISP galaxy mitre-intrusion-set',
    ...MISP_GALAXY,
  },
  'misp-galaxy/clusters/microsoft-activity-group.json': {
    name: 'MISP galaxy microsoft-activity-group',
    ...MISP_GALAXY,
  },
  'misp-galaxy/clusters/country.json': { name: 'MISP galaxy country (geonames.org data)', ...MISP_GALAXY },
  'misp-galaxy/clusters/sector.json': {
    name: 'MISP galaxy sector (vocabulary of targeted-sector; used to measure lexicon coverage)',
    ...MISP_GALAXY,
  },
  'misp-galaxy/clusters/naics.json': {
    name: 'MISP galaxy naics (cross-check of the NAICS codes and titles)',
    ...MISP_GALAXY,
  },
  'misp-galaxy/clusters/tool.json': { name: 'MISP galaxy tool', ...MISP_GALAXY },
  'misp-galaxy/clusters/malpedia.json': {
    name: 'MISP galaxy malpedia',
    ...MISP_GALAXY,
    attribution: `${MISP_GALAXY.attribution} Malpedia (Fraunhofer FKIE).`,
  },
  'misp-galaxy/clusters/ransomware.json': { name: 'MISP galaxy ransomware', ...MISP_GALAXY },
  'misp-galaxy/clusters/rmm-tool.json': {
    name: 'MISP galaxy rmm-tool',
    ...MISP_GALAXY,
    attribution: `${MISP_GALAXY.attribution} LOLRMM contributors (https://lolrmm.io).`,
  },
  'actor-naming/microsoft-mstic/MicrosoftMapping.json': {
    name: 'Microsoft threat actor naming mapping (microsoft/mstic)',
    version: 'mapping of 2026-07-17',
    commit: 'dd056e0eab28d73e6c793a12993f1482e4693cbd',
    licence: 'CC-BY-4.0',
    attribution:
      'Threat actor naming mapping © Microsoft Corporation, from https://github.com/microsoft/mstic (PublicFeeds/ThreatActorNaming), licensed CC BY 4.0; names reorganised per actor.',
  },
  'actor-naming/spindle/cta_names_mappings.json': {
    name: 'Spindle cross-vendor alias map (Arachne Digital)',
    version: 'snapshot of 2025-11-05',
    commit: 'fb0b477003e29b5a32bbd01a5b99336e395c68f4',
    licence: 'CC-BY-SA-4.0',
    attribution:
      'Spindle by Arachne Digital (https://github.com/arachne-threat-intel/spindle), CC BY-SA 4.0. data/catalog/spindle/ is an adaptation, shared under CC BY-SA 4.0.',
  },
  'actor-naming/naming-conventions.json': {
    name: 'Vendor naming conventions summary (written for stormwatch; cites vendor pages)',
    licence: 'facts (no licence); cite the sources named in the file',
    attribution:
      'Microsoft, CrowdStrike, Mandiant, Unit 42, Secureworks, Recorded Future, Proofpoint, Talos, CERT-UA, Qihoo 360, MITRE naming schemes as published by those vendors.',
  },
  'naics/naics-2022-codes.json': {
    name: 'NAICS 2022 codes (US Census Bureau, converted in shared/data)',
    licence: 'Public domain (US Government work)',
    attribution: 'North American Industry Classification System 2022, U.S. Census Bureau.',
  },
  'lolbas/yml': {
    name: 'LOLBAS project (facts only: binary names and ATT&CK ids)',
    version: 'snapshot of 2026-07-31',
    commit: '3403b338875b8a99a0cd7ba4ced5086e8d310bf7',
    licence: 'GPL-3.0 (source); only uncopyrightable facts compiled',
    attribution: 'LOLBAS Project (https://github.com/LOLBAS-Project/LOLBAS).',
  },
  'misp-warninglists/lists': {
    name: 'MISP warninglists',
    version: 'snapshot of 2026-08-20',
    commit: '84f0610aaf3b32159285c9b85510d0f415ea6b27',
    licence: 'CC0-1.0',
    attribution: 'MISP warninglists (https://github.com/MISP/misp-warninglists), CC0 1.0.',
  },
};
