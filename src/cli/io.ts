import { parseArgs, type ParseArgsConfig } from 'node:util'
import { AppError } from '../lib/errors.ts'

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
