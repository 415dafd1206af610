/**
 * Levels of the phrase trie (`PhraseMatcher`): children by their key's hash (`hashKey`, a small integer), so a token
 * is looked up by the hash computed while tokenising and compared in place (`Token.hasKey`) — no key string is made
 * for a token that continues no phrase. A level is a Map while the trie is built, then frozen into an
 * open-addressing table (a typed-array probe is several times cheaper than a Map lookup). Keys whose hashes collide
 * are chained through `alt`.
 */
import { hashKey, type Token } from './tokens.js';

/**
 * One trie node: a token key, its children and the values of the phrase ending here. Every field is always present
 * (`trieNode`), so that all nodes share one shape and the scan's property reads stay monomorphic.
 */
export interface TrieNode<T> {
  readonly key: string;
  alt: TrieNode<T> | undefined;
  next: TrieLevel<T> | undefined;
  values: T[] | undefined;
}

/** A new node without children or values. */
export function trieNode<T>(key: string): TrieNode<T> {
  return { key, alt: undefined, next: undefined, values: undefined };
}

const NO_HASHES = new Int32Array(1).fill(-1);

/** The children of one trie node (or the roots). */
export class TrieLevel<T> {
  private building: Map<number, TrieNode<T>> | undefined = new Map();
  /** Hash per slot; -1 marks a free slot (hashes are 30-bit, never negative). */
  private hashes: Int32Array = NO_HASHES;
  private nodes: (TrieNode<T> | undefined)[] = [undefined];
  private slotMask = 0;

  /** The first node of the chain of children whose key hashes to `hash`. */
  get(hash: number): TrieNode<T> | undefined {
    if (this.building !== undefined) return this.building.get(hash);
    const { hashes, slotMask } = this;
    for (let s = hash & slotMask; ; s = (s + 1) & slotMask) {
      const h = hashes[s];
      if (h === hash) return this.nodes[s];
      if (h === -1) return undefined;
    }
  }

  /** Adds a child (before `freeze`). */
  add(node: TrieNode<T>): void {
    if (this.building === undefined) throw new Error('trie level is frozen');
    const h = hashKey(node.key);
    const first = this.building.get(h);
    if (first) node.alt = first;
    this.building.set(h, node);
  }

  /** Turns this level and every level below into lookup tables; no child can be added afterwards. */
  freeze(): void {
    const building = this.building;
    if (building === undefined) return;
    let size = 2;
    while (size < building.size * 2) size *= 2;
    this.hashes = new Int32Array(size).fill(-1);
    this.nodes = new Array<TrieNode<T> | undefined>(size).fill(undefined);
    this.slotMask = size - 1;
    for (const [h, node] of building) {
      let s = h & this.slotMask;
      while (this.hashes[s] !== -1) s = (s + 1) & this.slotMask;
      this.hashes[s] = h;
      this.nodes[s] = node;
      for (let n: TrieNode<T> | undefined = node; n !== undefined; n = n.alt) n.next?.freeze();
    }
    this.building = undefined;
  }

  /** Every child (each collision chain in full). */
  *children(): IterableIterator<TrieNode<T>> {
    const heads = this.building?.values() ?? this.nodes;
    for (const head of heads) for (let n = head; n !== undefined; n = n.alt) yield n;
  }
}

/** The child of `level` whose key is the token's. */
export function childFor<T>(level: TrieLevel<T>, token: Token): TrieNode<T> | undefined {
  let node = level.get(token.hash);
  while (node !== undefined && !token.hasKey(node.key)) node = node.alt;
  return node;
}

/** The child of `level` whose key is `key`. */
export function childOf<T>(level: TrieLevel<T>, key: string): TrieNode<T> | undefined {
  let node = level.get(hashKey(key));
  while (node !== undefined && node.key !== key) node = node.alt;
  return node;
}
