import { defineConfig } from 'vitest/config'

// One run per database: scripts/test.mjs sets KASSA_TEST_DB=pglite, then =postgres when a server is reachable.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
})
