/**
 * Character-encoding detection for text inputs (WHATWG Encoding names): UTF-8/UTF-16 byte-order marks,
 * UTF-16 without BOM (zero-byte parity of ASCII-heavy text), a declared charset (`<meta charset>`,
 * `<?xml encoding?>`), strict UTF-8, and Windows-1252 for legacy 8-bit files. UTF-8 with a few invalid
 * sequences is decoded with U+FFFD and a warning naming the first bad byte offset.
 */
import { isUtf8 } from 'node:buffer';
import type { Issue } from '../../../core/shared/index.js';

export interface DecodedText {
  readonly text: string;
  /** WHATWG encoding label used. */
  readonly encoding: string;
  readonly warnings: readonly Issue[];
}

/** Result of scanning bytes as UTF-8. */
interface Utf8Scan {
  /** Offset of the first invalid sequence, or -1. */
  readonly firstInvalid: number;
  readonly invalid: number;
  /** Well-formed multi-byte sequences seen. */
  readonly multibyte: number;
}

/** Validates UTF-8 per RFC 3629 (no overlongs, no surrogates, ≤ U+10FFFF). */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let firstInvalid = -1;
  let invalid = 0;
  let multibyte = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    let ok = need > 0 && i + need < n;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) {
      multibyte++;
      i += need + 1;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
    }
  }
  return { firstInvalid, invalid, multibyte };
}

/** Guesses UTF-16 without BOM: in ASCII-heavy UTF-16 text every other byte is zero. */
export function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 16) return undefined; // too little to tell UTF-16 from binary
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero / pairs > 0.4 && evenZero / pairs < 0.05) return 'utf-16le';
  if (evenZero / pairs > 0.4 && oddZero / pairs < 0.05) return 'utf-16be';
  return undefined;
}

/** Charset declared in the first KiB (`<meta charset>`, `http-equiv` content, XML declaration). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const m =
    /<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head) ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  if (!m?.[1]) return undefined;
  try {
    return new TextDecoder(m[1]).encoding;
  } catch {
    return undefined;
  }
}

/** WHATWG index-windows-1252 for 0x80–0x9F (the rest equals ISO-8859-1). */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/** Windows-1252 decoding done here: some Node builds decode the label as plain ISO-8859-1. */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = Array.from(bytes.subarray(i, i + 8192), (b) =>
      b >= 0x80 && b <= 0x9f ? (WINDOWS_1252_HIGH[b - 0x80] ?? b) : b,
    );
    out += String.fromCharCode(...chunk);
  }
  return out;
}

function decode(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(encoding, { ignoreBOM: false }).decode(bytes);
}

/**
 * Decodes a text file's bytes, choosing the encoding as described in the module header.
 * Returns `{ binaryAt }` (offset of the first NUL) when the bytes are binary rather than text.
 */
export function decodeText(bytes: Uint8Array, source: string): DecodedText | { readonly binaryAt: number } {
  const warnings: Issue[] = [];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes, 3, source, warnings);
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: decode(bytes, 'utf-16le'), encoding: 'utf-16le', warnings };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: decode(bytes, 'utf-16be'), encoding: 'utf-16be', warnings };
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    warnings.push({
      code: 'extract.encoding-guessed',
      severity: 'warning',
      message: `${source}: no byte-order mark; decoded as ${utf16.toUpperCase()} from its byte pattern`,
      location: { file: source },
    });
    return { text: decode(bytes, utf16), encoding: utf16, warnings };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { binaryAt: nul };
  const declared = declaredCharset(bytes);
  if (declared && declared !== 'utf-8' && !declared.startsWith('utf-16')) {
    return { text: decode(bytes, declared), encoding: declared, warnings };
  }
  return utf8(bytes, 0, source, warnings);
}

function utf8(bytes: Uint8Array, start: number, source: string, warnings: Issue[]): DecodedText {
  const body = bytes.subarray(start);
  // Fast path (native validation); the byte-by-byte scan only runs to describe invalid input.
  if (isUtf8(body)) return { text: decode(body, 'utf-8'), encoding: 'utf-8', warnings };
  const scan = scanUtf8(body);
  if (scan.multibyte === 0 && start === 0) {
    // No well-formed multi-byte sequence at all: a legacy 8-bit file, not damaged UTF-8.
    warnings.push({
      code: 'extract.encoding-fallback',
      severity: 'warning',
      message: `${source}: not UTF-8 (first non-UTF-8 byte at offset ${scan.firstInvalid}); decoded as Windows-1252`,
      location: { file: source, offset: scan.firstInvalid },
    });
    return { text: decode(body, 'windows-1252'), encoding: 'windows-1252', warnings };
  }
  const offset = start + scan.firstInvalid;
  warnings.push({
    code: 'extract.invalid-utf8',
    severity: 'warning',
    message: `${source}: ${scan.invalid} invalid UTF-8 byte${scan.invalid === 1 ? '' : 's'} replaced with U+FFFD; first at byte offset ${offset} (0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')})`,
    location: { file: source, offset },
  });
  return { text: decode(body, 'utf-8'), encoding: 'utf-8', warnings };
}
