/** The one error type of Kassa: a stable machine code, an HTTP status, a human message, optional per-field messages. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly detail: string,
    readonly errors?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
  ) {
    super(detail)
  }
}

export const validationError = (errors: Record<string, string[]>, detail?: string) =>
  new AppError('validation_error', 400, detail ?? `Invalid request: ${Object.keys(errors).join(', ')}`, errors)

export const fieldError = (field: string, message: string) =>
  validationError({ [field]: [message] }, `${field}: ${message}`)

export const notFound = (what: string) => new AppError('not_found', 404, `${what} not found.`)

export const unauthenticated = (detail = 'Authentication credentials were not provided or are invalid.') =>
  new AppError('not_authenticated', 401, detail, undefined, { 'www-authenticate': 'Api-Key' })

export const forbidden = (code: string, detail: string) => new AppError(code, 403, detail)

export const conflict = (code: string, detail: string) => new AppError(code, 409, detail)

/** Collects field errors so a request reports every failing field, not only the first. */
export class FieldErrors {
  private readonly errors: Record<string, string[]> = {}
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
