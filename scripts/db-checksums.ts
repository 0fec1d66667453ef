// `npm run db:checksums`: records the sha256 of each new migration in src/db/migrations/checksums.json.
// It never changes a recorded one: a landed migration is not edited, a new one is added instead.
import { writeFile } from 'node:fs/promises'
import { CHECKSUMS_FILE, fileChecksum, migrationFiles, recordedChecksums } from '../src/db/migration-checksums.ts'

const recorded = await recordedChecksums().catch(() => ({}) as Record<string, string>)
const next: Record<string, string> = { ...recorded }
let failed = false
for (const name of await migrationFiles()) {
  const sum = await fileChecksum(name)
  if (!recorded[name]) {
    next[name] = sum
    console.log(`recorded ${name} ${sum}`)
  } else if (recorded[name] !== sum) {
    console.error(`${name} has landed and was edited: restore it and put the change in a new migration`)
    failed = true
  }
}
if (failed) process.exit(1)
const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)))
await writeFile(CHECKSUMS_FILE, `${JSON.stringify(sorted, null, 2)}\n`)
