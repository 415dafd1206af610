/**
 * Multi-phrase matcher over word tokens: every phrase of a lexicon is compiled once into a trie keyed by token,
 * so one pass over the document's tokens finds the longest phrase starting at each token with one map lookup for
 * the (usual) token that starts no phrase — no regular expression per phrase per document. A phrase is inserted
 * with its own tokens, all tokens joined ("APT 36" also matches "APT36") and split at letter/digit boundaries
 * ("APT36" also matches "APT 36"), plus the caller's variants (plurals…).
 */
import type { TokenGate } from './first-token-index.js';
import type { Token } from './tokens.js';
import { childFor, childOf, TrieLevel, type TrieNode, trieNode } from './trie-level.js';

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
  /** Extra token sequences per phrase (plural forms…), computed at build time. */
  readonly variants?: (tokens: readonly string[]) => readonly (readonly string[])[];
}

/** Token keys of a phrase (lower case, accents removed, letters and digits). */
export function phraseTokens(phrase: string): string[] {
  return (
    phrase
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Normalised key of a phrase: its token keys concatenated. */
export function phraseKey(phrase: string): string {
  return phraseTokens(phrase).join('');
}

/** Longest-match phrase lexicon over tokens. */
export class PhraseMatcher<T> {
  private readonly root = new TrieLevel<T>();
  private readonly maxGap: number;
  private count = 0;

  constructor(entries: Iterable<readonly [string, T]>, options: PhraseMatcherOptions = {}) {
    this.maxGap = options.maxGap ?? 3;
    for (const [phrase, value] of entries) {
      const toks = phraseTokens(phrase);
      if (toks.length === 0) continue;
      const forms: (readonly string[])[] = [toks];
      if (toks.length > 1) forms.push([toks.join('')]);
      const split = toks.flatMap((t) => t.split(/(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u));
      if (split.length !== toks.length) forms.push(split);
      for (const f of [...forms]) for (const v of options.variants?.(f) ?? []) forms.push(v);
      for (const f of forms) this.insert(f, value);
    }
    this.root.freeze();
  }

  private insert(tokens: readonly string[], value: T): void {
    let level = this.root;
    let node: TrieNode<T> | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as string;
      node = childOf(level, t);
      if (!node) {
        node = trieNode(t);
        level.add(node);
      }
      if (i < tokens.length - 1) {
        if (!node.next) node.next = new TrieLevel();
        level = node.next;
      }
    }
    if (!node) return;
    if (!node.values) {
      node.values = [];
      this.count++;
    }
    if (!node.values.includes(value)) node.values.push(value);
  }

  /** Token keys that start a phrase (for a shared `TokenGate`). */
  *firstKeys(): IterableIterator<string> {
    for (const node of this.root.children()) yield node.key;
  }

  /** Number of distinct token sequences. */
  get size(): number {
    return this.count;
  }

  /** Values of an exact phrase. */
  lookup(phrase: string): readonly T[] {
    let level: TrieLevel<T> | undefined = this.root;
    let node: TrieNode<T> | undefined;
    for (const t of phraseTokens(phrase)) {
      node = level ? childOf(level, t) : undefined;
      if (!node) return [];
      level = node.next;
    }
    return node?.values ?? [];
  }

  /**
   * Longest matches, left to right, non-overlapping. Multi-token phrases match whole tokens; the gap between two
   * tokens is at most `maxGap` characters and contains no newline.
   */
  scan(
    text: string,
    tokens: readonly Token[],
    from = 0,
    to = tokens.length,
    gate?: TokenGate,
  ): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    const root = this.root;
    const positions = gate?.positions;
    // With a gate, tokens that start no phrase of this lexicon are skipped without a lookup; with its positions,
    // without being visited at all.
    let p = positions === undefined ? 0 : lowerBound(positions, from);
    let i = from;
    while (i < to) {
      if (positions !== undefined) {
        while (p < positions.length && (positions[p] as number) < i) p++;
        if (p >= positions.length) break;
        i = positions[p] as number;
        if (i >= to) break;
      } else if (gate !== undefined && ((gate.mask[i] as number) & gate.bit) === 0) {
        i++;
        continue;
      }
      const first = tokens[i] as Token;
      let node = childFor(root, first);
      if (node === undefined) {
        i++;
        continue;
      }
      let best = -1;
      let bestValues: T[] | undefined;
      let j = i;
      for (;;) {
        if (node.values) {
          best = j;
          bestValues = node.values;
        }
        if (!node.next || j + 1 >= to) break;
        const cur = tokens[j] as Token;
        let k = j + 1;
        let nextTok = tokens[k] as Token;
        // "Windows Management Instrumentation (WMI) Event Subscription": skip an acronym in parentheses.
        if (text.charCodeAt(nextTok.start - 1) === 40 && text.charCodeAt(nextTok.end) === 41 && k + 1 < to) {
          const after = tokens[k + 1] as Token;
          if (
            after.start - nextTok.end <= 2 &&
            childFor(node.next, nextTok) === undefined &&
            childFor(node.next, after) !== undefined
          ) {
            k++;
            nextTok = after;
          }
        }
        const prevEnd = k === j + 1 ? cur.end : (tokens[k - 1] as Token).end;
        if ((tokens[j + 1] as Token).start - cur.end > this.maxGap) break;
        if (nextTok.start > prevEnd && hasNewline(text, cur.end, nextTok.start)) break;
        const child: TrieNode<T> | undefined = childFor(node.next, nextTok);
        if (!child) break;
        node = child;
        j = k;
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

/** Index of the first position at or after `value` (binary search). */
function lowerBound(positions: readonly number[], value: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((positions[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 10 || c === 13) return true;
  }
  return false;
}
