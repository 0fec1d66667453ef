import { type ErrorCode, type ErrorCodeWithStatus, statusOf } from './error-catalogue.ts'

/** The one error type of Kassa: a stable machine code (its HTTP status comes from the catalogue), a human message, optional per-field messages. */
export class AppError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
  ) {
    super(detail)
    this.status = statusOf(code)
  }
}

export const validationError = (errors: Record<string, string[]>, detail?: string) =>
  new AppError('validation_error', detail ?? `Invalid request: ${Object.keys(errors).join(', ')}`, errors)

export const fieldError = (field: string, message: string) =>
  validationError({ [field]: [message] }, `${field}: ${message}`)

export const notFound = (what: string) => new AppError('not_found', `${what} not found.`)

export const unauthenticated = (detail = 'Authentication credentials were not provided or are invalid.') =>
  new AppError('not_authenticated', detail, undefined, { 'www-authenticate': 'Api-Key' })

export const forbidden = (code: ErrorCodeWithStatus<403>, detail: string) => new AppError(code, detail)

export const conflict = (code: ErrorCodeWithStatus<409>, detail: string) => new AppError(code, detail)

/** Collects field errors so a request reports every failing field, not only the first. */
export class FieldErrors {
  private readonly errors: Record<string, string[]> = Object.create(null)
  add(field: string, message: string): void {
    ;(this.errors[field] ??= []).push(message)
  }
  get empty(): boolean {
    return Object.keys(this.errors).length === 0
  }
  throwIfAny(): void {
    if (!this.empty) throw validationError(this.errors)
  }
}
