import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox'

// Shared wire shapes: the error body and small helpers for the public contract.
export const ErrorBody = Type.Object(
  {
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
    request_id: Type.Optional(Type.String()),
  },
  { title: 'Error', description: 'Every 4xx/5xx answer.' },
)

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const Money = (description = 'Decimal string with exactly 2 decimals, e.g. "99.00".') =>
  Type.String({ pattern: '^-?\\d+\\.\\d{2}$', description })

export const DateTime = Type.String({ format: 'date-time' })

/** Error answers every route may give; routes spread this into `response`. */
export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<number, TSchema>

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

/** A string enum rendered as `enum` in OpenAPI and validated with one clear "Must be one of" message. */
export const StringEnum = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}): TUnsafe<T> =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options })
