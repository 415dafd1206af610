/**
 * Plain-definition registries for what STIX 2.1 JSON schemas cannot check: which object types a
 * `*_ref`/`*_refs` property may point to (§3–§6 property tables), the required properties of each
 * type (§4–§7), and the well-known TLP marking definitions a bundle may reference without carrying.
 */
import { isScoType } from './sco-identifier.js';

/** STIX 2.1 SDO types (§4). */
export const SDO_TYPES: ReadonlySet<string> = new Set([
  'attack-pattern',
  'campaign',
  'course-of-action',
  'grouping',
  'identity',
  'incident',
  'indicator',
  'infrastructure',
  'intrusion-set',
  'location',
  'malware',
  'malware-analysis',
  'note',
  'observed-data',
  'opinion',
  'report',
  'threat-actor',
  'tool',
  'vulnerability',
]);

/** STIX 2.1 SRO types (§5). */
export const SRO_TYPES: ReadonlySet<string> = new Set(['relationship', 'sighting']);

/** STIX 2.1 meta object types (§7). */
export const SMO_TYPES: ReadonlySet<string> = new Set([
  'marking-definition',
  'language-content',
  'extension-definition',
]);

/** Which kind of STIX object a type is. Custom types (`x-…`) count as SDOs unless they look like SCOs. */
export function objectCategory(type: string): 'sdo' | 'sro' | 'sco' | 'smo' | 'custom' {
  if (SDO_TYPES.has(type)) return 'sdo';
  if (SRO_TYPES.has(type)) return 'sro';
  if (isScoType(type)) return 'sco';
  if (SMO_TYPES.has(type)) return 'smo';
  return 'custom';
}

/** Allowed target categories or types of a reference property. */
export type RefTarget = 'any' | 'sdo' | 'sco' | 'sdo-or-sco' | readonly string[];

const ADDRESS = ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'] as const;

/** Reference properties per object type; `*` applies to every type. */
export const REF_RULES: Readonly<Record<string, Readonly<Record<string, RefTarget>>>> = {
  '*': {
    created_by_ref: ['identity'],
    object_marking_refs: ['marking-definition'],
    marking_ref: ['marking-definition'],
  },
  relationship: { source_ref: 'sdo-or-sco', target_ref: 'sdo-or-sco' },
  sighting: {
    sighting_of_ref: 'sdo',
    observed_data_refs: ['observed-data'],
    where_sighted_refs: ['identity', 'location'],
  },
  report: { object_refs: 'any' },
  note: { object_refs: 'any' },
  opinion: { object_refs: 'any' },
  grouping: { object_refs: 'any' },
  'observed-data': { object_refs: 'any' },
  'language-content': { object_ref: 'any' },
  malware: { sample_refs: ['file', 'artifact'], operating_system_refs: ['software'] },
  'malware-analysis': {
    host_vm_ref: ['software'],
    operating_system_ref: ['software'],
    installed_software_refs: ['software'],
    sample_ref: ['file', 'artifact', 'network-traffic'],
    analysis_sco_refs: 'sco',
  },
  'domain-name': { resolves_to_refs: ['ipv4-addr', 'ipv6-addr', 'domain-name'] },
  'ipv4-addr': { resolves_to_refs: ['mac-addr'], belongs_to_refs: ['autonomous-system'] },
  'ipv6-addr': { resolves_to_refs: ['mac-addr'], belongs_to_refs: ['autonomous-system'] },
  'email-addr': { belongs_to_ref: ['user-account'] },
  'email-message': {
    from_ref: ['email-addr'],
    sender_ref: ['email-addr'],
    to_refs: ['email-addr'],
    cc_refs: ['email-addr'],
    bcc_refs: ['email-addr'],
    raw_email_ref: ['artifact'],
    body_raw_ref: ['artifact', 'file'],
  },
  file: { parent_directory_ref: ['directory'], content_ref: ['artifact'], contains_refs: 'sco' },
  directory: { contains_refs: ['file', 'directory'] },
  'network-traffic': {
    src_ref: ADDRESS,
    dst_ref: ADDRESS,
    src_payload_ref: ['artifact'],
    dst_payload_ref: ['artifact'],
    encapsulates_refs: ['network-traffic'],
    encapsulated_by_ref: ['network-traffic'],
    message_body_data_ref: ['artifact'],
  },
  process: {
    opened_connection_refs: ['network-traffic'],
    creator_user_ref: ['user-account'],
    image_ref: ['file'],
    parent_ref: ['process'],
    child_refs: ['process'],
    service_dll_refs: ['file'],
  },
  'windows-registry-key': { creator_user_ref: ['user-account'] },
};

/** The rule for `property` on an object of `type`, if any. */
export function refRule(type: string, property: string): RefTarget | undefined {
  return REF_RULES[type]?.[property] ?? REF_RULES['*']?.[property];
}

/** True when an object of `targetType` may be the target of a reference governed by `rule`. */
export function refTargetAllowed(rule: RefTarget, targetType: string): boolean {
  if (rule === 'any') return true;
  const category = objectCategory(targetType);
  if (rule === 'sdo') return category === 'sdo' || category === 'custom';
  if (rule === 'sco') return category === 'sco';
  if (rule === 'sdo-or-sco') return category === 'sdo' || category === 'sco' || category === 'custom';
  return rule.includes(targetType);
}

/** Required properties per type beyond the common ones (§4–§7 property tables). */
export const REQUIRED_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'attack-pattern': ['name'],
  campaign: ['name'],
  'course-of-action': ['name'],
  grouping: ['context', 'object_refs'],
  identity: ['name'],
  incident: ['name'],
  indicator: ['pattern', 'pattern_type', 'valid_from'],
  infrastructure: ['name'],
  'intrusion-set': ['name'],
  malware: ['is_family'],
  'malware-analysis': ['product'],
  note: ['content', 'object_refs'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed'],
  opinion: ['opinion', 'object_refs'],
  report: ['name', 'published', 'object_refs'],
  'threat-actor': ['name'],
  tool: ['name'],
  vulnerability: ['name'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  sighting: ['sighting_of_ref'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['is_multipart'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': ['protocols'],
  software: ['name'],
  url: ['value'],
  'marking-definition': ['created'],
  'language-content': ['object_ref', 'contents'],
};

/** TLP 1.0 (STIX 2.1 §7.2.1.4) and TLP 2.0 marking definitions, referenced without being carried. */
export const WELL_KNOWN_MARKINGS: ReadonlyMap<string, string> = new Map([
  ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'TLP:WHITE'],
  ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'TLP:GREEN'],
  ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'TLP:AMBER'],
  ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'TLP:RED'],
  ['marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', 'TLP:CLEAR (2.0)'],
  ['marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'TLP:GREEN (2.0)'],
  ['marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'TLP:AMBER (2.0)'],
  ['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', 'TLP:AMBER+STRICT (2.0)'],
  ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', 'TLP:RED (2.0)'],
]);
