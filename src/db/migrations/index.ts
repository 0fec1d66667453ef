import type { Migration } from '../migrator.ts'
import * as core from './0001_core.ts'
import * as hostedCheckout from './0002_hosted_checkout.ts'
import * as ledger from './0003_ledger.ts'
import * as webhooks from './0004_webhooks.ts'
import * as dashboard from './0005_dashboard.ts'
import * as refundCounts from './0006_refund_counts.ts'
import * as paymentLinks from './0007_payment_links.ts'
import * as refundCountsDeferred from './0008_refund_counts_deferred.ts'
import * as operations from './0009_operations.ts'
import * as dashboardStats from './0012_dashboard_stats.ts'
import * as processorPayments from './0010_processor_payments.ts'
import * as subscriptions from './0013_subscriptions.ts'
import * as paymentListIndexes from './0014_payment_list_indexes.ts'
import * as subscriptionPrices from './0015_subscription_prices.ts'
import * as developersDashboard from './0016_developers_dashboard.ts'
import * as customerCreditLedger from './0017_customer_credit_ledger.ts'
import * as searchRangeIndexes from './0018_search_range_indexes.ts'

// Append new migrations here; never edit or reorder a landed one.
export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'core', up: core.up },
  { version: 2, name: 'hosted_checkout', up: hostedCheckout.up },
  { version: 3, name: 'ledger', up: ledger.up },
  { version: 4, name: 'webhooks', up: webhooks.up },
  { version: 5, name: 'dashboard', up: dashboard.up },
  { version: 6, name: 'refund_counts', up: refundCounts.up },
  { version: 7, name: 'payment_links', up: paymentLinks.up },
  { version: 8, name: 'refund_counts_deferred', up: refundCountsDeferred.up },
  { version: 9, name: 'operations', up: operations.up },
  { version: 10, name: 'processor_payments', up: processorPayments.up },
  { version: 12, name: 'dashboard_stats', up: dashboardStats.up },
  { version: 13, name: 'subscriptions', up: subscriptions.up },
  { version: 14, name: 'payment_list_indexes', up: paymentListIndexes.up },
  { version: 15, name: 'subscription_prices', up: subscriptionPrices.up },
  { version: 16, name: 'developers_dashboard', up: developersDashboard.up },
  { version: 17, name: 'customer_credit_ledger', up: customerCreditLedger.up },
  { version: 18, name: 'search_range_indexes', up: searchRangeIndexes.up },
]
