import { describe, expect, it } from 'vitest';
import { declaredCharset, decodeText, decodeWindows1252, scanUtf8, sniffUtf16 } from './text-decoding.js';

describe('UTF-8 validation (RFC 3629)', () => {
  it.each([
    ['ascii', [0x41, 0x42], -1, 0],
    ['2-byte é', [0xc3, 0xa9], -1, 1],
    ['4-byte emoji', [0xf0, 0x9f, 0x98, 0x80], -1, 1],
    ['overlong /', [0xc0, 0xaf], 0, 0],
    ['encoded surrogate', [0x41, 0xed, 0xa0, 0x80], 1, 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0, 0],
    ['truncated sequence at end', [0x41, 0xe2, 0x82], 1, 0],
    ['lone continuation byte', [0x41, 0x80, 0x42], 1, 0],
  ])('%s', (_name, bytes, firstInvalid, multibyte) => {
    const scan = scanUtf8(new Uint8Array(bytes));
    expect(scan.firstInvalid).toBe(firstInvalid);
    expect(scan.multibyte).toBe(multibyte);
  });
});

describe('encoding detection', () => {
  it('guesses UTF-16 without BOM from zero-byte parity, and not for binary noise', () => {
    expect(sniffUtf16(Buffer.from('hello world, this is text', 'utf16le'))).toBe('utf-16le');
    expect(sniffUtf16(Buffer.from('hello world, this is text', 'utf16le').swap16())).toBe('utf-16be');
    expect(sniffUtf16(Buffer.from('plain ascii text'))).toBeUndefined();
  });

  it('honours a declared charset', () => {
    expect(declaredCharset(Buffer.from('<html><head><meta charset="iso-8859-1">'))).toBe('windows-1252');
    expect(declaredCharset(Buffer.from('<?xml version="1.0" encoding="Shift_JIS"?><rss/>'))).toBe(
      'shift_jis',
    );
    expect(declaredCharset(Buffer.from('<meta charset="no-such-charset">'))).toBeUndefined();
    const latin = Buffer.concat([
      Buffer.from('<meta charset="windows-1252"><p>caf'),
      Buffer.from([0xe9, 0x80]),
      Buffer.from('</p>'),
    ]);
    const decoded = decodeText(latin, 'x.html');
    expect('text' in decoded && decoded.text).toBe('<meta charset="windows-1252"><p>café€</p>');
  });

  it('decodes all of Windows-1252 0x80–0x9F as WHATWG specifies', () => {
    expect(
      decodeWindows1252(new Uint8Array([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0x81])),
    ).toBe('€…‘’“”–—™\u0081');
  });

  it('reports binary data by the offset of its first NUL', () => {
    expect(decodeText(new Uint8Array([0x41, 0x42, 0x00, 0x43]), 'b')).toEqual({ binaryAt: 2 });
  });
});
