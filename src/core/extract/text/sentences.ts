/**
 * Rule-based sentence splitter for threat reports. Splits at `.`, `!`, `?` (with closing quotes and brackets)
 * followed by space and an upper-case start, at line breaks that end a line of text (headings, list items,
 * table cells), and at full stops glued to the next sentence by scraping (`campaign.According`). Knows the
 * abbreviations of news and advisory prose (U.S., Dec., Corp., e.g., No.) so they do not end a sentence.
 */

/** One sentence: offsets into the document text (trimmed of surrounding white space). */
export interface Sentence {
  readonly start: number;
  readonly end: number;
}

/** Words that end with a full stop without ending the sentence (lower case, without the dot). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'gov',
  'sen',
  'rep',
  'pres',
  'amb',
  'adm',
  'maj',
  'cmdr',
  'hon',
  'rev',
  'inc',
  'corp',
  'ltd',
  'co',
  'llc',
  'plc',
  'dept',
  'univ',
  'assn',
  'bros',
  'vs',
  'etc',
  'al',
  'approx',
  'est',
  'fig',
  'figs',
  'no',
  'nos',
  'vol',
  'pp',
  'p',
  'ch',
  'sec',
  'art',
  'para',
  'cf',
  'ibid',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'u.s',
  'u.k',
  'u.n',
  'e.u',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
  'u.s.a',
  'p.r.c',
  'd.p.r.k',
  'n',
  's',
  'ft',
  'mt',
  'ave',
  'blvd',
  'rd',
  'op',
  'ref',
  'tel',
  'ext',
]);

/** Char codes of closing quotes and brackets that may follow sentence punctuation. */
const CLOSERS = new Set(['"', "'", '\u2019', '\u201d', ')', ']', '*'].map((c) => c.charCodeAt(0)));

/** The same test as `/\s/` on one UTF-16 code unit (ECMAScript white space and line terminators), without a string. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** Char codes that end a line's sentence even when the next line starts in lower case (`/[.!?:;]/`). */
const SOFT_END = new Set([...'.!?:;'].map((c) => c.charCodeAt(0)));

function isUpperStart(text: string, i: number): boolean {
  const c = text[i];
  if (c === undefined) return false;
  if (c === '"' || c === '\u201c' || c === '\u2018' || c === "'" || c === '(' || c === '[' || c === '*')
    return isUpperStart(text, i + 1) || isDigit(text.charCodeAt(i + 1));
  // ASCII answers without a regular expression; a UTF-16 code unit ≥ 128 is tested as before.
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 65 && code <= 90) || isDigit(code);
  return /[\p{Lu}\d]/u.test(c);
}

/** The word before the period at `dot` (letters and inner dots), lower case. */
function wordBefore(text: string, dot: number): string {
  let k = dot;
  // Abbreviations are short: look back at most 12 characters (a run of dots must not make this quadratic).
  const floor = Math.max(0, dot - 12);
  while (k > floor) {
    const c = text.charCodeAt(k - 1);
    const ok =
      c === 46 ||
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c > 127 && /\p{L}/u.test(text[k - 1] as string));
    if (!ok) break;
    k--;
  }
  return text.slice(k, dot).toLowerCase();
}

/** Splits `text` into sentences. */
export function splitSentences(text: string, from = 0, to = text.length): Sentence[] {
  const out: Sentence[] = [];
  let start = from;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push({ start: s, end: e });
    start = end;
  };
  // Only line breaks and sentence punctuation can end a sentence: jump from one to the next natively.
  const stops = /[\n.!?]/g;
  stops.lastIndex = from;
  for (let m = stops.exec(text); m !== null && m.index < to; m = stops.exec(text)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c === 10) {
      // A line break ends a sentence unless the line plainly continues (lower-case start after a soft wrap).
      // The character before the break (none at `from`).
      const prev = i - 1 >= from ? text.charCodeAt(i - 1) : -1;
      let n = i + 1;
      let d = text.charCodeAt(n);
      while (n < to && (d === 32 || d === 9 || d === 13)) d = text.charCodeAt(++n);
      const nextIsLower = d < 128 ? d >= 97 && d <= 122 : /[\p{Ll}]/u.test(text[n] ?? '');
      if (d === 10 || !nextIsLower || SOFT_END.has(prev)) push(i);
      continue;
    }
    let j = i + 1;
    while (j < to && CLOSERS.has(text.charCodeAt(j))) j++;
    const glued = j < to && !isSpace(text.charCodeAt(j));
    if (c === 46) {
      const word = wordBefore(text, i);
      if (ABBREVIATIONS.has(word) || /^[\p{L}]$/u.test(word)) {
        // "U.S. officials" continues; "the U.S. The" ends only when the next word starts a clause we cannot tell: keep.
        continue;
      }
      if (isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1))) continue;
      if (/^(?:\p{L}\.)+\p{L}?$/u.test(word)) continue;
    }
    if (glued) {
      // Scraped text: "campaign.According" — split only before an upper-case word after a lower-case word.
      const w = text.slice(j, j + 2);
      if (c === 46 && /[\p{Ll})\]”’"]/u.test(text[i - 1] ?? '') && /^\p{Lu}\p{Ll}/u.test(w)) push(j);
      continue;
    }
    let k = j;
    while (k < to && (text[k] === ' ' || text[k] === '\t')) k++;
    if (k >= to || text[k] === '\n' || isUpperStart(text, k)) push(j);
  }
  push(to);
  return out;
}
