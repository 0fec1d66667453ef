/**
 * Every error code Kassa answers, with its one HTTP status and a title saying when it happens.
 * `AppError` takes its status from here, so a code missing from this table does not compile, and
 * docs/reference/errors.md is generated from it (`npm run docs:generate`; a test fails on drift).
 */
export const ERROR_CATALOGUE = {
  // 400: the request is wrong
  validation_error: { status: 400, title: 'A field is invalid; `errors` names every failing field.' },
  malformed_json: { status: 400, title: 'The body is not valid JSON.' },
  bad_request: { status: 400, title: 'The HTTP layer refused the request (for example a malformed URL).' },
  amount_out_of_range: {
    status: 400,
    title: "The charged total is outside the organization's minimum or maximum payment.",
  },
  payment_not_refundable: {
    status: 400,
    title: 'The payment is not `paid`, `partially_refunded` or `refund_pending`, so it cannot be refunded.',
  },
  refund_exceeds_refundable: {
    status: 400,
    title: 'The amount is more than the gross minus the refunds completed and in flight.',
  },
  insufficient_wallet_balance: { status: 400, title: "The wallet's available balance is below the refund amount." },
  fx_rate_missing: { status: 400, title: 'No exchange rate to USD is configured for the currency.' },
  invalid_invitation: { status: 400, title: 'The invitation token is invalid, expired, revoked or already used.' },
  verification_code_invalid: {
    status: 400,
    title: 'The refund verification code is wrong, already used, or none is pending.',
  },
  verification_code_expired: { status: 400, title: 'The refund verification code has expired (10 minutes).' },
  verification_code_attempts_exceeded: {
    status: 400,
    title: 'Five wrong refund verification codes were tried; request a new one.',
  },
  webhook_endpoint_disabled: { status: 400, title: 'The webhook endpoint is disabled; enable it first.' },
  no_webhook_endpoints: { status: 400, title: 'No enabled webhook endpoint is configured for the environment.' },
  event_too_old: { status: 400, title: 'Only events of the last 30 days can be replayed.' },
  partial_refund_not_supported: {
    status: 400,
    title: "The payment's card processor refunds whole payments only (Inflow): refund the full amount or nothing.",
  },
  invalid_webhook_signature: {
    status: 400,
    title: 'Inbound processor webhook: the signature or the timestamp (5 minutes) could not be verified.',
  },
  // 401: who are you?
  not_authenticated: {
    status: 401,
    title: 'Credentials are missing, unknown, revoked or expired (API key or dashboard token).',
  },
  wrong_credentials_type: {
    status: 401,
    title: 'A dashboard token on an API-key route, or an API key on a dashboard route.',
  },
  invalid_credentials: { status: 401, title: 'Sign-in: invalid email or password.' },
  invalid_challenge: { status: 401, title: 'Sign-in: the two-factor challenge is invalid, expired or used up.' },
  invalid_code: { status: 401, title: 'Sign-in: the two-factor code is wrong or was already used.' },
  // 403: not allowed
  insufficient_scope: { status: 403, title: 'The API key lacks the scope the route requires.' },
  environment_mismatch: {
    status: 403,
    title: 'A production key or `environment=production` on the `/sandbox/api/` mirror.',
  },
  permission_denied: { status: 403, title: 'The signed-in role may not do this.' },
  organization_suspended: { status: 403, title: 'The organization is suspended.' },
  signup_disabled: { status: 403, title: 'Sign-up is off on this server (`ALLOW_SIGNUP=false`).' },
  sandbox_only: { status: 403, title: 'The route (event streaming for `kassa listen`) takes sandbox API keys only.' },
  // 404, 405
  not_found: { status: 404, title: 'No such route, or no such object in your organization and environment.' },
  invalid_checkout_token: { status: 404, title: 'The checkout link is not valid.' },
  payment_link_not_found: { status: 404, title: 'The payment link does not exist.' },
  method_not_allowed: {
    status: 405,
    title: 'An API key on `POST /api/refunds/` (API keys refund at `POST /api/transactions/{id}/refund/`).',
  },
  // 409: conflicts with the current state
  illegal_payment_transition: {
    status: 409,
    title: 'The payment cannot move from its current status to the one asked.',
  },
  idempotency_key_reused: { status: 409, title: 'The `Idempotency-Key` was used with a different request body.' },
  idempotency_key_in_use: { status: 409, title: 'The first request with this `Idempotency-Key` is still running.' },
  subscription_has_charges: { status: 409, title: 'The subscription has charges: cancel it instead of deleting it.' },
  subscription_ended: { status: 409, title: 'The subscription is canceled, ended or expired.' },
  subscription_not_cancelable: {
    status: 409,
    title: 'Only an active or trialing subscription can be canceled at period end here.',
  },
  subscription_not_changeable: {
    status: 409,
    title: 'Only an active, trialing or past_due subscription can change plan.',
  },
  subscription_not_resumable: { status: 409, title: 'Only a paused subscription or a pending cancel can be resumed.' },
  subscription_not_pausable: { status: 409, title: 'Only an active or past_due subscription can be paused.' },
  subscription_not_chargeable: { status: 409, title: 'The subscription cannot be charged in its status.' },
  no_failed_charge: { status: 409, title: 'Only a past_due subscription has a failed charge to retry.' },
  test_clock_advancing: { status: 409, title: 'The test clock is already advancing.' },
  checkout_already_paid: { status: 409, title: 'The checkout has already been paid.' },
  checkout_failed: { status: 409, title: 'The checkout has failed; no further payment attempt is possible.' },
  checkout_canceled: { status: 409, title: 'The checkout was canceled.' },
  attempt_in_progress: { status: 409, title: 'A payment attempt for this checkout is already in progress.' },
  attempt_unconfirmed: {
    status: 409,
    title:
      'The card processor has not confirmed the previous attempt (a create that timed out or failed with 5xx): no second payment starts until it is known.',
  },
  no_challenge_pending: { status: 409, title: 'No 3-D Secure challenge is pending for this checkout.' },
  payment_link_is_subscription: {
    status: 409,
    title: "The link sells a recurring plan: the buyer subscribes on the link's page, not through this API.",
  },
  payment_link_busy: {
    status: 409,
    title: "The link's remaining uses are all reserved by payments in progress; try again in a moment.",
  },
  api_key_not_active: { status: 409, title: 'The API key is no longer active (revoked, expired or rotated).' },
  user_exists: { status: 409, title: 'A user with this email already exists.' },
  email_taken: { status: 409, title: 'A user with this email already exists (sign-up, `kassa merchant create`).' },
  last_owner: { status: 409, title: 'The organization must keep at least one owner.' },
  cannot_remove_self: { status: 409, title: 'Nobody removes themselves from an organization.' },
  two_factor_already_enabled: { status: 409, title: 'Two-factor authentication is already on.' },
  two_factor_not_set_up: { status: 409, title: 'Two-factor enrollment was not started (`POST /api/auth/2fa/setup/`).' },
  two_factor_not_enabled: { status: 409, title: 'Two-factor authentication is not on.' },
  // 410: gone for good
  checkout_expired: { status: 410, title: 'The checkout session has expired.' },
  payment_link_expired: { status: 410, title: 'The payment link has expired.' },
  payment_link_inactive: { status: 410, title: 'The payment link was deactivated by the merchant.' },
  payment_link_deleted: { status: 410, title: 'The payment link was deleted.' },
  payment_link_used_up: { status: 410, title: 'The payment link has reached its maximum number of payments.' },
  // 408, 413, 415, 429, 431
  request_timeout: { status: 408, title: 'The request did not arrive in time; the connection is closed.' },
  payload_too_large: { status: 413, title: 'The body is larger than 256 KB.' },
  unsupported_media_type: { status: 415, title: 'The `Content-Type` is not one the route accepts.' },
  too_many_attempts: {
    status: 429,
    title:
      'Too many sign-in failures, payment attempts or refund verification codes; `Retry-After` says when to retry.',
  },
  request_header_too_large: {
    status: 431,
    title: 'The request line and headers together are larger than 16 KB; the connection is closed.',
  },
  // 5xx: Kassa or its processor failed
  internal_error: {
    status: 500,
    title: 'An unexpected error; the body carries only a `request_id` (also in the logs).',
  },
  card_declined: { status: 402, title: 'The card was declined (subscription billing page).' },
  provider_error: { status: 502, title: 'The card processor could not be reached; try again.' },
  provider_unavailable: { status: 503, title: 'No card processor is configured for production payments.' },
  not_ready: { status: 503, title: 'The database is unreachable (`GET /readyz`).' },
} as const satisfies Record<string, { status: number; title: string }>

export type ErrorCode = keyof typeof ERROR_CATALOGUE

/** The codes whose status is `S`: `forbidden()` takes only 403 codes, `conflict()` only 409 ones. */
export type ErrorCodeWithStatus<S extends number> = {
  [C in ErrorCode]: (typeof ERROR_CATALOGUE)[C]['status'] extends S ? C : never
}[ErrorCode]

export const statusOf = (code: ErrorCode): number => ERROR_CATALOGUE[code].status
