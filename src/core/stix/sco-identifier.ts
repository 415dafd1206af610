/**
 * Deterministic identifiers of STIX Cyber-observable Objects (STIX 2.1 §2.9 and each SCO's
 * "ID Contributing Properties" in §6): UUIDv5 in the SCO namespace over the RFC 8785 canonical JSON of
 * the contributing properties present on the object. `hashes` contributes a single entry, chosen in
 * the order MD5, SHA-1, SHA-256, SHA-512, else the first one — the same choice python-stix2 makes.
 * Types without contributing properties (process) or objects carrying none of them get a UUIDv4.
 */
import { StormwatchError } from '../shared/index.js';
import { canonicalizeJson } from './canonical-json.js';
import { randomUuidSource, STIX_SCO_NAMESPACE, type UuidSource, uuidV5 } from './uuid.js';

/** Id-contributing properties per SCO type (STIX 2.1 §6). `process` has none. */
export const SCO_ID_CONTRIBUTING_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': [
    'start',
    'end',
    'src_ref',
    'dst_ref',
    'src_port',
    'dst_port',
    'protocols',
    'extensions',
  ],
  process: [],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
};

/** True when `type` is one of the STIX 2.1 SCO types. */
export function isScoType(type: string): boolean {
  return Object.hasOwn(SCO_ID_CONTRIBUTING_PROPERTIES, type);
}

const HASH_PREFERENCE = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'] as const;

/** The single `hashes` entry that contributes to an id. */
export function chooseContributingHash(
  hashes: Readonly<Record<string, unknown>>,
): Record<string, unknown> | undefined {
  for (const algorithm of HASH_PREFERENCE) {
    if (Object.hasOwn(hashes, algorithm)) return { [algorithm]: hashes[algorithm] };
  }
  const first = Object.keys(hashes)[0];
  return first === undefined ? undefined : { [first]: hashes[first] };
}

/**
 * The canonical JSON string an SCO's UUIDv5 is computed over, or `undefined` when the type has no
 * contributing properties or none is present.
 */
export function scoIdentityString(sco: Readonly<Record<string, unknown>>): string | undefined {
  const type = sco.type;
  if (typeof type !== 'string' || !isScoType(type)) return undefined;
  const contributing: Record<string, unknown> = {};
  for (const property of SCO_ID_CONTRIBUTING_PROPERTIES[type] ?? []) {
    const value = sco[property];
    if (value === undefined || value === null) continue;
    if (property === 'hashes') {
      if (typeof value !== 'object' || Array.isArray(value)) continue;
      const chosen = chooseContributingHash(value as Record<string, unknown>);
      if (chosen !== undefined) contributing.hashes = chosen;
      continue;
    }
    contributing[property] = value;
  }
  if (Object.keys(contributing).length === 0) return undefined;
  return canonicalizeJson(contributing);
}

/**
 * The deterministic id of an SCO (`<type>--<uuidv5>`); when the object has nothing to derive it
 * from, a UUIDv4 from `fallback`. Throws `stix.unknown-sco-type` for a type that is not an SCO.
 */
export function scoId(
  sco: Readonly<Record<string, unknown>>,
  fallback: UuidSource = randomUuidSource,
): string {
  const type = sco.type;
  if (typeof type !== 'string' || !isScoType(type)) {
    throw new StormwatchError({
      code: 'stix.unknown-sco-type',
      kind: 'internal',
      message: `"${String(type)}" is not a STIX 2.1 cyber-observable type`,
      hint: `Use one of: ${Object.keys(SCO_ID_CONTRIBUTING_PROPERTIES).join(', ')}.`,
    });
  }
  const identity = scoIdentityString(sco);
  return `${type}--${identity === undefined ? fallback() : uuidV5(STIX_SCO_NAMESPACE, identity)}`;
}
