import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isPostgres } from './database.ts'
import { createTestDatabase, type TestDatabase } from './database.ts'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
  json: any
}

/** Runs `kassa …` as a real child process against a test database (PGlite data dir or a PostgreSQL database). */
export class CliHarness {
  private constructor(
    readonly env: Record<string, string>,
    private readonly database: TestDatabase | null,
  ) {}

  static async create(): Promise<CliHarness> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kassa-cli-'))
    const base = {
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      SECRET_KEY: 'cli-test-secret-key-0123456789abcdefghij',
      LOG_LEVEL: 'silent',
    }
    if (!isPostgres) return new CliHarness(base, null)
    const database = await createTestDatabase()
    return new CliHarness({ ...base, DATABASE_URL: database.url! }, database)
  }

  /** `input`, when given, is written to the command's standard input (then closed). */
  run(args: string[], extraEnv: Record<string, string> = {}, input?: string): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/kassa.mjs', ...args], {
        env: { ...process.env, ...this.env, ...extraEnv },
        stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      })
      if (input !== undefined) child.stdin!.end(input)
      let stdout = ''
      let stderr = ''
      child.stdout!.on('data', (d) => (stdout += d))
      child.stderr!.on('data', (d) => (stderr += d))
      child.on('error', reject)
      child.on('close', (code) => {
        let json: unknown = null
        try {
          json = JSON.parse(stdout)
        } catch {}
        resolve({ code: code ?? -1, stdout, stderr, json })
      })
    })
  }

  async close(): Promise<void> {
    await this.database?.close()
  }
}
