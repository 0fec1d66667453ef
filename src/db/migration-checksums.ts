import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'

// A migration that has landed may already have run on someone's database: editing it would leave
// that database different from a new one. checksums.json holds the sha256 of every landed file.

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url)
export const CHECKSUMS_FILE = new URL('./migrations/checksums.json', import.meta.url)

/** Migration files are numbered: 0001_core.ts, 0002_hosted_checkout.ts, … */
export const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.ts$/

export async function migrationFiles(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((name) => MIGRATION_FILE.test(name)).sort()
}

export async function fileChecksum(name: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(new URL(name, MIGRATIONS_DIR)))
    .digest('hex')
}

export async function recordedChecksums(): Promise<Record<string, string>> {
  return JSON.parse(await readFile(CHECKSUMS_FILE, 'utf8')) as Record<string, string>
}
