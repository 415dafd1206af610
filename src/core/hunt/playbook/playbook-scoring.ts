/**
 * Playbook matching: from the ATT&CK techniques a hunt observed back to the catalog actors whose known
 * techniques they resemble.
 *
 * Scoring (docs/hunting.md "Playbook scoring"): each technique t gets the weight
 *   idf(t) = ln(1 + N / n_t)
 * where N is the number of catalog actors with at least one technique and n_t the number of them using t
 * (smoothed so a technique every actor uses still weighs ln 2 > 0, and one actor's signature technique weighs
 * ln(1 + N)). With O the observed set and A an actor's set (sub-techniques also count for their parent):
 *   coverage  C = Σ_{t∈O∩A} idf(t) / max(Σ_{t∈A} idf(t), M)   (how much of the playbook was seen)
 *   explained E = Σ_{t∈O∩A} idf(t) / Σ_{t∈O} idf(t)   (how much of what was seen the playbook accounts for)
 *   score       = (1 + β²)·C·E / (β²·C + E),  β = 3   (the F-β measure of the two)
 * A hunt sees a small, partial sample of any playbook (rules cover some techniques, logs some hosts), so even
 * the right actor's coverage is low; what separates actors is how well their playbook explains the evidence.
 * β = 3 weighs E nine times C, while C still stops actors with huge technique lists from winning by size.
 * M is the median actor's idf mass: an actor whose known list is shorter than most (often: barely documented)
 * cannot claim its whole playbook was seen from one or two sightings — without it, an actor known for one
 * common technique scored 1.0 whenever a hunt saw that technique alone.
 * Ties break by coverage, then actor id: the ranking is deterministic.
 */
import type { ActorRecord, Catalog, Technique } from '../../catalog/index.js';
import type { TechniqueObservation } from '../../findings/index.js';

export interface PlaybookTechnique {
  readonly id: string;
  readonly name: string;
  readonly idf: number;
}

export interface ActorPlaybookMatch {
  readonly actor_id: string;
  readonly actor_name: string;
  readonly attack_id?: string;
  /** F-β (β = 3) of coverage and explained, 0…1. */
  readonly score: number;
  /** Share of the actor's idf mass that was observed, 0…1. */
  readonly coverage: number;
  /** Share of the observed idf mass the actor's techniques account for, 0…1. */
  readonly explained: number;
  readonly actor_techniques: number;
  /** Observed techniques the actor is known to use, highest idf first. */
  readonly observed: readonly PlaybookTechnique[];
  /** The actor's unobserved techniques with the highest idf (most telling to hunt for next). */
  readonly missing: readonly PlaybookTechnique[];
}

export interface PlaybookOptions {
  /** Actors returned (default 10). */
  readonly limit?: number;
  /** Unobserved techniques listed per actor (default 5). */
  readonly missing?: number;
}

/** An actor with its canonical technique set. */
export interface PlaybookActor {
  readonly actor: ActorRecord;
  readonly techniques: ReadonlySet<string>;
}

export interface ObservedTechniques {
  /** Canonical technique ids (revoked → successor), with parents of observed sub-techniques added. */
  readonly ids: ReadonlySet<string>;
  /** Technique ids from findings that the catalog does not know. */
  readonly unknown: readonly string[];
  /** Revoked ids that were mapped: old → new. */
  readonly remapped: Readonly<Record<string, string>>;
}

/** Maps technique ids (from finding tags) to current catalog techniques and adds parents of sub-techniques. */
export function canonicalTechniques(catalog: Catalog, ids: Iterable<string>): ObservedTechniques {
  const index = catalog.techniques();
  const out = new Set<string>();
  const unknown: string[] = [];
  const remapped: Record<string, string> = {};
  for (const raw of ids) {
    const t = index.get(raw);
    if (!t) {
      if (!unknown.includes(raw)) unknown.push(raw);
      continue;
    }
    const cur: Technique = t.revoked ? (index.successor(t) ?? t) : t;
    if (cur.id !== t.id) remapped[t.id] = cur.id;
    out.add(cur.id);
    if (cur.parent) out.add(cur.parent);
  }
  return { ids: out, unknown, remapped };
}

