/**
 * Loads the compiled reference catalog from `data/catalog/` (or `$STORMWATCH_DATA_DIR/catalog/`), once per
 * process. Files are read, gunzipped and JSON-parsed on first use of the part that needs them, so a command
 * pays only for what it touches. Missing or corrupt files raise `catalog.missing` / `catalog.corrupt`
 * (kind `input`) naming the file, with the rebuild hint.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  CATALOG_REBUILD_HINT,
  type Catalog,
  type CatalogInput,
  findJsonSyntaxError,
  parseCatalog,
  parseWarningLists,
  WARNINGLISTS_FILE,
  type WarningListSet,
} from '../../core/catalog/index.js';
import { StormwatchError } from '../../core/shared/index.js';
import { dataPath } from '../runtime/index.js';

/** Absolute path of the catalog folder in use. */
export function catalogDir(): string {
  return dataPath('catalog');
}

const digests = new Map<string, string>();

/** Reads one compiled file as JSON (gunzipping `.gz`), with errors that name the file. */
export function readCatalogJson(file: string): unknown {
  const path = dataPath('catalog', file);
  if (!existsSync(path)) {
    throw new StormwatchError({
      code: 'catalog.missing',
      kind: 'input',
      message: `catalog file ${file} not found (looked for ${path})`,
      location: { file: path },
      hint: CATALOG_REBUILD_HINT,
    });
  }
  let text: string;
  try {
    const raw = readFileSync(path);
    digests.set(path, createHash('sha256').update(raw).digest('hex'));
    text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  } catch (e) {
    throw new StormwatchError({
      code: 'catalog.corrupt',
      kind: 'input',
      message: `catalog file ${file} cannot be read: ${(e as Error).message}`,
      location: { file: path },
      hint: CATALOG_REBUILD_HINT,
      cause: e,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const at = findJsonSyntaxError(text);
    throw new StormwatchError({
      code: 'catalog.corrupt',
      kind: 'input',
      message: `catalog file ${file} is not valid JSON: ${at ? `${at.message} at line ${at.line}, column ${at.col}` : (e as Error).message}`,
      location: { file: path, ...(at ? { line: at.line, col: at.col, offset: at.offset } : {}) },
      hint: CATALOG_REBUILD_HINT,
      cause: e,
    });
  }
}

const cache = new Map<string, Catalog>();

/**
 * The catalog of the current data folder, cached per process (per folder, so tests can switch
 * STORMWATCH_DATA_DIR). Validates MANIFEST.json now; other parts on first use.
 */
export function loadCatalog(): Catalog {
  const dir = catalogDir();
  const hit = cache.get(dir);
  if (hit) return hit;
  const input: CatalogInput = {
    read: (file) => readCatalogJson(file),
    digest: (file) => digests.get(dataPath('catalog', file)),
  };
  const catalog = parseCatalog(input);
  cache.set(dir, catalog);
  return catalog;
}

/** Drops the per-process cache (tests). */
export function resetCatalogCache(): void {
  cache.clear();
}

/** The compiled MISP warning lists (`data/catalog/warninglists.json.gz`). */
export function loadWarningLists(): WarningListSet {
  return parseWarningLists(readCatalogJson(WARNINGLISTS_FILE), WARNINGLISTS_FILE);
}
