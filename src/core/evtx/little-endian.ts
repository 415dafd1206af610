/**
 * Little-endian integer reads straight off a Uint8Array (EVTX is little-endian throughout).
 * Plain functions rather than DataView so V8 inlines them on the hot path; callers bounds-check.
 */

/** Unsigned 16-bit at `o`. */
export function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}

/** Unsigned 32-bit at `o`. */
export function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** Signed 32-bit at `o`. */
export function i32(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}

/** Unsigned 64-bit at `o` as a number (exact up to 2^53, which covers record ids and chunk numbers). */
export function u64n(b: Uint8Array, o: number): number {
  return u32(b, o + 4) * 0x1_0000_0000 + u32(b, o);
}

/** Unsigned 64-bit at `o` as a bigint (exact). */
export function u64(b: Uint8Array, o: number): bigint {
  return (BigInt(u32(b, o + 4)) << 32n) | BigInt(u32(b, o));
}

/** Signed 64-bit at `o` as a bigint (exact). */
export function i64(b: Uint8Array, o: number): bigint {
  return (BigInt(i32(b, o + 4)) << 32n) | BigInt(u32(b, o));
}
