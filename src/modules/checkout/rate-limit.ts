import { AppError } from '../../lib/errors.ts'

export const tooManyAttempts = (retryAfterSeconds: number) =>
  new AppError(
    'too_many_attempts',
    `Too many payment attempts. Try again in ${retryAfterSeconds} seconds.`,
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  )
