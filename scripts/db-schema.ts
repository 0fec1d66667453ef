// `npm run db:schema`: writes src/db/schema.sql from a fresh PostgreSQL database migrated to the
// latest version. DATABASE_URL (default the local server) only needs the right to create databases.
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { migratedSchema, SCHEMA_FILE } from '../src/db/schema-dump.ts'

const adminUrl =
  process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const schema = await migratedSchema(adminUrl)
await writeFile(SCHEMA_FILE, schema)
console.log(`wrote ${fileURLToPath(SCHEMA_FILE)} (${schema.split('\n').length} lines)`)
