import type { ReactNode } from 'react'
import type { Me } from './types.ts'
import { Overview } from './pages/Overview.tsx'
import { PaymentList } from './pages/Payments.tsx'
import { PaymentView } from './pages/PaymentDetail.tsx'
import { ApiKeys } from './pages/ApiKeys.tsx'
import { Products } from './pages/Products.tsx'
import { ProductView } from './pages/ProductDetail.tsx'
import { PaymentLinkView } from './pages/PaymentLinkDetail.tsx'
import { Settings } from './pages/Settings.tsx'
import { Webhooks } from './pages/Webhooks.tsx'
import { PaymentLinks } from './pages/PaymentLinks.tsx'
import { RefundList, RefundView } from './pages/Refunds.tsx'
import { Outbox } from './pages/Outbox.tsx'
import { Team } from './pages/Team.tsx'
import { Security } from './pages/Security.tsx'
import { SubscriptionList } from './pages/Subscriptions.tsx'
import { SubscriptionCreate } from './pages/SubscriptionCreate.tsx'
import { SubscriptionView } from './pages/SubscriptionDetail.tsx'
import { CustomerList, CustomerView } from './pages/Customers.tsx'
import { AuditLog } from './pages/AuditLog.tsx'

interface RouteContext {
  can: (permission: string) => boolean
  me: Me | null
}

/** Every page of the app; a path matching none of them shows the 404 page. */
export const ROUTES: { path: string; render: (params: Record<string, string>, ctx: RouteContext) => ReactNode }[] = [
  { path: '/', render: () => <Overview /> },
  { path: '/payments', render: () => <PaymentList /> },
  {
    path: '/payments/:id',
    render: (p, c) => <PaymentView id={p.id} canRefund={c.can('refunds:write')} canResend={c.can('webhooks:write')} />,
  },
  { path: '/refunds', render: () => <RefundList /> },
  { path: '/refunds/:id', render: (p) => <RefundView id={p.id} /> },
  { path: '/customers', render: () => <CustomerList /> },
  { path: '/customers/:id', render: (p) => <CustomerView id={p.id} /> },
  { path: '/subscriptions', render: (_, c) => <SubscriptionList canCreate={c.can('subscriptions:write')} /> },
  { path: '/subscriptions/new', render: () => <SubscriptionCreate /> },
  {
    path: '/subscriptions/:id',
    render: (p, c) => <SubscriptionView id={p.id} canEdit={c.can('subscriptions:write')} />,
  },
  { path: '/audit-log', render: () => <AuditLog /> },
  { path: '/outbox', render: () => <Outbox /> },
  { path: '/security', render: () => <Security /> },
  { path: '/team', render: (_, c) => <Team me={c.me} canManage={c.can('users:write')} /> },
  { path: '/payment-links', render: (_, c) => <PaymentLinks canEdit={c.can('payment_links:write')} /> },
  {
    path: '/payment-links/:id',
    render: (p, c) => <PaymentLinkView id={p.id} canEdit={c.can('payment_links:write')} />,
  },
  { path: '/products', render: (_, c) => <Products canEdit={c.can('catalog:write')} /> },
  { path: '/products/:id', render: (p, c) => <ProductView id={p.id} canEdit={c.can('catalog:write')} /> },
  { path: '/api-keys', render: (_, c) => <ApiKeys canEdit={c.can('api_keys:write')} /> },
  { path: '/webhooks', render: (_, c) => <Webhooks canEdit={c.can('webhooks:write')} /> },
  { path: '/settings', render: (_, c) => <Settings canEdit={c.can('organization:write')} /> },
]

/** The side navigation, in groups. */
export const SECTIONS: { label: string; links: { path: string; label: string; permission?: string }[] }[] = [
  {
    label: '',
    links: [
      { path: '/', label: 'Overview' },
      { path: '/payments', label: 'Payments' },
      { path: '/refunds', label: 'Refunds' },
      { path: '/customers', label: 'Customers' },
      { path: '/subscriptions', label: 'Subscriptions' },
    ],
  },
  {
    label: 'Catalog',
    links: [
      { path: '/products', label: 'Products' },
      { path: '/payment-links', label: 'Payment links' },
    ],
  },
  {
    label: 'Developers',
    links: [
      { path: '/api-keys', label: 'API keys' },
      { path: '/webhooks', label: 'Webhooks' },
    ],
  },
  {
    label: 'Account',
    links: [
      { path: '/settings', label: 'Settings' },
      { path: '/team', label: 'Team' },
      { path: '/security', label: 'Security' },
      { path: '/audit-log', label: 'Audit log', permission: 'audit_log:read' },
      { path: '/outbox', label: 'Outbox' },
    ],
  },
]
