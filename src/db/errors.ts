/** SQLSTATE checks: conflicts are recognised by code, never by message text. */
const sqlState = (err: unknown): string | undefined => (err as { code?: string } | null)?.code

export const isUniqueViolation = (err: unknown) => sqlState(err) === '23505'
export const isCheckViolation = (err: unknown) => sqlState(err) === '23514'
export const isSerializationFailure = (err: unknown) => sqlState(err) === '40001' || sqlState(err) === '40P01'
