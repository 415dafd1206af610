/**
 * Builders for the STIX 2.1 Cyber-observable Objects stormwatch emits (§6): ipv4-addr, ipv6-addr,
 * domain-name, url, email-addr, file (hashes / name), windows-registry-key, process (command_line).
 * Ids are deterministic UUIDv5 (see sco-identifier.ts); `process` has no id-contributing properties,
 * so its id comes from the caller's UUID source.
 */
import { StormwatchError } from '../shared/index.js';
import { canonicalRegistryKey, HASH_ALGORITHMS, type ObservableKind } from './pattern-builder.js';
import { scoId } from './sco-identifier.js';
import type { StixCyberObservable } from './types.js';
import type { UuidSource } from './uuid.js';

const IPV4_RE =
  /^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])(\/(3[0-2]|[1-2][0-9]|[0-9]))?$/;
const HEX_LENGTH: Readonly<Record<string, number>> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

function invalid(kind: string, value: string, why: string): StormwatchError {
  return new StormwatchError({
    code: 'stix.invalid-observable',
    kind: 'input',
    message: `cannot make a STIX ${kind} observable from "${value}": ${why}`,
    hint: 'Pass the refanged, normalised value (no port, no brackets).',
  });
}

/** Builds an SCO from its type and properties, stamping `spec_version` and the deterministic id. */
export function buildSco(
  type: string,
  properties: Readonly<Record<string, unknown>>,
  fallback?: UuidSource,
): StixCyberObservable {
  const body = { type, spec_version: '2.1' as const, ...properties };
  return { type, spec_version: '2.1', id: scoId(body, fallback), ...properties };
}

/** The SCO for one extracted indicator value. `uuids` is used for `process` only. */
export function observableFor(kind: ObservableKind, value: string, uuids?: UuidSource): StixCyberObservable {
  if (value.length === 0) throw invalid(kind, value, 'the value is empty');
  switch (kind) {
    case 'ipv4':
      if (!IPV4_RE.test(value)) throw invalid(kind, value, 'not a dotted-quad address or CIDR block');
      return buildSco('ipv4-addr', { value });
    case 'ipv6':
      if (!value.includes(':') || !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(value))
        throw invalid(kind, value, 'not an IPv6 address or CIDR block');
      return buildSco('ipv6-addr', { value });
    case 'domain':
      return buildSco('domain-name', { value });
    case 'url':
      return buildSco('url', { value });
    case 'email':
      if (!value.includes('@')) throw invalid(kind, value, 'no @');
      return buildSco('email-addr', { value });
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512': {
      if (value.length !== HEX_LENGTH[kind] || !/^[0-9a-fA-F]+$/.test(value)) {
        throw invalid(kind, value, `a ${HASH_ALGORITHMS[kind]} digest is ${HEX_LENGTH[kind]} hex digits`);
      }
      return buildSco('file', { hashes: { [HASH_ALGORITHMS[kind]]: value.toLowerCase() } });
    }
    case 'file':
      return buildSco('file', { name: value });
    case 'registry':
      return buildSco('windows-registry-key', { key: canonicalRegistryKey(value) });
    case 'commandline':
      return buildSco('process', { command_line: value }, uuids);
  }
}
