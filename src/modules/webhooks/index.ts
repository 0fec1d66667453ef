// The public surface of the webhooks module: other modules import only from this file.
export {
  getDelivery,
  listDeliveries,
  replayEvent,
  resendTransactionEvent,
  sendTestEvent,
} from './deliveries.service.ts'
export { WebhookDispatcher } from './dispatcher.ts'
export { createEndpoint, listEndpoints } from './endpoints.service.ts'
export { ListenError, listen } from './listen.ts'
export { webhookRoutes } from './webhooks.api.routes.ts'
export { webhookDashboardRoutes } from './webhooks.dashboard.routes.ts'
