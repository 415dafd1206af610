/**
 * The alias index over all actors and the actor resolver. One lower-cased, punctuation-free key
 * (`nameKey`) maps to every actor that any source lists under that name. Names listed for two or more
 * actors are ambiguous and are never merged: the resolver prefers a candidate only when the name is that
 * actor's canonical name or an ATT&CK-listed alias and no other candidate has that standing.
 */
import type { ActorRecord, CatalogSource } from './model.js';
import { editDistance, nameKey, nameTokens } from './name-key.js';
import type { NamingPatternMatch } from './naming-patterns.js';

/** One actor a name points to, with the sources behind that link. */
export interface AliasLink {
  readonly actor: string;
  readonly actor_name: string;
  readonly attack_id?: string;
  /** The alias as that actor's record spells it. */
  readonly alias: string;
  readonly sources: readonly CatalogSource[];
  readonly vendor?: string;
  /** The name is this actor's canonical name (ATT&CK/Microsoft-anchored) or an ATT&CK-listed alias. */
  readonly primary: boolean;
}

/** Every alias string with the actors it points to (for the entity extractor). */
export interface AliasIndexEntry {
  /** Display spelling (the first candidate's). */
  readonly alias: string;
  /** Every spelling seen for this key. */
  readonly spellings: readonly string[];
  readonly key: string;
  readonly candidates: readonly AliasLink[];
  /** Two or more actors list this name. */
  readonly ambiguous: boolean;
  /** Key of 3 characters or fewer: too short to trust without context. */
  readonly short: boolean;
  /** A single ordinary English word ("Lotus"): needs context (e.g. "the Lotus group") to count. */
  readonly common_word: boolean;
  /** Also the name or alias of a malware family or tool (set by the catalog from the software list). */
  readonly software_name: boolean;
}

/** A close name for a query that matched nothing. */
export interface ActorSuggestion {
  readonly alias: string;
  readonly actor: string;
  readonly actor_name: string;
  readonly distance: number;
}

/** Result of resolving a name to an actor. */
export type ActorResolution =
  | {
      readonly kind: 'actor';
      readonly query: string;
      readonly actor: ActorRecord;
      /** The link used (alias, sources). */
      readonly link: AliasLink;
      /** Other actors that some source also lists under this name (the name is ambiguous when non-empty). */
      readonly also: readonly AliasLink[];
      /** Vendor naming patterns the name fits (informational). */
      readonly patterns: readonly NamingPatternMatch[];
    }
  | {
      readonly kind: 'ambiguous';
      readonly query: string;
      readonly candidates: readonly AliasLink[];
      readonly patterns: readonly NamingPatternMatch[];
    }
  | {
      readonly kind: 'unlisted';
      readonly query: string;
      readonly patterns: readonly NamingPatternMatch[];
      readonly suggestions: readonly ActorSuggestion[];
    }
  | { readonly kind: 'unknown'; readonly query: string; readonly suggestions: readonly ActorSuggestion[] };

function isVettedActor(a: ActorRecord): boolean {
  return !a.id.startsWith('misp:') && !a.id.startsWith('spindle:');
}

/** Alias → actors index with resolution and suggestions. */
export class ActorIndex {
  private readonly byId = new Map<string, ActorRecord>();
  private readonly byKey = new Map<string, AliasLink[]>();
  private readonly spellings = new Map<string, string[]>();
  private readonly commonWord = new Set<string>();
  private entriesCache: AliasIndexEntry[] | undefined;

  constructor(
    actors: readonly ActorRecord[],
    /** Normalised software names, asked for only when `entries()` needs the flag. */
    private readonly softwareKeys: () => ReadonlySet<string> = () => new Set(),
    commonWords: Iterable<string> = [],
  ) {
    for (const w of commonWords) this.commonWord.add(w);
    for (const actor of actors) {
      this.byId.set(actor.id, actor);
      const canonicalKey = nameKey(actor.name);
      const vetted = isVettedActor(actor);
      for (const alias of actor.aliases) {
        const key = nameKey(alias.name);
        if (key.length === 0) continue;
        let links = this.byKey.get(key);
        if (!links) {
          links = [];
          this.byKey.set(key, links);
        } else if (links.some((l) => l.actor === actor.id)) continue;
        const link: { -readonly [K in keyof AliasLink]: AliasLink[K] } = {
          actor: actor.id,
          actor_name: actor.name,
          alias: alias.name,
          sources: alias.sources,
          primary:
            (key === canonicalKey && vetted) ||
            alias.sources.includes('attack') ||
            alias.sources.includes('attack-ics'),
        };
        if (actor.attack_id) link.attack_id = actor.attack_id;
        if (alias.vendor) link.vendor = alias.vendor;
        links.push(link);
      }
    }
  }

  /** Spellings and common-word flags, gathered only when `entries()` is asked for. */
  private gatherSpellings(): void {
    for (const actor of this.byId.values()) {
      for (const alias of actor.aliases) {
        const key = nameKey(alias.name);
        if (key.length === 0) continue;
        if (alias.common_word) this.commonWord.add(key);
        const spell = this.spellings.get(key) ?? [];
        for (const s of [alias.name, ...(alias.variants ?? [])]) if (!spell.includes(s)) spell.push(s);
        this.spellings.set(key, spell);
      }
    }
  }

