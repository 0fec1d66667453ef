// The public surface of the payment-links module: other modules import only from this file.
export { paymentLinkRoutes } from './payment-links.dashboard.routes.ts'
export { UNAVAILABLE, assertLinkUsable, isUuid, linkStatus, linkUrl, recurringLineOf } from './payment-links.rules.ts'
export type { LinkStatus } from './payment-links.rules.ts'
export { LinkParams, PublicLink } from './payment-links.schemas.ts'
export { serializeLines } from './payment-links.mapper.ts'
export { LinkUsedUpError, consumeLinkUse, reserveLinkUse } from './payment-links.usage.ts'
export { findPublicLink, findPublicLinkById } from './payment-links.repository.ts'
