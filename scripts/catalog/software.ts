/**
 * Software names: ATT&CK malware/tools, then MISP malpedia, tool, ransomware and rmm-tool clusters. A MISP
 * cluster joins an ATT&CK entry when its value is that entry's name or alias, and an earlier MISP entry when
 * the values are equal; otherwise it is its own entry. Only names are kept (no descriptions).
 */
import type { Software, SoftwareKind, SoftwareSource } from '../../src/core/catalog/index.js';
import { nameKey } from '../../src/core/catalog/index.js';
import type { AttackSoftware } from './attack.js';
import type { JsonCursor } from './source-reader.js';

interface Acc {
  id: string;
  name: string;
  attackId?: string;
  kinds: Set<SoftwareKind>;
  aliases: Map<string, string>;
  sources: Set<SoftwareSource>;
  platforms?: string[];
}

/** Compiles the software list. `misp` maps a source tag to its galaxy cluster file. */
export function buildSoftware(
  attack: readonly AttackSoftware[],
  misp: readonly { source: Exclude<SoftwareSource, 'attack'>; kind: SoftwareKind; cluster: JsonCursor }[],
): Software[] {
  const list: Acc[] = [];
  const attackByKey = new Map<string, Acc>();
  const mispByValue = new Map<string, Acc>();
  for (const s of attack) {
    const acc: Acc = {
      id: s.attack_id,
      name: s.name,
      attackId: s.attack_id,
      kinds: new Set([s.kind]),
      aliases: new Map(),
      sources: new Set(['attack']),
      platforms: s.platforms,
    };
    for (const a of s.aliases) acc.aliases.set(nameKey(a), a);
    list.push(acc);
    for (const k of [nameKey(s.name), ...acc.aliases.keys()])
      if (!attackByKey.has(k)) attackByKey.set(k, acc);
  }
  for (const { source, kind, cluster } of misp) {
    for (const v of cluster.get('values').arr()) {
      const value = v.get('value').str().trim();
      const key = nameKey(value);
      if (!key) continue;
      const synonyms = v.get('meta').exists ? v.get('meta').get('synonyms').strList() : [];
      let acc = attackByKey.get(key) ?? mispByValue.get(key);
      if (!acc) {
        acc = {
          id: `misp:${v.get('uuid').str()}`,
          name: value,
          kinds: new Set(),
          aliases: new Map(),
          sources: new Set(),
        };
        list.push(acc);
        mispByValue.set(key, acc);
      }
      acc.kinds.add(kind);
      acc.sources.add(source);
      for (const n of [value, ...synonyms]) {
        const k = nameKey(n);
        if (k && k !== nameKey(acc.name) && !acc.aliases.has(k)) acc.aliases.set(k, n.trim());
      }
    }
  }
  const order: readonly SoftwareSource[] = [
    'attack',
    'misp-malpedia',
    'misp-tool',
    'misp-ransomware',
    'misp-rmm-tool',
  ];
  return list.map((a) => ({
    id: a.id,
    name: a.name,
    kinds: [...a.kinds].sort(),
    ...(a.attackId ? { attack_id: a.attackId } : {}),
    aliases: [...a.aliases.values()].sort(),
    sources: order.filter((s) => a.sources.has(s)),
    ...(a.platforms && a.platforms.length > 0 ? { platforms: a.platforms } : {}),
  }));
}
