/**
 * Software (malware families, tools, ransomware, RMM tools) by name or alias, so a malware name is not
 * taken for an actor name.
 */
import type { Software } from './model.js';
import { nameKey } from './name-key.js';

/** Name/alias → software lookup. */
export class SoftwareIndex {
  private readonly byKey = new Map<string, Software[]>();
  private readonly byId = new Map<string, Software>();

  constructor(readonly software: readonly Software[]) {
    for (const s of software) {
      this.byId.set(s.id, s);
      for (const n of new Set([s.name, ...s.aliases])) {
        const k = nameKey(n);
        if (!k) continue;
        const list = this.byKey.get(k) ?? [];
        if (!list.includes(s)) list.push(s);
        this.byKey.set(k, list);
      }
    }
  }

  /** Software by id (`S0002`, `misp:<uuid>`). */
  get(id: string): Software | undefined {
    return this.byId.get(id);
  }

  /** Software a name or alias points to. */
  resolve(name: string): readonly Software[] {
    return this.byKey.get(nameKey(name)) ?? [];
  }

  /** Every normalised name key (for alias flags). */
  keys(): ReadonlySet<string> {
    return new Set(this.byKey.keys());
  }
}
