/**
 * MISP threat-actor `name-attribution` entries are `"<name>:<uuid>"`, the uuid standing for the organisation
 * that coined the name; the galaxy does not ship the uuid → organisation table. This reviewed table (our own
 * data) names the organisation for the uuids whose meaning is clear: checked against MISP's `origin:<name>`
 * fields where they exist (e.g. 107 Microsoft, 88 Mandiant, 73 Secureworks) and otherwise against the
 * vendors' well-known naming schemes of the names carrying the uuid. Unknown uuids give no vendor.
 */
export const MISP_NAME_ATTRIBUTION_VENDORS: Readonly<Record<string, { vendor: string; evidence: string }>> = {
  'd0c33595-b684-45ef-91c3-e2f5ce1a8191': {
    vendor: 'Microsoft',
    evidence: 'origin:* = Microsoft on 107 names; Typhoon/Blizzard/Storm-#### names',
  },
  'f9eb432f-2293-48b7-bca4-cc78beb50df0': {
    vendor: 'CrowdStrike',
    evidence: 'Panda/Bear/Kitten/Spider names',
  },
  'da5cdcd1-7b15-4371-b7eb-ca32916d2052': {
    vendor: 'Mandiant',
    evidence: 'origin:* = Mandiant on 88 names; APT##/UNC#### names',
  },
  'a7119872-bc6b-494b-9f7a-8c50faaf53a9': {
    vendor: 'Secureworks',
    evidence: 'origin:* = Secureworks on 73 names; BRONZE/IRON/GOLD names, TG-####',
  },
  'a1ad5090-2487-46d2-8237-6151a2dd5063': { vendor: 'MITRE', evidence: 'G#### ATT&CK ids' },
  'cae79680-67a6-4411-903c-f824dbcc813f': {
    vendor: 'Proofpoint',
    evidence: 'origin:* = Proofpoint on 13 names; TA### names',
  },
  'e9491d3b-2174-47d6-8a15-ecec552d16ae': {
    vendor: 'Palo Alto Networks Unit 42',
    evidence: 'Taurus/Ursa constellation names',
  },
  '0d4886f9-97e1-4cb2-8822-580fd09540e5': {
    vendor: 'Kaspersky',
    evidence: 'Naikon, Hellsing, Lucky Mouse, GhostEmperor names',
  },
  '3ac8f6fc-9c04-4ebd-bda2-788cc02fe4ed': {
    vendor: 'Trend Micro',
    evidence: 'origin:* = Trend Micro on 23 names; Earth * names',
  },
  '0adf6f0f-3795-4de1-9763-1bdd1c31a5d7': {
    vendor: 'Cisco Talos',
    evidence: 'UAT-#### names, Sea Turtle, YoroTrooper',
  },
  '3a43aca5-6366-4168-b182-a8afec4550b5': {
    vendor: 'ESET',
    evidence: 'TeleBots, Sednit, GreyEnergy, FamousSparrow names',
  },
  'ad7032df-0e9a-4ea9-b35c-c68ff854be80': {
    vendor: 'Recorded Future',
    evidence: 'TAG-## and Red*/Blue* names',
  },
  'e583434b-7fb8-42c8-90ce-89aa8ed35f0c': {
    vendor: 'Symantec',
    evidence: 'insect names (Butterfly, Shuckworm, Cicada)',
  },
  '0904b30c-a86b-402b-9a14-87bbc44648aa': {
    vendor: 'Symantec',
    evidence: 'Waterbug, Dragonfly, Black Vine names',
  },
  'adb3369a-5683-46b2-bceb-4dafa6526b21': {
    vendor: 'Check Point',
    evidence: 'Moses Staff, HummingBad names',
  },
  '996c48de-7bb8-414d-b6fe-ec94abb5f461': {
    vendor: 'SentinelOne',
    evidence: 'ModifiedElephant, Aoqin Dragon names',
  },
  '21afba9e-cd2a-45c9-b421-b1f14fd181e9': {
    vendor: 'Group-IB',
    evidence: 'OldGremlin, OPERA1ER, MoneyTaker names',
  },
  'e4ed3168-7830-490f-9eed-d1b3ef2daccd': {
    vendor: 'Dragos',
    evidence: 'mineral names (Voltzite, Xenotime, Allanite)',
  },
  'b8ca0932-c4cb-45c0-b7b1-88b9685ba24b': {
    vendor: 'McAfee',
    evidence: 'Operation Sharpshooter/GhostSecret/Troy names',
  },
  '9f2ba728-8b29-48f9-badf-4f4cefb929f0': {
    vendor: 'PwC',
    evidence: 'colour + mythology names (Red Lamassu, Blue Callisto)',
  },
  'c2f76813-f24c-450e-abfd-0db4495ab68e': {
    vendor: 'Volexity',
    evidence: 'CharmingCypress, InkySquid, BrazenBamboo names',
  },
  '58d7efca-402a-4b36-9178-dc14e52f12e5': { vendor: 'Elastic Security Labs', evidence: 'REF#### names' },
};
