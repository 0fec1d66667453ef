// The public surface of the refunds module: other modules import only from this file.
export { recordRefundResult, submitRefund } from './refunds-processing.service.ts'
export { refundRoutes } from './refunds.api.routes.ts'
export { dashboardRefundRoutes } from './refunds.dashboard.routes.ts'
export { REFUND_JOB, createRefund } from './refunds.service.ts'
export { dashboardRefundListRoutes } from './refunds-list.dashboard.routes.ts'
