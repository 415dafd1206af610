/**
 * Word tokens of a document, computed once and shared by every lexicon matcher. A token is a run of
 * letters and digits; its key is lower-case without accents (the same normalisation as the catalog's
 * `nameKey`), so "APT 36", "APT36" and "apt-36" reach the same lexicon entry. ASCII text takes a char-code
 * fast path; other scripts go through Unicode property tests.
 */

/** One word token. Offsets are UTF-16 code units into the document text. */
export interface Token {
  readonly start: number;
  readonly end: number;
  /** Lower-case, accent-free letters and digits. */
  readonly key: string;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}\p{M}]/u;

function isWordCode(c: number, text: string, i: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return LETTER_OR_DIGIT.test(text[i] as string);
}

function keyOf(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Tokenises `text` into word tokens. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isWordCode(c, text, i)) {
      i++;
      continue;
    }
    const start = i;
    let ascii = c < 128;
    let upper = c >= 65 && c <= 90;
    i++;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d < 128) {
        if (d >= 97 && d <= 122) {
          i++;
          continue;
        }
        if (d >= 65 && d <= 90) upper = true;
        else if (!(d >= 48 && d <= 57)) break;
      } else {
        if (!LETTER_OR_DIGIT.test(text[i] as string)) break;
        ascii = false;
      }
      i++;
    }
    const word = text.slice(start, i);
    const key = ascii ? (upper ? word.toLowerCase() : word) : keyOf(word);
    if (key.length > 0) out.push({ start, end: i, key });
  }
  return out;
}

/** Index of the first token whose start is at or after `offset` (binary search). */
export function tokenAt(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
