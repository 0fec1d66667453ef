import { type Static, type TObject, Type } from '@sinclair/typebox'

// Every webhook event type and its payload. `insertEvent` accepts only these types and payloads, and
// docs/reference/events.md is generated from them (`npm run docs:generate`; a test fails on drift).

const money = (description: string) => Type.String({ description: `${description} (decimal string, "99.00").` })
const timestamp = (description: string) => Type.String({ format: 'date-time', description })

const envelope = {
  event: Type.String({ description: 'The event type.' }),
  event_id: Type.String({ description: 'Stable id of the event (`evt_…`): dedupe on it.' }),
}

const DepositAttempt = Type.Object({
  status: Type.Union(
    ['succeeded', 'requires_payment_method', 'requires_action', 'processing', 'failed'].map((s) => Type.Literal(s)),
    { description: 'Outcome of the attempt.' },
  ),
  paymentId: Type.String({ description: "The processor's payment id." }),
  attemptedAt: timestamp('When the attempt was made.'),
  errorMessage: Type.Union([Type.String(), Type.Null()], { description: 'Why it was declined, or null.' }),
  paymentMethod: Type.String({ description: 'Payment method (`card`).' }),
})

export const EVENT_SCHEMAS = {
  'transaction.status_changed': Type.Object(
    {
      ...envelope,
      transaction_id: Type.String({ description: 'Public payment id (`TX…`).' }),
      order_id: Type.String({ description: 'The checkout id (`org1-…`).' }),
      amount: money('Net amount after fees'),
      gross_amount: money('What the customer was charged'),
      status: Type.String({
        description:
          'Payment status: `processing`, `paid`, `failed`, `canceled`, `refund_pending`, `partially_refunded`, `refunded`.',
      }),
      currency: Type.String({ description: '`USD` or `EUR`.' }),
      created_at: timestamp('When the payment was created.'),
      updated_at: timestamp('When the payment last changed.'),
      depositAttempts: Type.Array(DepositAttempt, { description: 'Every deposit attempt, newest first.' }),
    },
    {
      description:
        'Every payment status change and every change of its deposit attempt history (even while `processing`).',
    },
  ),
  'refund.status_changed': Type.Object(
    {
      ...envelope,
      refund_id: Type.String({ description: 'Public refund id (`RF…`).' }),
      id: Type.String({ description: 'Public refund id (`RF…`), as in `GET /api/refunds/{id}/`.' }),
      numeric_id: Type.Integer({ description: 'Numeric refund id.' }),
      transaction_id: Type.String({ description: 'Public id of the refunded payment (`TX…`).' }),
      amount: money('Refunded amount in the charge currency'),
      currency: Type.String({ description: '`USD` or `EUR`.' }),
      amount_in_cents: Type.Integer({ description: 'The amount in minor units.' }),
      amount_usd: money('The amount in USD at the rate of the refund'),
      fx_rate: Type.String({ description: 'The EUR→USD rate used (`1` for USD).' }),
      reason: Type.String({ description: 'Reason given for the refund.' }),
      status: Type.Union(
        ['pending', 'processing', 'completed', 'failed', 'rejected'].map((s) => Type.Literal(s)),
        { description: 'Refund status.' },
      ),
      created_at: timestamp('When the refund was created.'),
      updated_at: timestamp('When the refund last changed.'),
    },
    { description: 'Every refund status change.' },
  ),
  'webhook.test': Type.Object(
    {
      ...envelope,
      message: Type.String({ description: 'A fixed sentence.' }),
      environment: Type.Union([Type.Literal('sandbox'), Type.Literal('production')], {
        description: 'Environment of the endpoint.',
      }),
      created_at: timestamp('When the test was sent.'),
    },
    {
      description:
        '`kassa webhook test` or "Send test event" in the dashboard; sent whatever the endpoint\'s event filter.',
    },
  ),
  'webhook_endpoint.disabled': Type.Object(
    {
      ...envelope,
      endpoint_id: Type.String({ description: 'The disabled endpoint (`we_…`).' }),
      url: Type.String({ description: 'Its URL.' }),
      reason: Type.String({ description: 'Why: it answered `410 Gone`, or 5 days of failed attempts.' }),
      disabled_at: timestamp('When Kassa disabled it.'),
    },
    { description: 'Kassa disabled one of your endpoints (410 Gone, or every attempt failed for 5 days).' },
  ),
} satisfies Record<string, TObject>

export type EventType = keyof typeof EVENT_SCHEMAS

/** What a writer passes: the payload without the envelope, which `insertEvent` adds. */
export type EventPayload<T extends EventType> = Omit<Static<(typeof EVENT_SCHEMAS)[T]>, keyof typeof envelope>