  /** Actor by catalog id (`G1017`, `ms:…`, `misp:…`, `spindle:…`) or ATT&CK id in any case. */
  get(id: string): ActorRecord | undefined {
    return this.byId.get(id) ?? this.byId.get(id.toUpperCase());
  }

  /** Every actor. */
  all(): ActorRecord[] {
    return [...this.byId.values()];
  }

  /** Actors a name points to (empty when none). */
  links(name: string): readonly AliasLink[] {
    return this.byKey.get(nameKey(name)) ?? [];
  }

  /**
   * Resolves a name. `patterns` is the naming recogniser's answer for the same name (the index does not
   * know the patterns itself).
   */
  resolve(query: string, patterns: readonly NamingPatternMatch[]): ActorResolution {
    const direct = this.get(query.trim());
    if (direct && /^(G\d{4}|ms:|misp:|spindle:)/i.test(query.trim())) {
      const link = this.links(direct.name).find((l) => l.actor === direct.id);
      if (link) return { kind: 'actor', query, actor: direct, link, also: [], patterns };
    }
    const links = this.links(query);
    if (links.length === 1) {
      const [link] = links as [AliasLink];
      const actor = this.byId.get(link.actor) as ActorRecord;
      return { kind: 'actor', query, actor, link, also: [], patterns };
    }
    if (links.length > 1) {
      const primary = links.filter((l) => l.primary);
      if (primary.length === 1) {
        const [link] = primary as [AliasLink];
        const actor = this.byId.get(link.actor) as ActorRecord;
        return { kind: 'actor', query, actor, link, also: links.filter((l) => l !== link), patterns };
      }
      return { kind: 'ambiguous', query, candidates: orderLinks(links), patterns };
    }
    const suggestions = this.suggest(query, 5);
    if (patterns.length > 0) return { kind: 'unlisted', query, patterns, suggestions };
    return { kind: 'unknown', query, suggestions };
  }

  /**
   * Up to `limit` close names: edit distance on the normalised key (at most a third of its length) or
   * shared words (token Jaccard ≥ 0.5), one suggestion per actor, closest first.
   */
  suggest(query: string, limit = 5): ActorSuggestion[] {
    const qk = nameKey(query);
    if (qk.length === 0) return [];
    const qt = new Set(nameTokens(query));
    const maxDist = Math.max(1, Math.floor(qk.length / 3));
    const scored: { link: AliasLink; score: number; distance: number }[] = [];
    for (const [key, links] of this.byKey) {
      const d = editDistance(qk, key, maxDist);
      let score = d <= maxDist ? d : Number.POSITIVE_INFINITY;
      if (qt.size > 0) {
        const kt = nameTokens(links[0]?.alias ?? key);
        const inter = kt.filter((t) => qt.has(t)).length;
        const union = new Set([...kt, ...qt]).size;
        const jaccard = union === 0 ? 0 : inter / union;
        if (jaccard >= 0.5) score = Math.min(score, maxDist + (1 - jaccard) * 2);
        else if (key.startsWith(qk) && qk.length >= 4) score = Math.min(score, maxDist + 1.5);
      }
      if (score === Number.POSITIVE_INFINITY) continue;
      for (const link of orderLinks(links)) scored.push({ link, score, distance: d });
    }
    scored.sort((a, b) => a.score - b.score || a.link.alias.localeCompare(b.link.alias));
    const out: ActorSuggestion[] = [];
    const seen = new Set<string>();
    for (const s of scored) {
      const k = nameKey(s.link.alias);
      if (seen.has(k) || seen.has(s.link.actor)) continue;
      seen.add(k);
      seen.add(s.link.actor);
      out.push({
        alias: s.link.alias,
        actor: s.link.actor,
        actor_name: s.link.actor_name,
        distance: s.distance,
      });
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Every alias key with its candidates and flags (computed once). */
  entries(): readonly AliasIndexEntry[] {
    if (this.entriesCache) return this.entriesCache;
    this.gatherSpellings();
    const out: AliasIndexEntry[] = [];
    const software = this.softwareKeys();
    for (const [key, links] of this.byKey) {
      out.push({
        alias: links[0]?.alias ?? key,
        spellings: this.spellings.get(key) ?? [],
        key,
        candidates: orderLinks(links),
        ambiguous: links.length > 1,
        short: key.length <= 3,
        common_word: this.commonWord.has(key),
        software_name: software.has(key),
      });
    }
    out.sort((a, b) => a.key.localeCompare(b.key));
    this.entriesCache = out;
    return out;
  }
}

/** Primary links first, then ATT&CK actors, then by name. */
function orderLinks(links: readonly AliasLink[]): AliasLink[] {
  const rank = (l: AliasLink): number => (l.primary ? 0 : 2) + (l.attack_id ? 0 : 1);
  return [...links].sort((a, b) => rank(a) - rank(b) || a.actor_name.localeCompare(b.actor_name));
}
