/**
 * A cache of parsed rule files: parsing the YAML of the 2,400 SigmaHQ Windows rules takes ~1.2 s of CPU per
 * run, reading back the parsed rules (v8-serialized, ~12 MB) ~0.15 s. An entry is keyed by every rule file's
 * path, size, modification and change times and inode, the parser's own code (a changed parser never reads an old entry) and the
 * `yaml` library's version, so an edited, added or removed rule file means a new entry. Compiled rules are
 * closures and are not cached: compiling stays per run. Any cache problem (unwritable folder, damaged entry)
 * falls back to parsing; the cache never changes what loads.
 */
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { type LoadedRules, listRuleFiles, loadRuleFiles } from './rule-loader.js';

/** Bumped when the cached layout changes. */
const CACHE_FORMAT = 1;
/** Entries kept in the cache folder (the most recently written). */
const KEEP_ENTRIES = 8;
const PREFIX = 'rules-';
const SUFFIX = '.v8';

/**
 * The cache folder: `STORMWATCH_CACHE_DIR`, else `$XDG_CACHE_HOME/stormwatch`, else `~/.cache/stormwatch`.
 * Null when no home folder can be found.
 */
export function defaultRuleCacheDir(): string | null {
  const own = process.env.STORMWATCH_CACHE_DIR;
  if (own) return own;
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg) return join(xdg, 'stormwatch');
  try {
    const home = homedir();
    return home ? join(home, '.cache', 'stormwatch') : null;
  } catch {
    return null;
  }
}

let parserFingerprint: string | undefined;

/** A hash of the Sigma parser's code (src/core/sigma, as run) and the yaml library's version. */
function parserVersion(): string {
  if (parserFingerprint) return parserFingerprint;
  const h = createHash('sha256');
  const dir = fileURLToPath(new URL('../../core/sigma/', import.meta.url));
  for (const name of readdirSync(dir).sort())
    if (/\.(js|ts)$/.test(name) && !name.endsWith('.test.ts'))
      h.update(name).update(readFileSync(join(dir, name)));
  const yamlPkg = createRequire(import.meta.url)('yaml/package.json') as { version?: string };
  h.update(`yaml@${yamlPkg.version ?? '?'}`);
  parserFingerprint = h.digest('hex');
  return parserFingerprint;
}

interface CacheEntry {
  readonly format: number;
  readonly key: string;
  readonly loaded: LoadedRules;
}

/** Result of `loadRuleFilesCached`: the parsed rules and whether they came from the cache. */
export interface CachedRules {
  readonly loaded: LoadedRules;
  readonly fromCache: boolean;
}

/**
 * `loadRuleFiles(paths)` through the cache in `cacheDir` (null: no cache). Throws only what `loadRuleFiles`
 * throws (a rule path that does not exist).
 */
export function loadRuleFilesCached(paths: readonly string[], cacheDir: string | null): CachedRules {
  if (cacheDir === null) return { loaded: loadRuleFiles(paths), fromCache: false };
  const files = listRuleFiles(paths);
  const h = createHash('sha256').update(`${CACHE_FORMAT}\n${parserVersion()}\n${JSON.stringify(paths)}\n`);
  for (const f of files) {
    let stamp = 'missing';
    try {
      const st = statSync(f);
      stamp = `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}`;
    } catch {
      // loadRuleFiles reports it
    }
    h.update(`${f}\u0000${stamp}\n`);
  }
  const key = h.digest('hex');
  const entry = join(cacheDir, `${PREFIX}${key.slice(0, 32)}${SUFFIX}`);
  try {
    const cached = deserialize(readFileSync(entry)) as CacheEntry;
    if (cached.format === CACHE_FORMAT && cached.key === key)
      return { loaded: cached.loaded, fromCache: true };
  } catch {
    // no entry yet, or a damaged one: parse
  }
  const loaded = loadRuleFiles(paths);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${entry}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, serialize({ format: CACHE_FORMAT, key, loaded } satisfies CacheEntry));
    renameSync(tmp, entry); // atomic: a concurrent reader sees the old entry or the whole new one
    prune(cacheDir);
  } catch {
    // a read-only or full disk only costs the next run a parse
  }
  return { loaded, fromCache: false };
}

/** Keeps the `KEEP_ENTRIES` most recent entries. */
function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((n) => n.startsWith(PREFIX) && n.endsWith(SUFFIX))
    .map((n) => ({ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const e of entries.slice(KEEP_ENTRIES)) unlinkSync(e.path);
}
