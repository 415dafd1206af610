/**
 * UUIDs for STIX identifiers (STIX 2.1 §2.9): name-based UUIDv5 (RFC 9562 §5.5, SHA-1) for
 * deterministic SCO ids, and UUIDv4 id sources for SDOs/SROs — random, or derived from a seed so
 * that a run over the same input yields the same bundle (and tests are reproducible).
 */
import { createHash, randomUUID } from 'node:crypto';

/** The namespace STIX 2.1 §2.9 fixes for deterministic SCO identifiers. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a lower-case RFC 4122/9562 UUID string. */
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

/** The version nibble of a UUID string (4 for random, 5 for name-based SHA-1). */
export function uuidVersion(uuid: string): number {
  return Number.parseInt(uuid.charAt(14), 16);
}

function uuidBytes(uuid: string): Buffer {
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function formatUuid(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.subarray(0, 16)).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function stamp(bytes: Uint8Array, version: number): Uint8Array {
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | (version << 4);
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  return bytes;
}

/** UUIDv5 of `name` (encoded as UTF-8) in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const digest = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  return formatUuid(stamp(new Uint8Array(digest.subarray(0, 16)), 5));
}

/** Produces the UUIDv4 part of SDO/SRO/bundle identifiers. */
export type UuidSource = () => string;

/** Cryptographically random UUIDv4s (the STIX default for SDOs and SROs). */
export const randomUuidSource: UuidSource = () => randomUUID();

/**
 * UUIDv4-formatted ids derived from `seed` and a counter (SHA-256): the n-th id of a run over the
 * same seed is always the same. Use the input's SHA-256 as seed to make `extract --format stix`
 * reproducible, or a fixed string in tests.
 */
export function seededUuidSource(seed: string): UuidSource {
  let counter = 0;
  return () => {
    const digest = createHash('sha256').update(`${seed}\u0000${counter++}`, 'utf8').digest();
    return formatUuid(stamp(new Uint8Array(digest.subarray(0, 16)), 4));
  };
}
