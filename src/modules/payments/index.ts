// The public surface of the payments module: other modules import only from this file.
export { onDepositSettled, onPaymentSucceeded } from './payment-ledger.service.ts'
export { recordDepositAttempt, transitionPayment } from './payment-lifecycle.service.ts'
export { transactionRoutes } from './payments.api.routes.ts'
export { paymentRoutes } from './payments.dashboard.routes.ts'
export { serializePaymentSummary, serializeRefund } from './payments.mapper.ts'
export { findPayment } from './payments.repository.ts'
export { EnvironmentField, PaymentSummary, Refund } from './payments.schemas.ts'
export {
  findTransaction,
  findTransactionById,
  lockTransaction,
  lockTransactionInScope,
} from './transactions.repository.ts'
export { PAYMENT_STATUSES } from './transactions.schemas.ts'
export { recordTransactionChanged } from './transactions.service.ts'
export type { TransactionRow } from './transactions.service.ts'
