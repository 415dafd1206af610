/**
 * Word tokens of a document, computed once and shared by every lexicon matcher. A token is a run of
 * letters and digits; its key is lower-case without accents (the same normalisation as the catalog's
 * `nameKey`), so "APT 36", "APT36" and "apt-36" reach the same lexicon entry.
 */

/** One word token. Offsets are UTF-16 code units into the document text. */
export interface Token {
  readonly start: number;
  readonly end: number;
  /** Lower-case, accent-free letters and digits. */
  readonly key: string;
}

const WORD = /[\p{L}\p{N}]+/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII test
const ASCII = /^[\x00-\x7f]*$/;

function keyOf(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Tokenises `text` into word tokens. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const key = keyOf(m[0]);
    if (key.length > 0) out.push({ start: m.index, end: m.index + m[0].length, key });
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
