import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Tests that run a hunt use the parsed-rule cache: keep it out of the user's home folder.
    env: { STORMWATCH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'stormwatch-test-cache-')) },
  },
});
