/**
 * Locates the public reference data in `../shared/data` for tests and benchmarks (never for the product).
 * Tests that need it use `describeShared`, which skips with a clear message when the folder is absent.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/**
 * One small real EVTX file per attack-technique folder of `evtx-attack-samples` (the first of at most `maxBytes`
 * in name order): varied seeds for fuzzing and equivalence tests.
 */
export function smallAttackSamples(maxBytes = 200_000): Uint8Array[] {
  const dir = shared('evtx-attack-samples');
  const seeds: Uint8Array[] = [];
  for (const sub of readdirSync(dir).sort()) {
    const p = join(dir, sub);
    if (!statSync(p).isDirectory()) continue;
    const f = readdirSync(p)
      .filter((n) => n.endsWith('.evtx'))
      .map((n) => join(p, n))
      .find((n) => statSync(n).size <= maxBytes);
    if (f) seeds.push(new Uint8Array(readFileSync(f)));
  }
  return seeds;
}
