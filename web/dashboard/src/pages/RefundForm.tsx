import { useState, type FormEvent } from 'react'
import { ApiError, api } from '../api.ts'
import { fromMinor, money, toMinor } from '../format.ts'
import { useApiMutation } from '../queries.ts'
import type { PaymentDetail, RefundCreated } from '../types.ts'
import { ErrorNote, Field, messageOf } from '../ui.tsx'

/** Refund statuses whose amount counts against what is left to refund. */
const COMMITTED = ['pending', 'processing', 'completed']

export function refundableMinor(payment: PaymentDetail): number {
  const committed = payment.refunds
    .filter((r) => COMMITTED.includes(r.status))
    .reduce((sum, r) => sum + (toMinor(r.amount) ?? 0), 0)
  return Math.max(0, (toMinor(payment.gross_amount) ?? 0) - committed)
}

/** What each refusal means for the merchant, before the server's own detail (which names amounts). */
const REFUSALS: Record<string, string> = {
  payment_not_refundable: 'This payment cannot be refunded.',
  refund_exceeds_refundable: 'The amount is more than what is left to refund.',
  insufficient_wallet_balance: 'Your balance does not cover this refund.',
  fx_rate_missing: 'The platform has no exchange rate for this currency yet; ask the operator.',
  verification_code_invalid: 'The verification code is not right.',
  verification_code_expired: 'The verification code has expired.',
  verification_code_attempts_exceeded: 'Too many wrong codes.',
  too_many_requests: 'Too many codes were requested.',
  permission_denied: 'Your role cannot refund payments.',
  not_found: 'This payment no longer exists.',
  validation_error: 'Check the form.',
}

export function refusalMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return messageOf(err)
  const title = REFUSALS[err.code]
  const detail = messageOf(err)
  return title && title !== detail ? `${title} ${detail}` : detail
}

const CODE_STEP_ERRORS = [
  'verification_code_invalid',
  'verification_code_expired',
  'verification_code_attempts_exceeded',
]

/**
 * Two steps: amount (prefilled with what remains) and reason, then the 6-digit code emailed to the
 * signed-in user. A refusal of the refund itself sends the merchant back to the first step.
 */
export function RefundForm({ payment, onDone }: { payment: PaymentDetail; onDone: (refundId: string) => void }) {
  const remaining = refundableMinor(payment)
  const [amount, setAmount] = useState(fromMinor(remaining))
  const [reason, setReason] = useState('')
  const [code, setCode] = useState('')
  const [sentTo, setSentTo] = useState<string | null>(null)
  const [formError, setFormError] = useState<string | null>(null)

  const sendCode = useApiMutation(() => api<{ sent_to: string }>('POST', 'refunds/verification-code/'), {
    onSuccess: (r) => setSentTo(r.sent_to),
  })
  const refund = useApiMutation(
    () =>
      api<RefundCreated>('POST', 'refunds/', {
        body: { transaction_id: payment.id, amount, reason: reason.trim(), verification_code: code.trim() },
      }),
    {
      invalidates: ['payments/', 'organization/refunds', 'organization/dashboard/'],
      onSuccess: (r) => onDone(r.refund_public_id),
    },
  )

  const requestCode = (e: FormEvent) => {
    e.preventDefault()
    setFormError(null)
    const minor = toMinor(amount)
    if (minor === null || minor <= 0) return setFormError('Enter an amount such as 12.50.')
    if (minor > remaining)
      return setFormError(`At most ${money(fromMinor(remaining), payment.currency)} is left to refund.`)
    sendCode.mutate(undefined)
  }
  const confirm = (e: FormEvent) => {
    e.preventDefault()
    refund.mutate(undefined, {
      onError: (err) => {
        // Refusals about the refund itself (not the code) need a change to the amount or reason.
        if (err instanceof ApiError && !CODE_STEP_ERRORS.includes(err.code)) {
          setSentTo(null)
          setCode('')
          setFormError(refusalMessage(err))
        }
      },
    })
  }

  if (sentTo === null)
    return (
      <form className="card form" onSubmit={requestCode} aria-labelledby="refund-title">
        <h2 id="refund-title">Refund this payment</h2>
        <p className="muted small">
          {money(fromMinor(remaining), payment.currency)} of {money(payment.gross_amount, payment.currency)} can still
          be refunded.
        </p>
        <Field label={`Amount (${payment.currency})`} hint="Tax included; leave as is for the full remaining amount.">
          <input inputMode="decimal" required value={amount} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <Field label="Reason" hint="Shown to the customer.">
          <textarea required maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <ErrorNote error={formError ?? (sendCode.error && refusalMessage(sendCode.error))} />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={sendCode.isPending}>
            {sendCode.isPending ? 'Sending…' : 'Email me a code'}
          </button>
        </div>
      </form>
    )

  const codeError = refund.error instanceof ApiError && CODE_STEP_ERRORS.includes(refund.error.code)
  return (
    <form className="card form" onSubmit={confirm} aria-labelledby="refund-code-title">
      <h2 id="refund-code-title">Confirm the refund</h2>
      <p>
        Refund <strong>{money(amount, payment.currency)}</strong>. We emailed a 6-digit code to{' '}
        <strong>{sentTo}</strong>; it works once, for 10 minutes.
      </p>
      <Field label="Verification code">
        <input
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          pattern="[0-9]{6}"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </Field>
      <ErrorNote error={codeError ? refusalMessage(refund.error) : null} />
      <div className="form-actions">
        <button type="submit" className="button-danger" disabled={refund.isPending}>
          {refund.isPending ? 'Refunding…' : `Refund ${money(amount, payment.currency)}`}
        </button>
        <button type="button" className="button-quiet" onClick={() => sendCode.mutate(undefined)}>
          Send a new code
        </button>
        <button type="button" className="button-quiet" onClick={() => setSentTo(null)}>
          Back
        </button>
      </div>
    </form>
  )
}
