// The public surface of the checkout module: other modules import only from this file.
export { SETTLE_DEPOSIT_QUEUE } from './checkout-lifecycle.service.ts'
export { hostedCheckoutPage } from './checkout-page.public.routes.ts'
export { checkoutRoutes } from './checkout.api.routes.ts'
export { priceOrder } from './checkout.pricing.ts'
export { hostedCheckoutRoutes } from './checkout.public.routes.ts'
export { createCheckout } from './checkout.service.ts'
export { settleDepositJob, settleDueDeposits } from './deposit-settlement.service.ts'
export { expireDueSessions } from './hosted-checkout.service.ts'
export { paymentLinkCheckoutRoutes } from './link-checkout.public.routes.ts'
export { paymentLinkPage } from './link-page.public.routes.ts'
export { processorReturnPage } from './processor-return.public.routes.ts'
export { processorWebhookRoutes } from './processor-webhook.public.routes.ts'
export { PROCESSOR_PAYMENT_CHANGED_JOB } from './processor-webhook.service.ts'
export { REFUND_STRAY_PAYMENT_JOB } from './processor-sync.service.ts'
export {
  processorPaymentChanged,
  reconcileProcessorPayment,
  refundStrayPayment,
} from './processor-reconcile.service.ts'
export type { SyncedPayment } from './processor-reconcile.service.ts'
export { recordResult } from './checkout-lifecycle.service.ts'
export { lockSession } from './hosted-checkout.repository.ts'
export type { CheckoutCreateInput } from './checkout.schemas.ts'
