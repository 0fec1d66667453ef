import type { TestProject } from 'vitest/node'
import { ensurePgliteSnapshot, ensurePostgresTemplate, migrationsHash } from './migrated-snapshot.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of a migrated PGlite data directory (createTestDatabase loads it on PGlite). */
    kassaPgliteSnapshot: string | null
    /** A migrated template database (createTestDatabase clones it on PostgreSQL). */
    kassaPostgresTemplate: string | null
  }
}

/** Migrates once per run, before any test file starts; see test/support/migrated-snapshot.ts. */
export default async function setup(project: TestProject): Promise<void> {
  // KASSA_TEST_SNAPSHOT=off migrates in every file as before (to measure the snapshot, or to rule it out).
  if (process.env.KASSA_TEST_SNAPSHOT === 'off') {
    project.provide('kassaPgliteSnapshot', null)
    project.provide('kassaPostgresTemplate', null)
    return
  }
  const hash = migrationsHash()
  const postgres = (process.env.KASSA_TEST_DB ?? 'pglite') === 'postgres'
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  project.provide('kassaPgliteSnapshot', postgres ? null : await ensurePgliteSnapshot(hash))
  project.provide('kassaPostgresTemplate', postgres ? await ensurePostgresTemplate(adminUrl, hash) : null)
}
