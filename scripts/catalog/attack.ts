/**
 * ATT&CK (enterprise + ICS STIX 2.1 bundles) → tactics, techniques (revoked/deprecated kept with flags and
 * `revoked-by` successors), groups with aliases and `uses` (techniques directly and through attributed
 * campaigns, software), and software (malware/tool) with aliases.
 */
import type { ActorTechniqueRef, Tactic, Technique } from '../../src/core/catalog/index.js';
import type { JsonCursor } from './source-reader.js';

/** An ATT&CK intrusion set as compiled. */
export interface AttackGroup {
  readonly attack_id: string;
  readonly stix_id: string;
  readonly name: string;
  /** Alias → domains listing it (`attack`, `attack-ics`). */
  readonly aliases: Map<string, Set<'attack' | 'attack-ics'>>;
  readonly techniques: Map<string, ActorTechniqueRef['via']>;
  readonly software: Set<string>;
}

/** ATT&CK software as compiled. */
export interface AttackSoftware {
  readonly attack_id: string;
  readonly name: string;
  readonly kind: 'malware' | 'tool';
  readonly aliases: string[];
  readonly platforms: string[];
}

export interface AttackData {
  readonly version: string;
  readonly icsVersion: string;
  readonly tactics: Tactic[];
  readonly techniques: Technique[];
  readonly groups: Map<string, AttackGroup>;
  readonly software: AttackSoftware[];
}

function externalId(o: JsonCursor): string | undefined {
  for (const ref of o.get('external_references').optArr()) {
    const src = ref.get('source_name').optStr();
    if (src === 'mitre-attack' || src === 'mitre-ics-attack') return ref.get('external_id').optStr();
  }
  return undefined;
}

function isDead(o: JsonCursor): boolean {
  return o.get('revoked').optBool() === true || o.get('x_mitre_deprecated').optBool() === true;
}

