import { defineConfig } from 'vitest/config'

// One run per database: scripts/test.mjs sets KASSA_TEST_DB=pglite, then =postgres when a server is reachable.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Migrates once per run; every file starts from that snapshot (test/support/migrated-snapshot.ts).
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Files share a worker process and its module cache: importing the app once per worker instead of once
    // per file. Every file still gets its own database and app (createTestPlatform), and closes them.
    isolate: false,
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
})
