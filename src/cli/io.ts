import { parseArgs, type ParseArgsConfig } from 'node:util'
import { AppError } from '../lib/errors.ts'
import { cliPasswordFromEnv } from '../config.ts'

export class UsageError extends Error {}

export interface CommandContext {
  argv: string[]
  json: boolean
}

/** Prints the result: exactly one JSON object with --json, else the human lines. */
export function output(cli: CommandContext, result: Record<string, unknown>, human: string | string[]): void {
  if (cli.json) process.stdout.write(JSON.stringify(result) + '\n')
  else process.stdout.write((Array.isArray(human) ? human.join('\n') : human) + '\n')
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

export function required(values: Record<string, unknown>, ...names: string[]): void {
  const missing = names.filter((n) => values[n] === undefined || values[n] === '')
  if (missing.length)
    throw new UsageError(
      `missing required option${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `--${m}`).join(', ')}`,
    )
}

export function orgId(raw: unknown): number {
  if (typeof raw !== 'string' || !/^[1-9]\d*$/.test(raw))
    throw new UsageError('--org must be a numeric organization id')
  return Number(raw)
}

/** Error text for stderr: AppErrors list their fields, others their message. */
export function describeError(err: unknown): string {
  if (err instanceof AppError) {
    const fields = err.errors ? Object.entries(err.errors).map(([f, m]) => `  ${f}: ${m.join(' ')}`) : []
    return [err.detail, ...fields].join('\n')
  }
  return err instanceof Error ? err.message : String(err)
}

/** Options of every command that takes a password. */
export const PASSWORD_OPTIONS = {
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * A password from standard input (--password-stdin) or KASSA_PASSWORD, never from argv: the command
 * line is visible to every local user in `ps` and stays in shell history.
 */
export async function passwordInput(values: { password?: string; 'password-stdin'?: boolean }): Promise<string> {
  if (values.password !== undefined)
    throw new UsageError(
      '--password is not accepted (the command line is visible in `ps` and shell history): pipe the password with --password-stdin, or set KASSA_PASSWORD',
    )
  const password = values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : cliPasswordFromEnv()
  if (!password)
    throw new UsageError(
      values['password-stdin']
        ? 'no password on standard input'
        : 'missing password: pipe it with --password-stdin, or set KASSA_PASSWORD',
    )
  return password
}
