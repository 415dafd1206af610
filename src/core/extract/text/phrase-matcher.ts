/**
 * Multi-phrase matcher over word tokens: every phrase of a lexicon is compiled once into a map of token-key
 * concatenations plus the set of their prefixes, so one pass over the tokens finds the longest phrase starting
 * at each token in O(tokens × phrase length) — no regular expression per phrase per document.
 */
import type { Token } from './tokens.js';

/** A phrase found in the text. */
export interface PhraseMatch<T> {
  readonly start: number;
  readonly end: number;
  /** Index of the first and one past the last token. */
  readonly first: number;
  readonly last: number;
  /** The text as written. */
  readonly text: string;
  readonly values: readonly T[];
}

export interface PhraseMatcherOptions {
  /** Largest gap between two tokens of one phrase (default 3: ", " or " - "); newlines never join tokens. */
  readonly maxGap?: number;
  /** Extra key variants per phrase (plural forms…), computed at build time. */
  readonly variants?: (key: string) => readonly string[];
}

/** Normalised key of a phrase: its token keys concatenated. */
export function phraseKey(phrase: string): string {
  return phrase
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Longest-match phrase lexicon over tokens. */
export class PhraseMatcher<T> {
  private readonly byKey = new Map<string, T[]>();
  private readonly prefixes = new Set<string>();
  private readonly maxGap: number;

  constructor(entries: Iterable<readonly [string, T]>, options: PhraseMatcherOptions = {}) {
    this.maxGap = options.maxGap ?? 3;
    for (const [phrase, value] of entries) {
      const base = phraseKey(phrase);
      if (base.length === 0) continue;
      for (const key of [base, ...(options.variants?.(base) ?? [])]) {
        const list = this.byKey.get(key) ?? [];
        if (!list.includes(value)) list.push(value);
        this.byKey.set(key, list);
        for (let i = 1; i < key.length; i++) this.prefixes.add(key.slice(0, i));
      }
    }
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.byKey.size;
  }

  /** Values of an exact phrase. */
  lookup(phrase: string): readonly T[] {
    return this.byKey.get(phraseKey(phrase)) ?? [];
  }

  /**
   * Longest matches, left to right, non-overlapping. Multi-token phrases must match whole tokens; the
   * gap between tokens is at most `maxGap` characters and contains no newline.
   */
  scan(text: string, tokens: readonly Token[], from = 0, to = tokens.length): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    let i = from;
    while (i < to) {
      const first = tokens[i] as Token;
      let key = first.key;
      let best = -1;
      let bestValues: T[] | undefined;
      let j = i;
      for (;;) {
        const hit = this.byKey.get(key);
        if (hit) {
          best = j;
          bestValues = hit;
        }
        if (!this.prefixes.has(key) || j + 1 >= to) break;
        const cur = tokens[j] as Token;
        const next = tokens[j + 1] as Token;
        if (next.start - cur.end > this.maxGap) break;
        if (next.start > cur.end && hasNewline(text, cur.end, next.start)) break;
        j++;
        key += next.key;
      }
      if (best >= 0 && bestValues) {
        const lastTok = tokens[best] as Token;
        out.push({
          start: first.start,
          end: lastTok.end,
          first: i,
          last: best + 1,
          text: text.slice(first.start, lastTok.end),
          values: bestValues,
        });
        i = best + 1;
      } else i++;
    }
    return out;
  }
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return true;
  }
  return false;
}
