/**
 * Locates the public reference data in `../shared/data` for tests and benchmarks (never for the product).
 * Tests that need it use `describeShared`, which skips with a clear message when the folder is absent.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** Absolute path of `../shared/data` (override with STORMWATCH_SHARED_DATA). */
export const SHARED_DATA = resolve(
  process.env.STORMWATCH_SHARED_DATA ??
    join(fileURLToPath(new URL('../..', import.meta.url)), 'shared', 'data'),
);

export const hasSharedData = existsSync(SHARED_DATA);

/** Path inside the shared data folder. */
export function shared(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}

/** `describe` that runs only when ../shared/data exists, and says why it skipped otherwise. */
export function describeShared(name: string, fn: () => void): void {
  if (!hasSharedData) {
    describe.skip(`${name} (skipped: ${SHARED_DATA} not found; set STORMWATCH_SHARED_DATA)`, fn);
    return;
  }
  describe(name, fn);
}
