/**
 * ATT&CK technique lookup (enterprise + ICS) by id or name, with revoked/deprecated ids mapped to their
 * successor (`revoked-by`), and per-technique actor counts for IDF weighting in hunt playbooks.
 */
import type { ActorRecord, Tactic, Technique } from './model.js';
import { editDistance, nameKey } from './name-key.js';

/** Result of looking up a technique id or name. */
export type TechniqueResolution =
  | {
      readonly kind: 'technique';
      readonly query: string;
      readonly technique: Technique;
      /** For revoked techniques: the replacement (following `revoked-by` chains). */
      readonly successor?: Technique;
      readonly matched: 'id' | 'name';
      readonly parent?: Technique;
      readonly subtechniques: readonly Technique[];
    }
  | { readonly kind: 'ambiguous'; readonly query: string; readonly candidates: readonly Technique[] }
  | { readonly kind: 'unknown'; readonly query: string; readonly suggestions: readonly Technique[] };

/** A technique an actor uses, with its tactics. */
export interface ActorTechniqueUse {
  readonly technique: Technique;
  readonly tactics: readonly string[];
  readonly via: 'direct' | 'campaign';
}

const ID_RE = /^T\d{4}(\.\d{3})?$/i;

/** Technique and tactic tables with id/name lookup. */
export class TechniqueIndex {
  private readonly byId = new Map<string, Technique>();
  private readonly byName = new Map<string, Technique[]>();
  private readonly children = new Map<string, Technique[]>();
  readonly tactics: readonly Tactic[];

  constructor(techniques: readonly Technique[], tactics: readonly Tactic[]) {
    this.tactics = tactics;
    for (const t of techniques) {
      this.byId.set(t.id, t);
      if (t.parent) {
        const list = this.children.get(t.parent) ?? [];
        list.push(t);
        this.children.set(t.parent, list);
      }
    }
    for (const t of techniques) {
      const keys = new Set([nameKey(t.name)]);
      const parent = t.parent ? this.byId.get(t.parent) : undefined;
      if (parent) keys.add(nameKey(`${parent.name} ${t.name}`));
      for (const k of keys) {
        const list = this.byName.get(k) ?? [];
        list.push(t);
        this.byName.set(k, list);
      }
    }
  }

  /** Technique by id (`T1003.003`, case-insensitive), revoked ones included. */
  get(id: string): Technique | undefined {
    return this.byId.get(id.trim().toUpperCase());
  }

  /** Every technique (revoked and deprecated included; check the flags). */
  all(): Technique[] {
    return [...this.byId.values()];
  }

  /** Sub-techniques of a technique. */
  subtechniques(id: string): readonly Technique[] {
    return this.children.get(id.toUpperCase()) ?? [];
  }

  /** Follows `revoked_by` to the current technique (undefined when not revoked or the chain breaks). */
  successor(t: Technique): Technique | undefined {
    let cur = t;
    const seen = new Set<string>();
    while (cur.revoked_by && !seen.has(cur.id)) {
      seen.add(cur.id);
      const next = this.byId.get(cur.revoked_by);
      if (!next) return undefined;
      cur = next;
    }
    return cur === t ? undefined : cur;
  }

  /** Looks up an id or a name ("OS Credential Dumping", "NTDS", "OS Credential Dumping: NTDS"). */
  resolve(query: string): TechniqueResolution {
    const q = query.trim();
    if (ID_RE.test(q)) {
      const t = this.get(q);
      if (t) return this.found(query, t, 'id');
      return { kind: 'unknown', query, suggestions: this.suggest(q) };
    }
    const matches = (this.byName.get(nameKey(q)) ?? []).filter((t) => !t.revoked);
    const current = matches.filter((t) => !t.deprecated);
    const pick = current.length > 0 ? current : matches;
    if (pick.length === 1) return this.found(query, pick[0] as Technique, 'name');
    if (pick.length > 1) return { kind: 'ambiguous', query, candidates: pick };
    return { kind: 'unknown', query, suggestions: this.suggest(q) };
  }

  private found(query: string, t: Technique, matched: 'id' | 'name'): TechniqueResolution {
    const successor = this.successor(t);
    const parent = t.parent ? this.byId.get(t.parent) : undefined;
    return {
      kind: 'technique',
      query,
      technique: t,
      ...(successor ? { successor } : {}),
      matched,
      ...(parent ? { parent } : {}),
      subtechniques: this.subtechniques(t.id),
    };
  }

  private suggest(q: string): Technique[] {
    const qk = nameKey(q);
    const max = Math.max(1, Math.floor(qk.length / 3));
    const scored: { t: Technique; d: number }[] = [];
    for (const t of this.byId.values()) {
      if (t.revoked) continue;
      const d = Math.min(editDistance(qk, nameKey(t.name), max), editDistance(qk, nameKey(t.id), max));
      if (d <= max || nameKey(t.name).includes(qk)) scored.push({ t, d: d <= max ? d : max + 1 });
    }
    return scored
      .sort((a, b) => a.d - b.d || a.t.id.localeCompare(b.t.id))
      .slice(0, 5)
      .map((s) => s.t);
  }

  /** Techniques an actor uses, with tactics, sorted by id. Unknown ids are skipped. */
  actorUses(actor: ActorRecord): ActorTechniqueUse[] {
    const out: ActorTechniqueUse[] = [];
    for (const ref of actor.techniques) {
      const t = this.byId.get(ref.id);
      if (t) out.push({ technique: t, tactics: t.tactics, via: ref.via });
    }
    return out.sort((a, b) => a.technique.id.localeCompare(b.technique.id));
  }
}

/** Number of distinct actors using each technique id (for IDF weighting). */
export function countActorsPerTechnique(actors: readonly ActorRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of actors) {
    const ids = new Set(a.techniques.map((t) => t.id));
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
