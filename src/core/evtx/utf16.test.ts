import { describe, expect, it } from 'vitest';
import { utf16, utf16Value } from './utf16.js';

const decoder = new TextDecoder('utf-16le');

/** Deterministic pseudo-random bytes (xorshift32) so a failure is reproducible. */
function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

describe('utf16', () => {
  it('decodes short strings (up to 8 units) unit for unit, lone surrogates kept as they are', () => {
    const b = bytes(4096, 0x1234567);
    for (let o = 0; o < 200; o++) {
      for (let n = 0; n <= 8; n++) {
        let expected = '';
        for (let i = 0; i < n; i++) expected += String.fromCharCode(b[o + 2 * i]! | (b[o + 2 * i + 1]! << 8));
        expect(utf16(b, o, n)).toBe(expected);
      }
    }
  });

  it('decodes every length and offset exactly as TextDecoder does, lone surrogates included', () => {
    // Random bytes hit lone surrogates often: the native slice must fall back to TextDecoder's U+FFFD form.
    const b = bytes(4096, 0x9e3779b9);
    // Odd offsets too: values are not aligned inside a chunk.
    for (let o = 0; o < 64; o++) {
      for (let n = 9; n <= 300; n += 7) {
        expect(utf16(b, o, n)).toBe(decoder.decode(b.subarray(o, o + n * 2)));
      }
    }
  });

  it('keeps lone surrogates in short strings as it always did (JS loop path)', () => {
    const b = new Uint8Array([0x00, 0xd8, 0x41, 0x00]);
    expect(utf16(b, 0, 2)).toBe('\ud800A');
  });

  it('decodes ASCII and BMP text on a view with a byte offset', () => {
    const text = 'C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule — 日本語';
    const raw = new Uint8Array(text.length * 2 + 10);
    for (let i = 0; i < text.length; i++) {
      raw[5 + i * 2] = text.charCodeAt(i) & 0xff;
      raw[6 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const view = raw.subarray(3);
    expect(utf16(view, 2, text.length)).toBe(text);
    expect(utf16Value(view, 2, text.length * 2 + 4)).toBe(text);
  });
});
