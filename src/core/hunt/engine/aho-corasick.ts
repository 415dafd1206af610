/**
 * Aho–Corasick multi-needle search (Aho & Corasick, CACM 1975) over case-folded text: which of a set of
 * lower-case needles occur in a string, in one pass, whatever the number of needles.
 *
 * Layout: trie states numbered in BFS order; shallow states (the ones a scan sits in most of the time) get
 * dense transition rows over a compact alphabet, deeper states keep their few edges sparse and fall back
 * along failure links. Characters are folded like `String.prototype.toLowerCase`: ASCII through a table,
 * other characters through their lower-case form; every non-ASCII character shares one symbol, which can
 * only add candidate matches (a prefilter may over-approximate, never miss).
 */

const OTHER = 1; // symbol shared by every non-ASCII character
const ABSENT = 0; // symbol of characters no needle contains
/** Set in a dense transition when the target state reports needles (saves reading `hasOutput` per character). */
const REPORTS = 0x80000000 | 0;
const STATE = 0x7fffffff;

/** Options for the dense part of the automaton. */
export interface AhoCorasickOptions {
  /** Max entries in the dense transition table (default 2M ≈ 8 MB). */
  readonly maxDenseEntries?: number;
}

/** Marks a BMP character whose lower-case form is one non-ASCII character (it folds to the shared symbol). */
const PLAIN_OTHER = 1;
let FOLD: Uint8Array | undefined;

/**
 * Per BMP character: PLAIN_OTHER when `toLowerCase` gives one non-ASCII character, 0 when it gives an ASCII
 * character or several (those few take the exact slow path). Built once, on the first non-ASCII character.
 */
function foldTable(): Uint8Array {
  if (!FOLD) {
    FOLD = new Uint8Array(65536);
    for (let c = 128; c < 65536; c++) {
      const l = String.fromCharCode(c).toLowerCase();
      FOLD[c] = l.length === 1 && l.charCodeAt(0) >= 128 ? PLAIN_OTHER : 0;
    }
  }
  return FOLD;
}