/** Actor technique sets (canonical ids, parents added) and idf weights over the catalog. */
export class PlaybookIndex {
  readonly actors: readonly PlaybookActor[];
  private readonly idfs = new Map<string, number>();
  readonly actorCount: number;
  /** The median actor's idf mass: the least playbook mass coverage is measured against. */
  readonly minMass: number;

  constructor(readonly catalog: Catalog) {
    const index = catalog.techniques();
    const list: { actor: ActorRecord; techniques: Set<string> }[] = [];
    for (const actor of catalog.actors().all()) {
      const set = new Set<string>();
      for (const ref of actor.techniques) {
        const t = index.get(ref.id);
        if (!t) continue;
        const cur = t.revoked ? (index.successor(t) ?? t) : t;
        set.add(cur.id);
        if (cur.parent) set.add(cur.parent);
      }
      if (set.size > 0) list.push({ actor, techniques: set });
    }
    list.sort((a, b) => (a.actor.id < b.actor.id ? -1 : a.actor.id > b.actor.id ? 1 : 0));
    this.actors = list;
    this.actorCount = list.length;
    const n = new Map<string, number>();
    for (const a of list) for (const t of a.techniques) n.set(t, (n.get(t) ?? 0) + 1);
    for (const [t, count] of n) this.idfs.set(t, Math.log(1 + this.actorCount / count));
    const masses = list
      .map((a) => [...a.techniques].reduce((sum, t) => sum + this.idf(t), 0))
      .sort((x, y) => x - y);
    this.minMass = masses.length > 0 ? masses[Math.floor((masses.length - 1) / 2)]! : 0;
  }

  /** idf of a technique; techniques no actor uses get the maximum weight ln(1 + N). */
  idf(id: string): number {
    return this.idfs.get(id) ?? Math.log(1 + this.actorCount);
  }

  technique(id: string): PlaybookTechnique {
    return { id, name: this.catalog.techniques().get(id)?.name ?? id, idf: round(this.idf(id)) };
  }

  /** Ranks actors against an observed technique set. */
  rank(observed: ReadonlySet<string>, options: PlaybookOptions = {}): ActorPlaybookMatch[] {
    const limit = options.limit ?? 10;
    const missingN = options.missing ?? 5;
    if (observed.size === 0) return [];
    let obsMass = 0;
    for (const t of observed) obsMass += this.idf(t);
    const b2 = SCORE_BETA * SCORE_BETA;
    const scored: { a: PlaybookActor; score: number; coverage: number; explained: number }[] = [];
    for (const a of this.actors) {
      let mass = 0;
      let seenMass = 0;
      for (const t of a.techniques) {
        const w = this.idf(t);
        mass += w;
        if (observed.has(t)) seenMass += w;
      }
      if (seenMass === 0) continue;
      const coverage = seenMass / Math.max(mass, this.minMass);
      const explained = seenMass / obsMass;
      scored.push({
        a,
        score: ((1 + b2) * coverage * explained) / (b2 * coverage + explained),
        coverage,
        explained,
      });
    }
    scored.sort(
      (x, y) => y.score - x.score || y.coverage - x.coverage || (x.a.actor.id < y.a.actor.id ? -1 : 1),
    );
    return scored.slice(0, limit).map(({ a, score, coverage, explained }) => {
      const byIdf = (x: string, y: string) => this.idf(y) - this.idf(x) || (x < y ? -1 : 1);
      const seen = [...a.techniques].filter((t) => observed.has(t)).sort(byIdf);
      const missing = [...a.techniques]
        .filter((t) => !observed.has(t))
        .sort(byIdf)
        .slice(0, missingN);
      return {
        actor_id: a.actor.id,
        actor_name: a.actor.name,
        ...(a.actor.attack_id ? { attack_id: a.actor.attack_id } : {}),
        score: round(score),
        coverage: round(coverage),
        explained: round(explained),
        actor_techniques: a.techniques.size,
        observed: seen.map((t) => this.technique(t)),
        missing: missing.map((t) => this.technique(t)),
      };
    });
  }

