/**
 * Joins actors across ATT&CK, Microsoft's mapping, three MISP galaxies and Spindle without silent merges.
 *
 * Anchors are ATT&CK groups, then Microsoft actors. Another source's record attaches to an anchor only on
 * strong evidence (see `ActorEntry.join`): the same ATT&CK id; its own primary name is the anchor's canonical
 * name or an ATT&CK-listed alias of exactly one group; or two or more of its names are ATT&CK aliases of one
 * group and none is an alias of another group.
 * Shared synonyms never merge: a record that does not attach becomes its own actor, and every name it
 * lists stays linked to it, so names listed for several actors surface as ambiguous in the alias index.
 * The full rules are in docs/catalog.md.
 */
import type { ActorEntry, ActorRecord, ActorRelation, SpindleFile } from '../../src/core/catalog/index.js';
import { nameKey } from '../../src/core/catalog/index.js';
import { ActorAcc, microsoftOwnName, slug } from './actor-accumulator.js';
import type { AttackGroup } from './attack.js';
import { COMMON_WORD_ALIASES } from './common-words.js';
import { MISP_NAME_ATTRIBUTION_VENDORS } from './misp-vendors.js';
import type { JsonCursor } from './source-reader.js';

/** Looks up ISO codes for country text and NAICS/STIX for sector words (built from the geo/sector parts). */
export interface Normalisers {
  country(text: string): string | undefined;
  sector(text: string): { naics: readonly string[]; stix: readonly string[] } | undefined;
}

/** Source inputs of the join. */
export interface ActorSources {
  readonly attackGroups: ReadonlyMap<string, AttackGroup>;
  readonly mispMitre: JsonCursor;
  readonly microsoft: JsonCursor;
  readonly mispMicrosoft: JsonCursor;
  readonly mispThreatActor: JsonCursor;
  readonly spindle: JsonCursor;
}

export interface ActorsBuild {
  readonly actors: ActorRecord[];
  readonly spindle: Omit<SpindleFile, 'format' | 'licence' | 'attribution'>;
  readonly commonWords: string[];
  /** Counts for the manifest and tests. */
  readonly stats: Record<string, number>;
}

