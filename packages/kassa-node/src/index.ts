export { Kassa, webhooks } from './client.ts'
export type { KassaOptions, RequestOptions } from './request.ts'
export { KassaError, KassaConnectionError, KassaTimeoutError, type KassaErrorBody } from './errors.ts'
export { PageList, type Page } from './paging.ts'
export type { ResponseMeta, WithResponse } from './response.ts'
export type * from './types.ts'
export type * from './webhooks/events.ts'
export { EVENT_TYPES } from './webhooks/events.ts'
export {
  verifyWebhook,
  WebhookVerificationError,
  DEFAULT_TOLERANCE_SECONDS,
  type HeadersLike,
  type VerifyOptions,
  type WebhookVerificationReason,
} from './webhooks/verify.ts'
export type { paths } from './generated/schema.ts'
export { VERSION } from './version.ts'