function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A compiled needle set; `scan` reports needle indices (into the constructor's array). */
export class AhoCorasick {
  /** Symbol of each ASCII code, upper case folded (0 = absent from every needle). */
  private readonly asciiSym = new Uint8Array(128);
  private otherSym = ABSENT;
  private readonly alphabet: number;
  private readonly denseStates: number;
  /** Dense rows: target state, with `REPORTS` set when the target has outputs. */
  private readonly dense: Int32Array;
  // Sparse edges of every state: edges of state s are edgeSym/edgeTo[edgeStart[s] .. edgeStart[s+1]).
  private readonly edgeStart: Int32Array;
  private readonly edgeSym: Uint16Array;
  private readonly edgeTo: Int32Array;
  private readonly fail: Int32Array;
  /** Needle ids ending at a state (own outputs): outStart/outIds like the edges. */
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;
  /** Nearest state on the failure chain that has outputs (-1 when none). */
  private readonly dictLink: Int32Array;
  /** 1 for states that report needles (own outputs or along the dictionary chain). */
  private readonly hasOutput: Uint8Array;
  /** Per state: the epoch in which `scanOnce` last reported it. */
  private readonly stateEpoch: Int32Array;
  private epoch = 0;
  readonly needleCount: number;
  readonly stateCount: number;

  constructor(needles: readonly string[], options: AhoCorasickOptions = {}) {
    this.needleCount = needles.length;
    // Alphabet: symbols 0 (absent) and 1 (other) are reserved.
    let nextSym = 2;
    const symOfCode = (c: number): number => {
      if (c >= 128) {
        if (this.otherSym === ABSENT) this.otherSym = OTHER;
        return OTHER;
      }
      const f = foldAscii(c);
      if (this.asciiSym[f] === 0) this.asciiSym[f] = nextSym++;
      return this.asciiSym[f] as number;
    };
    // Trie in growable typed arrays (first-child / next-sibling lists): no per-state objects, so building
    // an automaton of a few hundred thousand states stays cheap in time and memory.
    let cap = 1024;
    let firstChild = new Int32Array(cap).fill(-1);
    let nextSibling = new Int32Array(cap).fill(-1);
    let symOf = new Uint16Array(cap);
    let outHead = new Int32Array(cap).fill(-1); // index into outNext/outNeedle
    const outNeedle: number[] = [];
    const outNext: number[] = [];
    let count = 1;
    const grow = () => {
      const n = cap * 2;
      const g32 = (old: Int32Array) => {
        const a = new Int32Array(n).fill(-1);
        a.set(old);
        return a;
      };
      firstChild = g32(firstChild);
      nextSibling = g32(nextSibling);
      outHead = g32(outHead);
      const sy = new Uint16Array(n);
      sy.set(symOf);
      symOf = sy;
      cap = n;
    };
    needles.forEach((needle, id) => {
      const lower = needle.toLowerCase();
      let s = 0;
      for (let i = 0; i < lower.length; i++) {
        const sym = symOfCode(lower.charCodeAt(i));
        let c = firstChild[s]!;
        while (c >= 0 && symOf[c] !== sym) c = nextSibling[c]!;
        if (c < 0) {
          if (count === cap) grow();
          c = count++;
          symOf[c] = sym;
          nextSibling[c] = firstChild[s]!;
          firstChild[s] = c;
        }
        s = c;
      }
      outNeedle.push(id);
      outNext.push(outHead[s]!);
      outHead[s] = outNeedle.length - 1;
    });
    this.alphabet = nextSym;
    const S = count;
    this.stateCount = S;
    // BFS renumbering so shallow states have small ids.
    const order = new Int32Array(S);
    let tail = 1;
    for (let i = 0; i < tail; i++)
      for (let c = firstChild[order[i]!]!; c >= 0; c = nextSibling[c]!) order[tail++] = c;
    const newId = new Int32Array(S);
    for (let i = 0; i < S; i++) newId[order[i]!] = i;
    const fail = new Int32Array(S);
    const edges = S - 1;
    this.edgeStart = new Int32Array(S + 1);
    this.edgeSym = new Uint16Array(edges);
    this.edgeTo = new Int32Array(edges);
    let e = 0;
    const kids: [number, number][] = [];
    for (let i = 0; i < S; i++) {
      this.edgeStart[i] = e;
      kids.length = 0;
      for (let c = firstChild[order[i]!]!; c >= 0; c = nextSibling[c]!) kids.push([symOf[c]!, newId[c]!]);
      kids.sort((x, y) => x[0] - y[0]);
      for (const [sym, to] of kids) {
        this.edgeSym[e] = sym;
        this.edgeTo[e] = to;
        e++;
      }
    }
    this.edgeStart[S] = e;
    // Failure links (BFS order = state id order).
    for (let s = 1; s < S; s++) {
      for (let k = this.edgeStart[s]!; k < this.edgeStart[s + 1]!; k++) {
        const sym = this.edgeSym[k]!;
        const child = this.edgeTo[k]!;
        let f = fail[s]!;
        let target = 0;
        for (;;) {
          const t = this.sparseEdge(f, sym);
          if (t >= 0) {
            target = t;
            break;
          }
          if (f === 0) break;
          f = fail[f]!;
        }
        fail[child] = target;
      }
    }
    // Root's children fail to the root (already 0).
    this.fail = fail;
    this.outStart = new Int32Array(S + 1);
    this.outIds = new Int32Array(outNeedle.length);
    let o = 0;
    for (let i = 0; i < S; i++) {
      this.outStart[i] = o;
      const ids: number[] = [];
      for (let k = outHead[order[i]!]!; k >= 0; k = outNext[k]!) ids.push(outNeedle[k]!);
      ids.sort((x, y) => x - y);
      for (const id of ids) this.outIds[o++] = id;
    }
    this.outStart[S] = o;
    const dict = new Int32Array(S).fill(-1);
    for (let s = 1; s < S; s++) {
      const f = fail[s]!;
      dict[s] = this.outStart[f + 1]! > this.outStart[f]! ? f : dict[f]!;
    }
    this.dictLink = dict;
    this.hasOutput = new Uint8Array(S);
    for (let s = 1; s < S; s++)
      this.hasOutput[s] = this.outStart[s + 1]! > this.outStart[s]! || dict[s]! >= 0 ? 1 : 0;
    this.stateEpoch = new Int32Array(S);
    // Dense rows for the first states (BFS order) within the budget.
    const budget = options.maxDenseEntries ?? 2_000_000;
    const denseStates = Math.max(1, Math.min(S, Math.floor(budget / this.alphabet)));
    this.denseStates = denseStates;
    this.dense = new Int32Array(denseStates * this.alphabet);
    // Dense rows are a BFS prefix, so a state's failure target (shallower) already has its row: copy it and
    // overwrite the state's own edges (the classic DFA construction, O(alphabet) per state).
    const A = this.alphabet;
    for (let s = 0; s < denseStates; s++) {
      if (s > 0) this.dense.copyWithin(s * A, fail[s]! * A, fail[s]! * A + A);
      for (let k = this.edgeStart[s]!; k < this.edgeStart[s + 1]!; k++)
        this.dense[s * A + this.edgeSym[k]!] = this.edgeTo[k]!;
    }
    for (let i = 0; i < this.dense.length; i++)
      if (this.hasOutput[this.dense[i]!] === 1) this.dense[i] = this.dense[i]! | REPORTS;
    // Upper-case ASCII letters share their lower-case symbol: the scan loops then skip the fold.
    for (let c = 65; c <= 90; c++) this.asciiSym[c] = this.asciiSym[c + 32]!;
  }

  private sparseEdge(s: number, sym: number): number {
    const end = this.edgeStart[s + 1]!;
    for (let k = this.edgeStart[s]!; k < end; k++) if (this.edgeSym[k] === sym) return this.edgeTo[k]!;
    return -1;
  }

  private next(s: number, sym: number): number {
    let st = s;
    for (;;) {
      if (st < this.denseStates) return this.dense[st * this.alphabet + sym]! & STATE;
      const t = this.sparseEdge(st, sym);
      if (t >= 0) return t;
      st = this.fail[st]!;
    }
  }

  /** Symbol of a character code (folded like `toLowerCase`). */
  private symbolOf(c: number): number {
    if (c < 128) return this.asciiSym[c]!;
    return this.otherSym;
  }

  /**
   * Scans `text` (case-insensitively) and calls `onNeedle(id)` for each needle occurrence end. `onNeedle`
   * returns true to say "already known": the rest of that state's failure chain is then skipped, since it was
   * reported together with it before.
   */
  scan(text: string, onNeedle: (id: number) => boolean): void {
    let s = 0;
    const outStart = this.outStart;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let sym: number;
      if (c < 128) sym = this.asciiSym[c]!;
      else {
        // A non-ASCII character whose lower-case form is ASCII (e.g. KELVIN SIGN → k) or several characters
        // (İ → i + combining dot) must fold exactly as toLowerCase does.
        const folded = foldTable()[c]!;
        if (folded === PLAIN_OTHER) sym = this.otherSym;
        else {
          const lower = String.fromCharCode(c).toLowerCase();
          for (let j = 0; j < lower.length; j++) {
            s = this.next(s, this.symbolOf(lower.charCodeAt(j)));
            s = this.report(s, onNeedle);
          }
          continue;
        }
      }
      if (sym === ABSENT) {
        s = 0;
        continue;
      }
      s = this.next(s, sym);
      if (outStart[s + 1]! > outStart[s]! || this.dictLink[s]! >= 0) this.report(s, onNeedle);
    }
  }

  private report(s: number, onNeedle: (id: number) => boolean): number {
    let st = s;
    while (st > 0) {
      let known = false;
      for (let k = this.outStart[st]!; k < this.outStart[st + 1]!; k++)
        if (onNeedle(this.outIds[k]!)) known = true;
      if (known) break;
      st = this.dictLink[st]!;
    }
    return s;
  }

  /**
   * Starts a new epoch: within one epoch `scanOnce` reports every needle at most once, however many strings
   * (e.g. the values of one event) are scanned.
   */
  newEpoch(): void {
    this.epoch++;
    if (this.epoch === 0x7fffffff) {
      this.epoch = 1;
      this.stateEpoch.fill(0);
    }
  }

  /**
   * Scans `text` case-insensitively and calls `onNeedle(id)` for each needle not yet reported in the current
   * epoch. A state already visited in this epoch is skipped in O(1) (its whole dictionary chain was reported
   * then), so frequent short needles cost one array read per character.
   */
  scanOnce(text: string, onNeedle: (id: number) => void): void {
    let s = 0;
    const A = this.alphabet;
    const dense = this.dense;
    const denseStates = this.denseStates;
    const asciiSym = this.asciiSym;
    const stateEpoch = this.stateEpoch;
    const epoch = this.epoch;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128 && s < denseStates) {
        // Nearly every step: an ASCII character from a dense state. The row's ABSENT column leads back to the
        // root, and the REPORTS bit says whether the target has outputs.
        const t = dense[s * A + asciiSym[c]!]!;
        s = t & STATE;
        if (t < 0 && stateEpoch[s] !== epoch) this.reportOnce(s, onNeedle);
        continue;
      }
      s = this.stepOnce(s, c, onNeedle);
    }
  }

  /** One step of `scanOnce` off its fast path: a non-ASCII character, or a state with sparse edges. */
  private stepOnce(s: number, c: number, onNeedle: (id: number) => void): number {
    let sym: number;
    if (c < 128) sym = this.asciiSym[c]!;
    else if (foldTable()[c] === PLAIN_OTHER) sym = this.otherSym;
    else {
      // Folds to ASCII (KELVIN SIGN → k) or to several characters (İ → i + combining dot): exactly as toLowerCase.
      const lower = String.fromCharCode(c).toLowerCase();
      let st = s;
      for (let j = 0; j < lower.length; j++) {
        st = this.next(st, this.symbolOf(lower.charCodeAt(j)));
        if (this.hasOutput[st] === 1 && this.stateEpoch[st] !== this.epoch) this.reportOnce(st, onNeedle);
      }
      return st;
    }
    if (sym === ABSENT) return 0;
    const t = this.next(s, sym);
    if (this.hasOutput[t] === 1 && this.stateEpoch[t] !== this.epoch) this.reportOnce(t, onNeedle);
    return t;
  }

  private reportOnce(s: number, onNeedle: (id: number) => void): void {
    const epoch = this.epoch;
    for (let st = s; st > 0 && this.stateEpoch[st] !== epoch; st = this.dictLink[st]!) {
      this.stateEpoch[st] = epoch;
      for (let k = this.outStart[st]!; k < this.outStart[st + 1]!; k++) onNeedle(this.outIds[k]!);
    }
  }

  /** Needle indices occurring in `text` (sorted; for tests and tools). */
  findAll(text: string): number[] {
    const seen = new Set<number>();
    this.scan(text, (id) => {
      seen.add(id);
      return false;
    });
    return [...seen].sort((a, b) => a - b);
  }
}