/** Runs the join. */
export function buildActors(src: ActorSources, norm: Normalisers): ActorsBuild {
  const actors = new Map<string, ActorAcc>();
  const attackAliasOwners = new Map<string, Set<string>>();
  const canonicalOwner = new Map<string, string>(); // canonical-name key of a vetted actor → id
  const uuidToActor = new Map<string, string>();
  const stats: Record<string, number> = {};
  const bump = (k: string): void => {
    stats[k] = (stats[k] ?? 0) + 1;
  };

  // 1. ATT&CK groups are the first anchors.
  for (const g of src.attackGroups.values()) {
    const a = new ActorAcc(g.attack_id, g.name, true);
    a.attackId = g.attack_id;
    a.stixId = g.stix_id;
    for (const [name, domains] of g.aliases) for (const d of domains) a.alias(name, d);
    a.techniques = [...g.techniques.entries()]
      .map(([id, via]) => ({ id, via }))
      .sort((x, y) => x.id.localeCompare(y.id));
    a.software = [...g.software].sort();
    a.entries.push({ source: 'attack', ref: g.attack_id, name: g.name, join: 'anchor' });
    actors.set(a.id, a);
    uuidToActor.set(g.stix_id.replace(/^intrusion-set--/, ''), a.id);
    canonicalOwner.set(nameKey(g.name), a.id);
    for (const key of a.aliases.keys()) {
      const set = attackAliasOwners.get(key) ?? new Set();
      set.add(a.id);
      attackAliasOwners.set(key, set);
    }
  }
  const uniqueAttackOwner = (key: string): string | undefined => {
    const owners = attackAliasOwners.get(key);
    return owners && owners.size === 1 ? [...owners][0] : undefined;
  };

  // 2. MISP mitre-intrusion-set: the same groups, by G-id.
  for (const v of src.mispMitre.get('values').arr()) {
    const meta = v.get('meta');
    const gid = meta.get('external_id').str();
    const a = actors.get(gid);
    const uuid = v.get('uuid').str();
    if (!a) {
      bump('misp_mitre_unmatched');
      continue;
    }
    uuidToActor.set(uuid, a.id);
    const value = v
      .get('value')
      .str()
      .replace(/\s+-\s+G\d{4}$/, '');
    a.alias(value, 'misp-mitre-intrusion-set');
    for (const s of meta.get('synonyms').strList()) a.alias(s, 'misp-mitre-intrusion-set');
    a.entries.push({ source: 'misp-mitre-intrusion-set', ref: uuid, name: value, join: 'attack-id' });
  }

  // 3. Microsoft's mapping: attach to an ATT&CK group or anchor a new actor.
  const msByName = new Map<string, string>();
  const msAnyName = new Map<string, Set<string>>(); // every name in Microsoft's rows → actor ids
  const originParts = (text: string): { countries: { iso: string; text: string }[]; other: string[] } => {
    const countries: { iso: string; text: string }[] = [];
    const other: string[] = [];
    for (const part of text.split(/,\s*/)) {
      const iso = norm.country(part);
      if (iso) countries.push({ iso, text: part.trim() });
      else if (part.trim()) other.push(part.trim());
    }
    return { countries, other };
  };
  for (const row of src.microsoft.arr()) {
    const name = row.get('Threat actor name').str().trim();
    const origin = row.get('Origin/Threat').optStr() ?? '';
    const others = (row.get('Other names').optStr() ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const key = nameKey(name);
    let target = canonicalOwner.get(key) ?? uniqueAttackOwner(key);
    let join: ActorEntry['join'] = 'primary-name';
    if (!target) {
      const hits = new Map<string, number>();
      for (const o of others)
        for (const owner of attackAliasOwners.get(nameKey(o)) ?? [])
          hits.set(owner, (hits.get(owner) ?? 0) + 1);
      if (hits.size === 1) {
        const [[owner, count]] = [...hits.entries()] as [[string, number]];
        if (count >= 2) {
          target = owner;
          join = 'names';
        }
      }
    }
    let a: ActorAcc;
    if (target) {
      a = actors.get(target) as ActorAcc;
      bump('microsoft_attached');
    } else {
      a = new ActorAcc(`ms:${slug(name)}`, name, true);
      actors.set(a.id, a);
      canonicalOwner.set(key, a.id);
      join = 'anchor';
      bump('microsoft_anchors');
    }
    msByName.set(key, a.id);
    for (const n of [name, ...others]) {
      const set = msAnyName.get(nameKey(n)) ?? new Set();
      set.add(a.id);
      msAnyName.set(nameKey(n), set);
    }
    a.alias(name, 'microsoft', 'Microsoft');
    for (const o of others) a.alias(o, 'microsoft', microsoftOwnName(o) ? 'Microsoft' : undefined);
    const parts = originParts(origin);
    for (const c of parts.countries)
      a.origins.push({ source: 'microsoft', country: c.iso, text: c.text, kind: 'origin' });
    for (const o of parts.other) a.categories.push({ source: 'microsoft', text: o });
    a.entries.push({ source: 'microsoft', ref: name, name, join });
  }

  // 4. MISP microsoft-activity-group: MISP's copy of Microsoft's list, joined by the actor name.
  for (const v of src.mispMicrosoft.get('values').arr()) {
    const value = v.get('value').str().trim();
    const meta = v.get('meta');
    const uuid = v.get('uuid').str();
    const key = nameKey(value);
    let id = msByName.get(key);
    let join: ActorEntry['join'] = 'same-record';
    const former = msAnyName.get(key);
    // MISP's copy may predate a rename (Storm-0156 → Viridian Vortex): a name Microsoft lists for one actor only.
    if (!id && former && former.size === 1) id = [...former][0];
    if (!id) {
      id = canonicalOwner.get(key) ?? uniqueAttackOwner(key);
      join = 'primary-name';
    }
    let a: ActorAcc;
    if (id) a = actors.get(id) as ActorAcc;
    else {
      a = new ActorAcc(`ms:${slug(value)}`, value, true);
      actors.set(a.id, a);
      canonicalOwner.set(key, a.id);
      join = 'anchor';
      bump('misp_microsoft_anchors');
    }
    uuidToActor.set(uuid, a.id);
    a.alias(value, 'misp-microsoft-activity-group', 'Microsoft');
    for (const s of meta.get('synonyms').strList()) a.alias(s, 'misp-microsoft-activity-group');
    // `microsoft-origin-threat` (and `sector`, which this galaxy fills with the same text) is Microsoft's
    // origin/motivation column, not a targeted sector.
    const originText = meta.get('microsoft-origin-threat').optStr();
    const country = meta.get('country').optStr();
    if (originText) {
      const parts = originParts(originText);
      for (const c of parts.countries)
        a.origins.push({
          source: 'misp-microsoft-activity-group',
          country: c.iso,
          text: c.text,
          kind: 'origin',
        });
      for (const o of parts.other) a.categories.push({ source: 'misp-microsoft-activity-group', text: o });
    } else if (country)
      a.origins.push({ source: 'misp-microsoft-activity-group', country, text: country, kind: 'origin' });
    a.entries.push({ source: 'misp-microsoft-activity-group', ref: uuid, name: value, join });
  }

  // Strong evidence for records of MISP threat-actor and Spindle: their own primary name.
  const attachByPrimary = (value: string): string | undefined => {
    const key = nameKey(value);
    return canonicalOwner.get(key) ?? uniqueAttackOwner(key);
  };
  /** Two or more distinct names that ATT&CK lists for one group, and none for any other group. */
  const attachByNames = (names: readonly string[]): string | undefined => {
    const hits = new Map<string, Set<string>>();
    for (const n of names) {
      const k = nameKey(n);
      for (const owner of attackAliasOwners.get(k) ?? [])
        hits.set(owner, (hits.get(owner) ?? new Set()).add(k));
    }
    if (hits.size !== 1) return undefined;
    const [[owner, keys]] = [...hits.entries()] as [[string, Set<string>]];
    return keys.size >= 2 ? owner : undefined;
  };

  // 5. MISP threat-actor.
  const pendingRelated: { from: string; dest: string; type: string; confidence?: string }[] = [];
  const mispOwnCanonical = new Map<string, string[]>();
  for (const v of src.mispThreatActor.get('values').arr()) {
    const value = v.get('value').str().trim();
    const uuid = v.get('uuid').str();
    const meta = v.get('meta');
    const vendors = new Map<string, string>();
    for (const na of meta.get('name-attribution').strList()) {
      const i = na.lastIndexOf(':');
      const vendor = MISP_NAME_ATTRIBUTION_VENDORS[na.slice(i + 1)]?.vendor;
      if (i > 0 && vendor) vendors.set(nameKey(na.slice(0, i)), vendor);
    }
    for (const k of meta.keys()) {
      if (k.startsWith('origin:')) vendors.set(nameKey(k.slice(7)), meta.get(k).str());
    }
    const synonyms = meta.get('synonyms').strList();
    const byPrimary = attachByPrimary(value);
    const target = byPrimary ?? attachByNames([value, ...synonyms]);
    let a: ActorAcc;
    if (target) {
      a = actors.get(target) as ActorAcc;
      a.entries.push({
        source: 'misp-threat-actor',
        ref: uuid,
        name: value,
        join: byPrimary ? 'primary-name' : 'names',
      });
      bump('misp_threat_actor_attached');
    } else {
      a = new ActorAcc(`misp:${uuid}`, value, false);
      actors.set(a.id, a);
      a.entries.push({ source: 'misp-threat-actor', ref: uuid, name: value, join: 'anchor' });
      const list = mispOwnCanonical.get(nameKey(value)) ?? [];
      list.push(a.id);
      mispOwnCanonical.set(nameKey(value), list);
      bump('misp_threat_actor_own');
    }
    uuidToActor.set(uuid, a.id);
    for (const n of [value, ...synonyms]) a.alias(n, 'misp-threat-actor', vendors.get(nameKey(n)));
    const country = meta.get('country').optStr();
    if (country)
      a.origins.push({
        source: 'misp-threat-actor',
        ...(norm.country(country) ? { country: norm.country(country) as string } : {}),
        text: country,
        kind: 'origin',
      });
    const sponsor = meta.get('cfr-suspected-state-sponsor').optStr();
    if (sponsor)
      a.origins.push({
        source: 'misp-threat-actor',
        ...(norm.country(sponsor) ? { country: norm.country(sponsor) as string } : {}),
        text: sponsor,
        kind: 'sponsor',
      });
    for (const s of [
      ...meta.get('targeted-sector').strList(),
      ...meta.get('cfr-target-category').strList(),
    ]) {
      const n = norm.sector(s.trim());
      if (!a.sectors.some((x) => x.source === 'misp-threat-actor' && nameKey(x.text) === nameKey(s)))
        a.sectors.push({
          source: 'misp-threat-actor',
          text: s.trim(),
          ...(n ? { naics: n.naics, stix: n.stix } : {}),
        });
    }
    for (const c of meta.get('cfr-suspected-victims').strList()) {
      const iso = norm.country(c);
      a.victims.push({ source: 'misp-threat-actor', text: c, ...(iso ? { country: iso } : {}) });
    }
    for (const r of v.get('related').optArr()) {
      const tags = r.get('tags').strList();
      const conf = tags
        .map((t) => /likelihood-probability="([^"]+)"/.exec(t)?.[1])
        .find((x) => x !== undefined);
      pendingRelated.push({
        from: a.id,
        dest: r.get('dest-uuid').str(),
        type: r.get('type').str(),
        ...(conf ? { confidence: conf } : {}),
      });
    }
  }
  for (const r of pendingRelated) {
    const to = uuidToActor.get(r.dest);
    if (!to || to === r.from) continue;
    const a = actors.get(r.from) as ActorAcc;
    if (a.related.some((x) => x.actor === to && x.type === r.type)) continue;
    a.related.push({
      actor: to,
      type: r.type,
      source: 'misp-threat-actor',
      ...(r.confidence ? { confidence: r.confidence } : {}),
    });
  }

  // 6. Spindle (CC BY-SA: kept in its own file).
  const attach: SpindleFile['attach'][number][] = [];
  const spindleActors: ActorAcc[] = [];
  // Spindle's partial aliases, subgroups and associations become `related` links, resolved once every actor
  // of the main file is known (only names that point to exactly one actor).
  const spindleRelations: { owner: () => ActorRelation[]; from: string; name: string; type: string }[] = [];
  const relationNames = (e: JsonCursor): { name: string; type: string }[] => [
    ...e
      .get('partial_aliases')
      .strList()
      .map((name) => ({ name, type: 'partial-alias' })),
    ...e
      .get('subgroups')
      .strList()
      .map((name) => ({ name, type: 'subgroup' })),
    ...e
      .get('associations')
      .strList()
      .map((name) => ({ name, type: 'association' })),
  ];
  for (const key of src.spindle.keys()) {
    const e = src.spindle.get(key);
    const aliases = [...e.get('full_aliases').strList()];
    const relations = relationNames(e);
    const countries = e.get('countries').strList();
    const organisations = e.get('organisations').strList();
    let target = attachByPrimary(key);
    let join: ActorEntry['join'] = 'primary-name';
    if (!target) {
      target = attachByNames([key, ...aliases]);
      if (target) join = 'names';
    }
    if (!target) {
      const own = mispOwnCanonical.get(nameKey(key));
      if (own && own.length === 1) target = own[0];
    }
    if (target) {
      const related: ActorRelation[] = [];
      attach.push({ actor: target, entry: key, join, aliases, countries, organisations, related });
      for (const r of relations) spindleRelations.push({ owner: () => related, from: target, ...r });
      bump('spindle_attached');
    } else {
      join = 'anchor';
      const a = new ActorAcc(`spindle:${slug(key)}`, key, false);
      a.alias(key, 'spindle');
      for (const n of aliases) a.alias(n, 'spindle');
      for (const c of countries) a.origins.push({ source: 'spindle', country: c, text: c, kind: 'origin' });
      for (const o of organisations) a.origins.push({ source: 'spindle', text: o, kind: 'organisation' });
      a.entries.push({ source: 'spindle', ref: key, name: key, join });
      for (const r of relations) spindleRelations.push({ owner: () => a.related, from: a.id, ...r });
      spindleActors.push(a);
      bump('spindle_own');
    }
  }

  // Canonical name for actors without an ATT&CK name: the name most sources list (ties: the anchor's own).
  for (const a of actors.values()) {
    if (a.attackId) continue;
    let best = a.aliases.get(nameKey(a.name));
    for (const al of a.aliases.values()) if (best && al.sources.size > best.sources.size) best = al;
    if (best && a.id.startsWith('misp:')) a.name = best.name;
  }

  const owners = new Map<string, Set<string>>();
  for (const a of actors.values())
    for (const key of a.aliases.keys()) owners.set(key, (owners.get(key) ?? new Set()).add(a.id));
  for (const r of spindleRelations) {
    const ids = owners.get(nameKey(r.name));
    const to = ids && ids.size === 1 ? [...ids][0] : undefined;
    if (!to || to === r.from) {
      bump('spindle_relations_unresolved');
      continue;
    }
    r.owner().push({ actor: to, type: r.type, source: 'spindle' });
    bump('spindle_relations');
  }

  const common = new Set(COMMON_WORD_ALIASES.map((w) => nameKey(w)));
  const records = [...actors.values()].map((a) => a.toRecord(common));
  records.sort(
    (x, y) => (x.attack_id ?? '~').localeCompare(y.attack_id ?? '~') || x.name.localeCompare(y.name),
  );
  stats.actors = records.length;
  stats.actors_attack = records.filter((r) => r.attack_id).length;
  return {
    actors: records,
    spindle: { attach, actors: spindleActors.map((a) => a.toRecord(common)) },
    commonWords: [...common].sort(),
    stats,
  };
}
