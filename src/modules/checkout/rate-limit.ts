import { AppError } from '../../lib/errors.ts'

export const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(
    'rate_limited',
    429,
    `Too many payment attempts. Try again in ${retryAfterSeconds} seconds.`,
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  )
