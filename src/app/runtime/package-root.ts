/**
 * Locates the installed package (checkout or `npm install -g`) so use cases can read the versioned
 * `data/` and `rules/` folders that ship with it. Works from `src/` (tests) and from `dist/src/` (built).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** Absolute path of the folder holding stormwatch's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'stormwatch') {
        cachedRoot = dir;
        return dir;
      }
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('stormwatch package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Path inside the shipped `data/` folder. `STORMWATCH_DATA_DIR` overrides the folder (tests, custom builds). */
export function dataPath(...parts: string[]): string {
  const override = process.env.STORMWATCH_DATA_DIR;
  return join(override && override.length > 0 ? override : join(packageRoot(), 'data'), ...parts);
}

/** Path inside the shipped `rules/` folder. */
export function rulesPath(...parts: string[]): string {
  return join(packageRoot(), 'rules', ...parts);
}

/** The package version from package.json. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
