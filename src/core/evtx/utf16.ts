/**
 * UTF-16LE string decoding for BinXml names, value text and string values. Short strings (the vast
 * majority: names, numbers as text, short paths) are decoded with String.fromCharCode over the code units,
 * which beats TextDecoder's call overhead; long ones go through TextDecoder.
 */

const decoder = new TextDecoder('utf-16le');
const SHORT = 8;

/** Decodes `chars` UTF-16 code units starting at byte `o`. Caller guarantees the bytes are in range. */
export function utf16(b: Uint8Array, o: number, chars: number): string {
  if (chars <= SHORT) {
    let s = '';
    for (let i = 0; i < chars; i++, o += 2) s += String.fromCharCode(b[o]! | (b[o + 1]! << 8));
    return s;
  }
  return decoder.decode(b.subarray(o, o + chars * 2));
}

/** Decodes a UTF-16 value of `bytes` bytes, dropping trailing NUL characters (string values are often NUL-terminated). */
export function utf16Value(b: Uint8Array, o: number, bytes: number): string {
  let n = bytes >>> 1;
  while (n > 0 && b[o + n * 2 - 2] === 0 && b[o + n * 2 - 1] === 0) n--;
  return utf16(b, o, n);
}

/** Decodes a single-byte (ANSI, windows-1252 treated as latin1) string, dropping trailing NULs. */
export function ansiValue(b: Uint8Array, o: number, bytes: number): string {
  let n = bytes;
  while (n > 0 && b[o + n - 1] === 0) n--;
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[o + i]!);
  return s;
}
