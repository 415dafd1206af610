/**
 * Lookup structures behind the warninglist matcher: disjoint sorted ranges searched by bisection (CIDR lists, IPv4 as
 * numbers and IPv6 as bigints) and an Aho-Corasick automaton that finds the best-ranked substring pattern in one pass.
 */

/** A list as the lookups see it: its name, whether it is benign, and its rank (lower wins). */
export interface ListRef {
  readonly name: string;
  readonly benign: boolean;
  /** Lower sorts first: benign lists win over known lists, then file order. */
  readonly rank: number;
}

/** Disjoint sorted ranges with the best list per range. */
export class RangeTable<T extends number | bigint> {
  private readonly starts: T[] = [];
  private readonly ends: T[] = [];
  private readonly refs: ListRef[] = [];

  constructor(items: { start: T; end: T; ref: ListRef }[]) {
    // Sweep the boundaries; at each elementary segment keep the best-ranked active list.
    type Ev = { at: T; open: boolean; ref: ListRef };
    const evs: Ev[] = [];
    for (const it of items) {
      evs.push({ at: it.start, open: true, ref: it.ref });
      evs.push({
        at: (typeof it.end === 'bigint' ? it.end + 1n : (it.end as number) + 1) as T,
        open: false,
        ref: it.ref,
      });
    }
    evs.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const active = new Map<ListRef, number>();
    let i = 0;
    while (i < evs.length) {
      const at = evs[i]!.at;
      while (i < evs.length && evs[i]!.at === at) {
        const e = evs[i++]!;
        const n = (active.get(e.ref) ?? 0) + (e.open ? 1 : -1);
        if (n === 0) active.delete(e.ref);
        else active.set(e.ref, n);
      }
      let best: ListRef | undefined;
      for (const r of active.keys()) if (best === undefined || r.rank < best.rank) best = r;
      const last = this.refs.length - 1;
      if (last >= 0 && this.ends[last] === undefined) {
        this.ends[last] = (typeof at === 'bigint' ? at - 1n : (at as number) - 1) as T;
      }
      if (best !== undefined) {
        this.starts.push(at);
        this.refs.push(best);
        this.ends.push(undefined as unknown as T);
      }
    }
  }

  find(v: T): ListRef | undefined {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= v) lo = mid + 1;
      else hi = mid - 1;
    }
    if (hi < 0) return undefined;
    return this.ends[hi]! >= v ? this.refs[hi] : undefined;
  }
}

/** Aho-Corasick automaton over lower-case patterns: one pass over the value finds the best-ranked pattern. */
export class SubstringAutomaton {
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: (ListRef | undefined)[] = [undefined];

  add(pattern: string, ref: ListRef): void {
    let s = 0;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      let t = this.next[s]!.get(c);
      if (t === undefined) {
        t = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.out.push(undefined);
        this.next[s]!.set(c, t);
      }
      s = t;
    }
    const cur = this.out[s];
    if (cur === undefined || ref.rank < cur.rank) this.out[s] = ref;
  }

  build(): void {
    const queue: number[] = [];
    for (const t of this.next[0]!.values()) queue.push(t);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      for (const [c, t] of this.next[s]!) {
        let f = this.fail[s]!;
        while (f !== 0 && !this.next[f]!.has(c)) f = this.fail[f]!;
        const ft = this.next[f]!.get(c);
        this.fail[t] = ft !== undefined && ft !== t ? ft : 0;
        const inherited = this.out[this.fail[t]!];
        const own = this.out[t];
        if (inherited !== undefined && (own === undefined || inherited.rank < own.rank))
          this.out[t] = inherited;
        queue.push(t);
      }
    }
  }

  find(value: string): ListRef | undefined {
    let s = 0;
    let best: ListRef | undefined;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      while (s !== 0 && !this.next[s]!.has(c)) s = this.fail[s]!;
      s = this.next[s]!.get(c) ?? 0;
      const o = this.out[s];
      if (o !== undefined && (best === undefined || o.rank < best.rank)) best = o;
    }
    return best;
  }
}