/** Compiles both bundles. Enterprise is read first; ICS adds its techniques, tactics, groups and uses. */
export function compileAttack(enterprise: JsonCursor, ics: JsonCursor): AttackData {
  const tactics: Tactic[] = [];
  const techniques = new Map<string, Technique>();
  const groups = new Map<string, AttackGroup>();
  const software = new Map<string, AttackSoftware>();
  const versions: string[] = [];

  for (const [bundle, domain] of [
    [enterprise, 'enterprise'],
    [ics, 'ics'],
  ] as const) {
    const objects = bundle.get('objects').arr();
    const idOf = new Map<string, string>(); // stix id → ATT&CK id
    const deadGroups = new Map<string, string>(); // revoked group stix id → name
    const campaigns = new Set<string>();
    const tacticByStix = new Map<string, Tactic>();
    let matrixOrder: string[] = [];
    const aliasSource = domain === 'enterprise' ? 'attack' : 'attack-ics';
    const killChain = domain === 'enterprise' ? 'mitre-attack' : 'mitre-ics-attack';
    let version = '';

    for (const o of objects) {
      const type = o.get('type').str();
      const stixId = o.get('id').str();
      if (type === 'x-mitre-collection') version = o.get('x_mitre_version').str();
      else if (type === 'x-mitre-tactic') {
        const id = externalId(o);
        o.require(id !== undefined, 'x-mitre-tactic without an ATT&CK external_id');
        if (!isDead(o))
          tacticByStix.set(stixId, {
            id: id as string,
            shortname: o.get('x_mitre_shortname').str(),
            name: o.get('name').str(),
            domain,
          });
      } else if (type === 'x-mitre-matrix') {
        if (!isDead(o)) matrixOrder = o.get('tactic_refs').strList();
      } else if (type === 'attack-pattern') {
        const id = externalId(o);
        o.require(id !== undefined, 'attack-pattern without an ATT&CK external_id');
        const tid = id as string;
        idOf.set(stixId, tid);
        const phases = o
          .get('kill_chain_phases')
          .optArr()
          .filter((p) => p.get('kill_chain_name').str() === killChain)
          .map((p) => p.get('phase_name').str());
        const isSub = o.get('x_mitre_is_subtechnique').optBool() === true;
        const revoked = o.get('revoked').optBool() === true;
        const deprecated = o.get('x_mitre_deprecated').optBool() === true;
        techniques.set(tid, {
          id: tid,
          name: o.get('name').str(),
          domain,
          tactics: phases,
          platforms: o.get('x_mitre_platforms').strList(),
          ...(isSub ? { parent: tid.split('.')[0] as string } : {}),
          stix_id: stixId,
          ...(revoked ? { revoked: true } : {}),
          ...(deprecated ? { deprecated: true } : {}),
        });
      } else if (type === 'intrusion-set') {
        const id = externalId(o);
        o.require(id !== undefined, 'intrusion-set without an ATT&CK external_id');
        idOf.set(stixId, id as string);
        if (isDead(o)) {
          deadGroups.set(stixId, o.get('name').str());
          continue;
        }
        const g = groups.get(id as string) ?? {
          attack_id: id as string,
          stix_id: stixId,
          name: o.get('name').str(),
          aliases: new Map(),
          techniques: new Map(),
          software: new Set<string>(),
        };
        for (const a of [o.get('name').str(), ...o.get('aliases').strList()]) {
          const set = g.aliases.get(a) ?? new Set();
          set.add(aliasSource);
          g.aliases.set(a, set);
        }
        groups.set(g.attack_id, g);
      } else if (type === 'malware' || type === 'tool') {
        const id = externalId(o);
        o.require(id !== undefined, `${type} without an ATT&CK external_id`);
        idOf.set(stixId, id as string);
        if (isDead(o) || software.has(id as string)) continue;
        const name = o.get('name').str();
        software.set(id as string, {
          attack_id: id as string,
          name,
          kind: type,
          aliases: o
            .get('x_mitre_aliases')
            .strList()
            .filter((a) => a !== name),
          platforms: o.get('x_mitre_platforms').strList(),
        });
      } else if (type === 'campaign') {
        if (!isDead(o)) campaigns.add(stixId);
      }
    }
    versions.push(version);
    // Tactics in the matrix's kill-chain order; any the matrix does not list go last.
    for (const ref of matrixOrder) {
      const t = tacticByStix.get(ref);
      if (t) tactics.push(t);
      tacticByStix.delete(ref);
    }
    tactics.push(...tacticByStix.values());

    // Relationships after all objects are known.
    const campaignGroup = new Map<string, string>();
    const campaignUses: [string, string][] = [];
    for (const o of objects) {
      if (o.get('type').str() !== 'relationship' || isDead(o)) continue;
      const rel = o.get('relationship_type').str();
      const src = o.get('source_ref').str();
      const dst = o.get('target_ref').str();
      if (rel === 'revoked-by') {
        const from = idOf.get(src);
        const to = idOf.get(dst);
        if (from && to && techniques.has(from)) {
          const t = techniques.get(from) as Technique;
          techniques.set(from, { ...t, revoked: true, revoked_by: to });
        } else if (deadGroups.has(src) && to && groups.has(to)) {
          // A revoked group's name lives on as an alias of its successor (ATT&CK's own statement).
          const g = groups.get(to) as AttackGroup;
          const set = g.aliases.get(deadGroups.get(src) as string) ?? new Set();
          set.add(aliasSource);
          g.aliases.set(deadGroups.get(src) as string, set);
        }
      } else if (rel === 'attributed-to' && campaigns.has(src)) {
        const gid = idOf.get(dst);
        if (gid) campaignGroup.set(src, gid);
      } else if (rel === 'uses') {
        if (src.startsWith('intrusion-set--')) {
          const g = groups.get(idOf.get(src) ?? '');
          const target = idOf.get(dst);
          if (!g || !target) continue;
          if (dst.startsWith('attack-pattern--')) g.techniques.set(target, 'direct');
          else if (dst.startsWith('malware--') || dst.startsWith('tool--')) g.software.add(target);
        } else if (src.startsWith('campaign--') && dst.startsWith('attack-pattern--')) {
          const target = idOf.get(dst);
          if (target) campaignUses.push([src, target]);
        }
      }
    }
    for (const [campaign, tid] of campaignUses) {
      const g = groups.get(campaignGroup.get(campaign) ?? '');
      if (g && !g.techniques.has(tid)) g.techniques.set(tid, 'campaign');
    }
  }

  // Uses of a revoked technique count for its successor.
  for (const g of groups.values()) {
    for (const [tid, via] of [...g.techniques]) {
      const t = techniques.get(tid);
      if (!t?.revoked_by) continue;
      g.techniques.delete(tid);
      if (!g.techniques.has(t.revoked_by) || via === 'direct') g.techniques.set(t.revoked_by, via);
    }
  }
  const sortedTechniques = [...techniques.values()].sort((a, b) => a.id.localeCompare(b.id));
  return {
    version: versions[0] ?? '',
    icsVersion: versions[1] ?? '',
    tactics,
    techniques: sortedTechniques,
    groups,
    software: [...software.values()].sort((a, b) => a.attack_id.localeCompare(b.attack_id)),
  };
}