  /** An actor's technique set (canonical), or undefined when the actor has none in the catalog. */
  techniquesOf(actorId: string): ReadonlySet<string> | undefined {
    return this.actors.find((a) => a.actor.id === actorId)?.techniques;
  }
}

/** β of the F-β score: how much more "explains the evidence" counts than "covers the playbook". */
export const SCORE_BETA = 3;

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** One actor technique and whether/where/when the hunt saw it. */
export interface ActorTechniqueSighting extends PlaybookTechnique {
  readonly seen: boolean;
  readonly findings: number;
  readonly hosts: readonly string[];
  readonly first: string | null;
  readonly last: string | null;
  readonly rules: readonly string[];
}

export interface ActorPlaybookReport {
  readonly actor_id: string;
  readonly actor_name: string;
  readonly attack_id?: string;
  /** Rank among all actors for this hunt (1 = best), or null when nothing the actor uses was seen. */
  readonly rank: number | null;
  readonly score: number;
  readonly coverage: number;
  readonly seen: number;
  readonly total: number;
  readonly techniques: readonly ActorTechniqueSighting[];
}

/**
 * The `--playbook NAME` report: every technique of one actor with whether it was seen, on which hosts and
 * when (an observed sub-technique counts as a sighting of its parent technique).
 */
export function actorPlaybookReport(
  index: PlaybookIndex,
  actor: ActorRecord,
  observations: readonly TechniqueObservation[],
): ActorPlaybookReport {
  const techniques = index.techniquesOf(actor.id) ?? new Set<string>();
  const obsByTech = new Map<string, TechniqueObservation[]>();
  for (const o of observations) {
    const canon = canonicalTechniques(index.catalog, [o.technique]);
    for (const id of canon.ids) {
      const list = obsByTech.get(id) ?? [];
      list.push(o);
      obsByTech.set(id, list);
    }
  }
  const observed = new Set(obsByTech.keys());
  const ranking = index.rank(observed, { limit: Number.MAX_SAFE_INTEGER, missing: 0 });
  const pos = ranking.findIndex((m) => m.actor_id === actor.id);
  const me = pos >= 0 ? ranking[pos] : undefined;
  const rows: ActorTechniqueSighting[] = [...techniques]
    .map((id) => {
      const obs = obsByTech.get(id) ?? [];
      const hosts = new Set<string>();
      const rules = new Set<string>();
      let first: string | null = null;
      let last: string | null = null;
      let findings = 0;
      for (const o of obs) {
        findings += o.findings;
        for (const h of o.hosts) hosts.add(h);
        for (const r of o.rules) rules.add(r);
        if (o.first !== null && (first === null || o.first < first)) first = o.first;
        if (o.last !== null && (last === null || o.last > last)) last = o.last;
      }
      return {
        ...index.technique(id),
        seen: obs.length > 0,
        findings,
        hosts: [...hosts].sort(),
        first,
        last,
        rules: [...rules].sort(),
      };
    })
    .sort((a, b) => Number(b.seen) - Number(a.seen) || b.idf - a.idf || (a.id < b.id ? -1 : 1));
  return {
    actor_id: actor.id,
    actor_name: actor.name,
    ...(actor.attack_id ? { attack_id: actor.attack_id } : {}),
    rank: me ? pos + 1 : null,
    score: me?.score ?? 0,
    coverage: me?.coverage ?? 0,
    seen: rows.filter((r) => r.seen).length,
    total: rows.length,
    techniques: rows,
  };
}
