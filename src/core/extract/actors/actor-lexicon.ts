/**
 * The actor lexicon, compiled once per catalog: every alias spelling of every actor in one phrase matcher,
 * with the catalog's flags (short, common word, software name, ambiguous), plus the vendor naming patterns
 * for names the catalog does not list.
 */
import {
  type AliasIndexEntry,
  type Catalog,
  type NamingPatternMatch,
  nameKey,
  type SoftwareKind,
} from '../../catalog/index.js';
import { PhraseMatcher } from '../text/index.js';

/** Compiled actor lexicon. */
export interface ActorLexicon {
  readonly matcher: PhraseMatcher<AliasIndexEntry>;
  /** Vendor naming patterns (for unlisted names). */
  recognize(name: string): readonly NamingPatternMatch[];
  /** Catalog origin countries (ISO2) per actor id. */
  origins(actorId: string): readonly string[];
  /** Canonical name of an actor id. */
  actorName(actorId: string): string | undefined;
  /** Whether a name is a malware/tool name. */
  isSoftware(name: string): boolean;
  /** The kinds (malware, ransomware, tool…) the catalog gives a software name, empty when it lists none. */
  softwareKinds(name: string): readonly SoftwareKind[];
  /** The catalog's own spelling of a software name ("Cl0p" → "Clop"). */
  softwareName(name: string): string | undefined;
  /** Whether the name is an alias of a catalog actor (or several). */
  knownActorName(name: string): boolean;
  /** Whether the name is a country name or demonym ("Korean", "Cuba"). */
  isPlaceName(name: string): boolean;
  /** Last words of the two-word vendor naming patterns ("typhoon", "panda", "bear"), lower case. */
  readonly patternWords: ReadonlySet<string>;
}

/** Compiles the actor lexicon from the catalog. */
export function compileActorLexicon(catalog: Catalog): ActorLexicon {
  const entries = catalog.aliasEntries();
  const pairs: [string, AliasIndexEntry][] = [];
  for (const e of entries) for (const s of new Set([e.alias, ...e.spellings])) pairs.push([s, e]);
  const matcher = new PhraseMatcher(pairs, { maxGap: 2 });
  const aliasKeys = new Set(entries.map((e) => e.key));
  const originCache = new Map<string, readonly string[]>();
  const software = catalog.softwares();
  const softwareCache = new Map<string, boolean>();
  const patternWords = new Set<string>();
  for (const p of catalog.part('patterns').patterns) {
    const m = /\s([A-Za-z]+)(?:\?)?\$$/.exec(p.regex.replace(/\(\?:[^)]*\)|\[[^\]]*\]/g, ''));
    const word = /([A-Za-z]+)\W*$/.exec(p.display);
    for (const w of [m?.[1], /^</.test(p.display) ? word?.[1] : undefined]) {
      if (!w) continue;
      const lw = w.toLowerCase();
      patternWords.add(lw);
      patternWords.add(lw.endsWith('s') ? lw.slice(0, -1) : `${lw}s`);
    }
  }
  return {
    patternWords,
    matcher,
    recognize: (name) => catalog.recognizeName(name),
    origins(actorId) {
      let hit = originCache.get(actorId);
      if (!hit) {
        const actor = catalog.getActor(actorId);
        hit = [
          ...new Set(
            (actor?.origins ?? []).map((o) => o.country).filter((c): c is string => c !== undefined),
          ),
        ];
        originCache.set(actorId, hit);
      }
      return hit;
    },
    actorName: (id) => catalog.getActor(id)?.name,
    softwareKinds(name) {
      return [...new Set(software.resolve(name).flatMap((s) => s.kinds))];
    },
    softwareName: (name) => software.resolve(name)[0]?.name,
    isPlaceName: (name) => catalog.geo().resolve(name).length > 0,
    knownActorName: (name) => aliasKeys.has(nameKey(name)),
    isSoftware(name) {
      let hit = softwareCache.get(name);
      if (hit === undefined) {
        hit = software.resolve(name).length > 0;
        if (softwareCache.size > 50_000) softwareCache.clear();
        softwareCache.set(name, hit);
      }
      return hit;
    },
  };
}
