/**
 * Locates `../shared/data` for build, benchmark and conformance scripts (never used by the product).
 * Scripts call `requireSharedData()` which exits with a clear message when the folder is absent.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (works from scripts/ and dist/scripts/). */
export function repoRoot(): string {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('package.json not found');
    dir = parent;
  }
  return dir;
}

export function sharedDataDir(): string {
  return resolve(process.env.STORMWATCH_SHARED_DATA ?? join(repoRoot(), '..', 'shared', 'data'));
}

/** Returns the shared data folder or exits(0) with a skip message (benchmarks) / exits(3) (builds). */
export function requireSharedData(purpose: string, exitCode = 0): string {
  const dir = sharedDataDir();
  if (!existsSync(dir)) {
    process.stderr.write(
      `${purpose}: skipped — ${dir} not found (set STORMWATCH_SHARED_DATA to the shared data folder)\n`,
    );
    process.exit(exitCode);
  }
  return dir;
}
