import { Type } from '@sinclair/typebox'
import { PagingQuery } from '../../http/paging.ts'
import { DateTime, Money, Nullable, StringEnum } from '../../http/schemas.ts'
import { Subscription, SubscriptionCharge } from './subscriptions.schemas.ts'

// The customers read API (dashboard) and a subscription's change history.

const Environment = StringEnum(['sandbox', 'production'] as const)

/** The customer as a subscription shows it, plus its environment, subscription count and dates. */
export const Customer = Type.Composite(
  [
    Subscription.properties.customer,
    Type.Object({
      environment: Environment,
      subscription_count: Type.Integer({ description: 'Its subscriptions (archived ones left out).' }),
      created_at: DateTime,
      updated_at: DateTime,
    }),
  ],
  { title: 'Customer' },
)

export const CustomerPayment = Type.Composite(
  [SubscriptionCharge, Type.Object({ subscription_id: Type.String({ description: 'sub_…' }) })],
  { title: 'CustomerPayment' },
)

export const CustomerDetail = Type.Composite(
  [
    Customer,
    Type.Object({
      subscriptions: Type.Array(Subscription, { description: 'Newest first.' }),
      payments: Type.Array(CustomerPayment, {
        description: 'The charges of its subscriptions, newest first (at most 100).',
      }),
      credit_balances: Type.Array(
        Type.Object({
          currency: Type.String(),
          amount: Money('Credit from plan changes (prorations), paid first toward the next charges.'),
        }),
        {
          description: 'Its credit balance per currency, from the ledger (currencies it never had credit in left out).',
        },
      ),
    }),
  ],
  { title: 'CustomerDetail' },
)

export const CustomerListQuery = Type.Object({
  ...PagingQuery,
  environment: Type.Optional(Environment),
  search: Type.Optional(
    Type.String({ maxLength: 254, description: 'Part of the email (case-insensitive), or a customer id (cus_…).' }),
  ),
})

export const CustomerQuery = Type.Object({ environment: Type.Optional(Environment) })
export const CustomerParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

export const SubscriptionChange = Type.Object(
  {
    id: Type.Integer(),
    actor: Type.String({ description: '"system", "customer:cus_…" or "user:<id>".' }),
    actor_email: Nullable(Type.String({ description: 'The dashboard user, when a user made the change.' })),
    reason: Type.String({ description: 'e.g. created, activated, plan_changed, canceled, paused, resumed.' }),
    from_status: Nullable(Type.String()),
    to_status: Type.String(),
    created_at: DateTime,
  },
  { title: 'SubscriptionChange' },
)
