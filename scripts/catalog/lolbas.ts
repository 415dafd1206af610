/**
 * LOLBAS facts: binary name, LOLBAS folder and ATT&CK ids. The project is GPL-3.0, so descriptions and
 * command lines are not compiled (they stay in ../shared for tests).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { LolbasEntry } from '../../src/core/catalog/index.js';
import { JsonCursor, type SourceSet, sourceError } from './source-reader.js';

/** Reads every `lolbas/yml/<Folder>/*.yml`. */
export function buildLolbas(sources: SourceSet): LolbasEntry[] {
  const base = 'lolbas/yml';
  let folders: string[];
  try {
    folders = readdirSync(join(sources.root, base), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    throw sourceError(base, undefined, 'LOLBAS folder not found');
  }
  const out: LolbasEntry[] = [];
  for (const folder of folders) {
    const files = readdirSync(join(sources.root, base, folder))
      .filter((f) => f.endsWith('.yml'))
      .sort();
    for (const f of files) {
      const rel = `${base}/${folder}/${f}`;
      let doc: unknown;
      try {
        doc = parse(sources.bytes(rel).toString('utf8'));
      } catch (e) {
        throw sourceError(rel, undefined, `invalid YAML: ${(e as Error).message}`);
      }
      const c = new JsonCursor(rel, doc);
      const ids = new Set<string>();
      for (const cmd of c.get('Commands').optArr()) {
        const id = cmd.get('MitreID').optStr();
        if (id) for (const x of id.split(/[,\s]+/)) if (/^T\d{4}(\.\d{3})?$/.test(x)) ids.add(x);
      }
      out.push({ name: c.get('Name').str(), type: folder, attack_ids: [...ids].sort() });
    }
  }
  return out;
}
