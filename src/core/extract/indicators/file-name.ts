/**
 * Bare file names (`funny_linux.elf`, `DFSCoerce.py`, `README.txt.v-society`, `!!! ALL YOUR FILES ARE ENCRYPTED
 * !!!.TXT`): found from a known extension, read backwards over file-name characters and forwards over appended
 * extensions (ransomware suffixes). Product names written like files (`Node.js`) are not file names.
 */
import { FILE_EXTENSIONS } from './file-extensions.js';

const longestFirst = [...FILE_EXTENSIONS]
  .sort((a, b) => b.length - a.length)
  .map((e) => e.replace(/-/g, '\\-'));

/** A known extension preceded by a file-name character; the alternation is anchored on the dot. */
export const EXTENSION_PATTERN = new RegExp(
  `\\.(?<=[A-Za-z0-9_\\-$~#@+=!&%)\\]}]\\.)(?:${longestFirst.join('|')})(?![A-Za-z0-9_])`,
  'gi',
);

/** Characters a file-name stem may hold, as a lookup table by char code (ASCII). */
const STEM_CHAR_CODES = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-$~#@+=!&%()[]{}.') {
  STEM_CHAR_CODES[c.charCodeAt(0)] = 1;
}
const GLUED_WORDS = new Set(
  'a an the this that these those and or of to in on for its their our your his her my any each every some no'.split(
    ' ',
  ),
);
const CAPS_TOKEN = /^[A-Z0-9!#_-]+$/;

export interface FileNameMatch {
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** The extension the match was found from (lower case). */
  readonly ext: string;
}

const CLOSE_QUOTE: Record<string, string> = { '"': '"', '\u201c': '\u201d', "'": "'", '\u2018': '\u2019' };

/** Start of a quoted name ending at `extEnd` whose stem runs back across spaces from `s`, or -1. */
function quotedStart(text: string, s: number, extEnd: number): number {
  if (text[s - 1] !== ' ') return -1;
  const close = text[extEnd] ?? '';
  for (let k = s - 2; k >= 0 && s - k <= 80; k--) {
    const c = text[k] ?? '';
    if (c === '\n' || c === '"' || c === '\u201d' || c === '\u2019') {
      if (c !== '"') return -1;
    }
    if (CLOSE_QUOTE[c] !== undefined) {
      if (CLOSE_QUOTE[c] !== close || /[\s]/.test(text[k + 1] ?? ' ')) return -1;
      // Only file-name characters and single spaces inside the quotes.
      return /^[A-Za-z0-9_\-$~#@+=!&%()[\]{}. ]+$/.test(text.slice(k + 1, s)) ? k + 1 : -1;
    }
  }
  return -1;
}

/** Reads the file name around an extension match at [dot, extEnd). */
export function readFileName(text: string, dot: number, extEnd: number): FileNameMatch | undefined {
  let s = dot;
  let dots = 0;
  while (s > 0 && STEM_CHAR_CODES[text.charCodeAt(s - 1)] === 1) {
    if (text.charCodeAt(s - 1) === 0x2e && ++dots > 3) return undefined;
    if (dot - s >= 128) return undefined;
    s--;
  }
  while (s < dot && (text[s] === '.' || text[s] === '(' || text[s] === '[' || text[s] === '{')) s++;
  // A quoted name may hold spaces: “Salary Increase 2024.docx”, "Payment Details.iso".
  const quoted = quotedStart(text, s, extEnd);
  if (quoted !== -1) s = quoted;
  let stem = text.slice(s, dot);
  if (stem === '') return undefined;
  // A ransom-note title: punctuation-only stem glued to the extension, preceded by upper-case words.
  if (!/[A-Za-z0-9]/.test(stem)) {
    let k = s;
    let words = 0;
    while (k > 0 && text[k - 1] === ' ' && words < 10) {
      let w = k - 1;
      while (w > 0 && text[w - 1] !== ' ' && text[w - 1] !== '\n') w--;
      if (!CAPS_TOKEN.test(text.slice(w, k - 1))) break;
      k = w;
      words++;
    }
    s = k;
    stem = text.slice(s, dot);
    if (!/[A-Za-z0-9]/.test(stem)) return undefined;
  }
  // Appended extensions: `.txt.v-society`, `.tar.gz`.
  let e = extEnd;
  for (let n = 0; n < 2 && text[e] === '.' && /[A-Za-z0-9]/.test(text[e + 1] ?? ''); n++) {
    let k = e + 1;
    while (k < text.length && k - e <= 24 && /[A-Za-z0-9_-]/.test(text[k] ?? '')) k++;
    if (/[A-Za-z0-9_]/.test(text[k] ?? '')) break;
    e = k;
  }
  while (e > extEnd && text[e - 1] === '-') e--;
  const ext = text.slice(dot + 1, extEnd).toLowerCase();
  const name = text.slice(s, e);
  // Abbreviations (`U.S.C.`) and English words glued to an extension by lost spaces (`a.txt file`) are prose.
  if (/^(?:[A-Za-z]\.)*[A-Za-z]$/.test(stem) && (stem.length > 1 || ext.length === 1)) return undefined;
  if (GLUED_WORDS.has(stem.toLowerCase())) return undefined;
  // A placeholder (`[filename].tmp`, `<name>.exe`) stands for a name the report does not give.
  if (/^[[<{][^\]>}]*[\]>}]$/.test(stem)) return undefined;
  // Product and library names (`Node.js`, `Vue.js`) are spelled like files but are not artifacts.
  if ((ext === 'js' || ext === 'ts' || ext === 'io') && /^[A-Z][a-z]+$/.test(stem) && e === extEnd)
    return undefined;
  return { start: s, end: e, name, ext };
}
