// The public surface of the idempotency module: other modules import only from this file.
export { installIdempotency } from './idempotency.plugin.ts'
export { purgeExpired } from './idempotency.repository.ts'
