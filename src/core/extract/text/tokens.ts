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
  /** Lower-case, accent-free letters and digits (made on first read: most tokens are never looked up by key). */
  readonly key: string;
  /** `hashKey(key)`, computed while tokenising (no substring needed to look a token up). A small integer (30 bits),
   * so that V8 stores it in the token without boxing it. */
  readonly hash: number;
  /** Whether the key is `key` (compared in place; on success `key` itself becomes the token's key string). */
  hasKey(key: string): boolean;
  /** Whether the key starts with `prefix` (compared in place). */
  keyStartsWith(prefix: string): boolean;
  /** Char code of the key's character at `i`, or -1 past its end (read in place). */
  keyCodeAt(i: number): number;
}

/** FNV-1a over a key's UTF-16 code units, cut to 30 bits: the numeric key of lexicon lookups, equal to `Token.hash`. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
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

/** An ASCII word: its key (the lower-cased word) is sliced from the text only when read. */
class AsciiToken implements Token {
  private cached: string | undefined;

  constructor(
    private readonly text: string,
    readonly start: number,
    readonly end: number,
    readonly hash: number,
  ) {}

  get key(): string {
    let k = this.cached;
    if (k === undefined) {
      k = this.text.slice(this.start, this.end).toLowerCase();
      this.cached = k;
    }
    return k;
  }

  hasKey(key: string): boolean {
    if (this.cached !== undefined) return this.cached === key;
    const { text, start } = this;
    if (key.length !== this.end - start) return false;
    for (let i = 0; i < key.length; i++) {
      let c = text.charCodeAt(start + i);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== key.charCodeAt(i)) return false;
    }
    this.cached = key;
    return true;
  }

  keyCodeAt(i: number): number {
    if (i >= this.end - this.start) return -1;
    const c = this.text.charCodeAt(this.start + i);
    return c >= 65 && c <= 90 ? c + 32 : c;
  }

  keyStartsWith(prefix: string): boolean {
    if (this.cached !== undefined) return this.cached.startsWith(prefix);
    const { text, start } = this;
    if (prefix.length > this.end - start) return false;
    for (let i = 0; i < prefix.length; i++) {
      let c = text.charCodeAt(start + i);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== prefix.charCodeAt(i)) return false;
    }
    return true;
  }
}

/** A word with non-ASCII letters: its key (normalised) is made at once. */
class UnicodeToken implements Token {
  readonly hash: number;

  constructor(
    readonly start: number,
    readonly end: number,
    readonly key: string,
  ) {
    this.hash = hashKey(key);
  }

  hasKey(key: string): boolean {
    return this.key === key;
  }

  keyStartsWith(prefix: string): boolean {
    return this.key.startsWith(prefix);
  }

  keyCodeAt(i: number): number {
    return i < this.key.length ? this.key.charCodeAt(i) : -1;
  }
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
    // The ASCII key's hash is computed on the lower-cased codes as they are read.
    const c0 = c >= 65 && c <= 90 ? c + 32 : c;
    let h = Math.imul(0x811c9dc5 ^ c0, 0x01000193);
    i++;
    while (i < n) {
      let d = text.charCodeAt(i);
      if (d < 128) {
        if (d >= 65 && d <= 90) d += 32;
        else if (!((d >= 97 && d <= 122) || (d >= 48 && d <= 57))) break;
      } else {
        if (!LETTER_OR_DIGIT.test(text[i] as string)) break;
        ascii = false;
      }
      h = Math.imul(h ^ d, 0x01000193);
      i++;
    }
    if (ascii) out.push(new AsciiToken(text, start, i, h & 0x3fffffff));
    else {
      const key = keyOf(text.slice(start, i));
      if (key.length > 0) out.push(new UnicodeToken(start, i, key));
    }
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
