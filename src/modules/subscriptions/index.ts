// The public surface of the subscriptions module: other modules import only from this file.
export { billingPageRoutes } from './billing.public.routes.ts'
export { cadenceText } from './billing.views.ts'
export { reconcileStaleCharges } from './subscription-charges.service.ts'
export { runDueSubscriptions } from './subscription-renewals.service.ts'
export { subscriptionRoutes } from './subscriptions.dashboard.routes.ts'
export { testClockRoutes } from './test-clocks.dashboard.routes.ts'
export { getSubscription, listSubscriptionsFor } from './subscriptions.service.ts'
export { advanceClock, createClock } from './test-clocks.service.ts'
