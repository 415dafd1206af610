/**
 * The first-token gate shared by the lexicons of a document: which tokens can start a phrase of which lexicon,
 * found with one probe per token (`FirstTokenIndex.mask`), so each lexicon's scan visits only its own candidates.
 */
import { hashKey, type Token } from './tokens.js';

/**
 * Per-token bitmask shared by several lexicons: bit `bit` of `mask[i]` is set when token `i` starts a phrase of the
 * lexicon, so each lexicon's scan skips the other tokens without a map lookup (see `FirstTokenIndex`).
 */
export interface TokenGate {
  readonly mask: Uint8Array;
  readonly bit: number;
  /** Indices of the tokens whose `bit` is set, ascending: a scan visits only these. */
  readonly positions?: readonly number[];
}

/** The first-token bits of one document's tokens (`FirstTokenIndex.mask`). */
export class TokenMask {
  /**
   * @param mask bits per token
   * @param positions per bit number (0–7), the indices of the tokens with that bit set, ascending
   */
  constructor(
    readonly mask: Uint8Array,
    private readonly positions: readonly (readonly number[])[],
  ) {}

  /** The gate of one lexicon (its bit: 1, 2, 4 … 128), with the positions of its tokens. */
  gate(bit: number): TokenGate {
    return { mask: this.mask, bit, positions: this.positions[31 - Math.clz32(bit)] ?? [] };
  }
}

/**
 * First-token keys of up to 8 lexicons → bitmask, computed once per document with one probe per token: an
 * open-addressing table keyed by the token's numeric hash (computed while tokenising), so no token's key string is
 * made or hashed; a 64K-bit filter on the hash's high bits answers most tokens (which start no phrase) without
 * touching the table, and a hash hit is confirmed on the key itself.
 */
export class FirstTokenIndex {
  /** Hash per slot; 0 marks an empty slot (a key hashing to 0 is stored as 1). */
  private readonly hashes: Int32Array;
  private readonly keys: (string | undefined)[];
  private readonly bits: Uint8Array;
  private readonly slotMask: number;
  private readonly filter = new Uint32Array(2048);

  constructor(lexicons: readonly { firstKeys(): Iterable<string> }[]) {
    if (lexicons.length > 8)
      throw new Error(`FirstTokenIndex holds up to 8 lexicons (one bit each), not ${lexicons.length}`);
    const byKey = new Map<string, number>();
    lexicons.forEach((lex, n) => {
      for (const k of lex.firstKeys()) byKey.set(k, (byKey.get(k) ?? 0) | (1 << n));
    });
    let size = 16;
    while (size < byKey.size * 2) size *= 2;
    this.slotMask = size - 1;
    this.hashes = new Int32Array(size);
    this.keys = new Array<string | undefined>(size).fill(undefined);
    this.bits = new Uint8Array(size);
    for (const [key, bits] of byKey) {
      const h = hashKey(key) || 1;
      const f = h >>> 14;
      this.filter[f >>> 5] = (this.filter[f >>> 5] as number) | (1 << (f & 31));
      let slot = h & this.slotMask;
      while (this.hashes[slot] !== 0) slot = (slot + 1) & this.slotMask;
      this.hashes[slot] = h;
      this.keys[slot] = key;
      this.bits[slot] = bits;
    }
  }

  /** The mask of a document's tokens. */
  mask(tokens: readonly Token[]): TokenMask {
    const out = new Uint8Array(tokens.length);
    const positions: number[][] = [[], [], [], [], [], [], [], []];
    const { hashes, keys, bits, slotMask, filter } = this;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      const h = t.hash || 1;
      const f = h >>> 14;
      if (((filter[f >>> 5] as number) & (1 << (f & 31))) === 0) continue;
      for (let slot = h & slotMask; ; slot = (slot + 1) & slotMask) {
        const sh = hashes[slot] as number;
        if (sh === 0) break;
        if (sh === h && t.hasKey(keys[slot] as string)) {
          const b = bits[slot] as number;
          out[i] = b;
          for (let rest = b; rest !== 0; rest &= rest - 1)
            (positions[31 - Math.clz32(rest & -rest)] as number[]).push(i);
          break;
        }
      }
    }
    return new TokenMask(out, positions);
  }
}
