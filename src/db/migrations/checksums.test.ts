import { describe, expect, test } from 'vitest'
import { fileChecksum, MIGRATION_FILE, migrationFiles, recordedChecksums } from '../migration-checksums.ts'
import { MIGRATIONS } from './index.ts'

// A landed migration may already have run somewhere: it is never edited. To add one, write the next
// numbered file, list it in index.ts and run `npm run db:checksums` (docs/contributing/migrations.md).

const fileOf = (m: { version: number; name: string }) => `${String(m.version).padStart(4, '0')}_${m.name}.ts`

describe('migration checksums', () => {
  test('every landed migration is byte for byte what was recorded', async () => {
    const recorded = await recordedChecksums()
    for (const [name, sum] of Object.entries(recorded)) {
      expect(
        await fileChecksum(name).catch(() => 'file is missing'),
        `${name} has landed and must not be edited or removed: restore it and put the change in a new migration`,
      ).toBe(sum)
    }
  })

  test('every migration file has a recorded checksum', async () => {
    const recorded = await recordedChecksums()
    const missing = (await migrationFiles()).filter((name) => !recorded[name])
    expect(missing, 'new migration without a checksum: run `npm run db:checksums` and commit checksums.json').toEqual(
      [],
    )
  })

  test('index.ts lists exactly the migration files, in order', async () => {
    expect(MIGRATIONS.map(fileOf)).toEqual(await migrationFiles())
  })

  test('the file name rule tells migrations from other files', () => {
    expect(['0001_core.ts', '0012_refund_counts_deferred.ts'].every((n) => MIGRATION_FILE.test(n))).toBe(true)
    expect(['index.ts', 'checksums.json', 'checksums.test.ts', '1_core.ts'].some((n) => MIGRATION_FILE.test(n))).toBe(
      false,
    )
  })
})
