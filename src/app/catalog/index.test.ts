import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadCatalog, loadWarningLists, readCatalogJson, resetCatalogCache } from './index.js';

const DATA = fileURLToPath(new URL('../../../data', import.meta.url));
const dirs: string[] = [];

/** A copy of data/ in a temp folder, used through STORMWATCH_DATA_DIR. */
function dataCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-catalog-app-'));
  dirs.push(dir);
  cpSync(join(DATA, 'catalog'), join(dir, 'catalog'), { recursive: true });
  process.env.STORMWATCH_DATA_DIR = dir;
  resetCatalogCache();
  return dir;
}

afterEach(() => {
  delete process.env.STORMWATCH_DATA_DIR;
  resetCatalogCache();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('loadCatalog', () => {
  it('loads the shipped catalog once per process and data folder', () => {
    const a = loadCatalog();
    expect(loadCatalog()).toBe(a);
    expect(a.resolveActor('APT28')).toMatchObject({ kind: 'actor', actor: { attack_id: 'G0007' } });
    expect(loadWarningLists().lists.length).toBeGreaterThan(40);
  });

  it('fully checks a part that differs from its MANIFEST digest and names the JSON path', () => {
    const dir = dataCopy();
    const actors = readCatalogJson('actors.json.gz') as { actors: { name: unknown }[] };
    (actors.actors[3] as { name: unknown }).name = null;
    writeFileSync(join(dir, 'catalog', 'actors.json.gz'), gzipSync(JSON.stringify(actors)));
    const err = thrown(() => loadCatalog().resolveActor('APT28'));
    expect(err).toMatchObject({
      code: 'catalog.corrupt',
      kind: 'input',
      location: { file: 'actors.json.gz', path: '$.actors[3].name' },
    });
  });

  it('reports JSON syntax errors with the file and offset', () => {
    const dir = dataCopy();
    writeFileSync(join(dir, 'catalog', 'geo.json'), '{"format": "stormwatch-catalog/geo@1", "countries": [}');
    const err = thrown(() => loadCatalog().geo());
    expect(err).toMatchObject({
      code: 'catalog.corrupt',
      location: { file: join(dir, 'catalog', 'geo.json') },
    });
    expect(err).toMatchObject({ location: { line: 1, col: 54, offset: 53 } });
    expect((err as Error).message).toContain('line 1, column 54');
  });

  it('reports a missing catalog with the rebuild hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-catalog-app-'));
    dirs.push(dir);
    process.env.STORMWATCH_DATA_DIR = dir;
    const err = thrown(() => loadCatalog());
    expect(err).toMatchObject({ code: 'catalog.missing', kind: 'input' });
    expect((err as Error).message).toContain('MANIFEST.json');
    expect((err as { hint: string }).hint).toContain('npm run build:catalog');
  });
});
