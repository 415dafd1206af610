/**
 * CRC-32 (RFC 1952 polynomial, initial value 0) as used by the EVTX file header, chunk header and
 * event-records checksums (libyal EVTX format §File header, §Chunk header). Slicing-by-4 for speed.
 */

const T0 = new Uint32Array(256);
const T1 = new Uint32Array(256);
const T2 = new Uint32Array(256);
const T3 = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  T0[n] = c >>> 0;
}
for (let n = 0; n < 256; n++) {
  T1[n] = (T0[T0[n]! & 0xff]! ^ (T0[n]! >>> 8)) >>> 0;
  T2[n] = (T0[T1[n]! & 0xff]! ^ (T1[n]! >>> 8)) >>> 0;
  T3[n] = (T0[T2[n]! & 0xff]! ^ (T2[n]! >>> 8)) >>> 0;
}

/** Continues a CRC-32 over `b[start, end)`; pass the previous result as `crc` (0 to start). */
export function crc32(b: Uint8Array, start = 0, end = b.length, crc = 0): number {
  let c = ~crc >>> 0;
  let i = start;
  const end4 = end - 3;
  for (; i < end4; i += 4) {
    c ^= b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    c = T3[c & 0xff]! ^ T2[(c >>> 8) & 0xff]! ^ T1[(c >>> 16) & 0xff]! ^ T0[c >>> 24]!;
  }
  for (; i < end; i++) c = T0[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** A CRC-32 implementation with the signature of {@link crc32} (the app layer may inject a native one). */
export type Crc32Fn = (b: Uint8Array, start: number, end: number, crc?: number) => number;
