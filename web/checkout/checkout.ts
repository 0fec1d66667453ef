// The hosted checkout page's script: inline validation, the pay / 3-D Secure / cancel calls, and the
// redirect once the outcome is known. Plain DOM, no framework; bundled by esbuild at server start.
import {
  CARD_MESSAGES,
  cardBrand,
  cvcLength,
  normalizeCardNumber,
  validateCard,
  type CardField,
} from '../../src/lib/card.ts'

import type { Answer, ErrorAnswer } from './answers.ts'

const root = document.getElementById('checkout') as HTMLElement
const token = root.dataset.token as string
const scripted = root.dataset.scripted === 'true'
// A hosted-page processor: no card fields here, Pay answers with the processor page to go to.
const noCard = scripted || root.dataset.flow === 'redirect'
// The page's language: the server renders the messages this script shows (src/modules/checkout/i18n).
const messages: Record<string, string> = JSON.parse(root.dataset.messages ?? '{}')
const say = (key: string, fallback: string, count?: number) =>
  (messages[key] ?? fallback).replace('{count}', String(count ?? ''))
/** Card checks speak English (src/lib/card.ts, shared with the server): shown in the page's language. */
const cardMessage = (english: string) => {
  const key = (Object.keys(CARD_MESSAGES) as Array<keyof typeof CARD_MESSAGES>).find(
    (k) => CARD_MESSAGES[k] === english,
  )
  return key ? say(key, english) : english
}
const form = document.getElementById('card-form') as HTMLFormElement
const payButton = document.getElementById('pay-button') as HTMLButtonElement
const cancelButton = document.getElementById('cancel-button') as HTMLButtonElement
const cancelConfirm = document.getElementById('cancel-confirm') as HTMLElement
const alertBox = document.getElementById('alert') as HTMLElement
const challenge = document.getElementById('challenge') as HTMLElement
const pending = document.getElementById('pending') as HTMLElement
const inputs: Record<CardField, HTMLInputElement | null> = {
  number: document.getElementById('card-number') as HTMLInputElement | null,
  expiry: document.getElementById('card-expiry') as HTMLInputElement | null,
  cvc: document.getElementById('card-cvc') as HTMLInputElement | null,
  name: document.getElementById('card-name') as HTMLInputElement | null,
}
let busy = false

async function post(
  path: string,
  body: Record<string, unknown>,
): Promise<{ status: number; body: Answer & ErrorAnswer; retryAfter: string | null }> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, ...body }),
    credentials: 'omit',
  })
  return { status: res.status, body: await res.json().catch(() => ({})), retryAfter: res.headers.get('retry-after') }
}

function showAlert(message: string | null): void {
  alertBox.textContent = message ?? ''
  alertBox.hidden = !message
}

/**
 * While a request is out, further clicks are ignored (the `busy` flag) rather than the buttons being
 * disabled or renamed: the button keeps its name "Pay $…" and a second click lands harmlessly.
 */
function setBusy(on: boolean): void {
  busy = on
  root.setAttribute('aria-busy', on ? 'true' : 'false')
  payButton.classList.toggle('busy', on)
  challenge.querySelectorAll('button').forEach((b) => b.classList.toggle('busy', on))
}

function setFieldError(field: CardField, message: string | null): void {
  const input = inputs[field]
  if (!input) return
  const slot = document.getElementById(`${input.id}-error`) as HTMLElement
  slot.textContent = message ? cardMessage(message) : ''
  input.setAttribute('aria-invalid', message ? 'true' : 'false')
}

function show(section: 'form' | 'challenge' | 'pending'): void {
  form.hidden = section !== 'form'
  challenge.hidden = section !== 'challenge'
  pending.hidden = section !== 'pending'
}

/** Our own result view reloads this page (the server renders it); any other URL is the merchant's. */
function go(url: string): void {
  const target = new URL(url, location.href)
  if (target.pathname === location.pathname) location.replace(location.pathname)
  else location.assign(target.toString())
}

let polling = false
async function pollUntilDone(): Promise<void> {
  if (polling) return
  polling = true
  for (;;) {
    await new Promise((r) => setTimeout(r, 1500))
    const res = await post('/api/checkout/sync-status/', {}).catch(() => null)
    if (res && res.status === 200 && res.body.status !== 'PENDING' && res.body.redirect_url)
      return go(res.body.redirect_url)
    if (res && res.status !== 200 && res.status !== 429) return location.reload()
  }
}

async function handle(res: Awaited<ReturnType<typeof post>>): Promise<void> {
  const answer = res.body
  if (res.status === 200) {
    if (answer.result === 'redirect' && answer.redirect_url) return go(answer.redirect_url)
    if (answer.result === 'declined') {
      setBusy(false)
      show('form')
      const left = answer.attempts_remaining ?? 0
      const remaining =
        left > 0 && left <= 2
          ? ` ${say(left === 1 ? 'attemptLeft' : 'attemptsLeft', '{count} attempts left.', left)}`
          : ''
      showAlert(`${answer.message ?? say('declined', 'Your card was declined.')}${remaining}`)
      inputs.number?.focus()
      return
    }
    if (answer.result === 'requires_action') {
      setBusy(false)
      showAlert(null)
      show('challenge')
      ;(document.getElementById('challenge-complete') as HTMLButtonElement).focus()
      return
    }
    if (answer.status === 'PENDING') {
      show('pending')
      return pollUntilDone()
    }
    if (answer.redirect_url) return go(answer.redirect_url)
  }
  if (res.status === 400 && answer.errors) {
    setBusy(false)
    for (const [path, messages] of Object.entries(answer.errors)) {
      const field = path.replace(/^card\./, '') as CardField
      if (field in inputs) setFieldError(field, messages[0])
    }
    showAlert(answer.errors.card ? cardMessage(answer.errors.card[0]) : null)
    return
  }
  if (res.status === 409 && answer.code === 'attempt_in_progress') {
    // Another tab or click is paying right now: wait for its outcome instead of racing it.
    show('pending')
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 750))
      const sync = await post('/api/checkout/sync-status/', {}).catch(() => null)
      if (sync && sync.status === 200 && sync.body.status !== 'PENDING' && sync.body.redirect_url)
        return go(sync.body.redirect_url)
    }
    show('form')
  }
  if (res.status === 409 || res.status === 410) {
    // Another tab or click got there first, or the session ended: the server knows the outcome.
    const sync = await post('/api/checkout/sync-status/', {}).catch(() => null)
    if (sync && sync.status === 200 && sync.body.status !== 'PENDING' && sync.body.redirect_url)
      return go(sync.body.redirect_url)
    // An expired session re-renders as such; a payment link that stopped selling explains itself in the alert below.
    if (res.status === 410 && answer.code === 'checkout_expired') return location.reload()
  }
  setBusy(false)
  showAlert(answer.detail ?? say('genericError', 'Something went wrong. Please try again.'))
}

function validateForm(): Record<string, string> | null {
  const values = {
    number: inputs.number!.value,
    expiry: inputs.expiry!.value,
    cvc: inputs.cvc!.value,
    name: inputs.name!.value,
  }
  const { errors, card } = validateCard(values, new Date())
  for (const field of Object.keys(inputs) as CardField[]) setFieldError(field, errors[field] ?? null)
  if (card) return values
  const first = (Object.keys(inputs) as CardField[]).find((f) => errors[f])
  if (first) inputs[first]!.focus()
  return null
}

form.addEventListener('submit', async (event) => {
  event.preventDefault()
  if (busy) return
  showAlert(null)
  let card: Record<string, string> | null = null
  if (!noCard) {
    card = validateForm()
    if (!card) return
  }
  setBusy(true)
  try {
    await handle(await post('/api/checkout/pay/', card ? { card } : {}))
  } catch {
    setBusy(false)
    showAlert(say('networkError', 'Could not reach the payment server. Check your connection and try again.'))
  }
})

async function answerChallenge(action: 'complete' | 'fail'): Promise<void> {
  if (busy) return
  setBusy(true)
  try {
    await handle(await post('/api/checkout/3ds/', { action }))
  } catch {
    setBusy(false)
    showAlert(say('networkError', 'Could not reach the payment server. Check your connection and try again.'))
  }
}
document.getElementById('challenge-complete')!.addEventListener('click', () => answerChallenge('complete'))
document.getElementById('challenge-fail')!.addEventListener('click', () => answerChallenge('fail'))

// Cancel asks first, in the page: "Yes, cancel" cancels, "Keep paying" puts everything back.
function askCancel(open: boolean): void {
  cancelButton.hidden = open
  cancelConfirm.hidden = !open
  ;(document.getElementById(open ? 'cancel-no' : 'cancel-button') as HTMLButtonElement).focus()
}
cancelButton.addEventListener('click', () => {
  if (!busy) askCancel(true)
})
document.getElementById('cancel-no')!.addEventListener('click', () => askCancel(false))
cancelConfirm.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') askCancel(false)
})
document.getElementById('cancel-yes')!.addEventListener('click', async () => {
  if (busy) return
  setBusy(true)
  try {
    await handle(await post('/api/checkout/cancel/', {}))
  } catch {
    setBusy(false)
    showAlert(say('networkError', 'Could not reach the payment server. Check your connection and try again.'))
  }
})

// Formatting as the customer types: "4242 4242 4242 4242", "12 / 34", digits only in the CVC.
inputs.number?.addEventListener('input', () => {
  const input = inputs.number!
  const digits = normalizeCardNumber(input.value).replace(/\D/g, '').slice(0, 19)
  const groups = cardBrand(digits) === 'amex' ? [4, 6, 5] : [4, 4, 4, 4, 3]
  const parts: string[] = []
  let at = 0
  for (const size of groups) {
    if (at >= digits.length) break
    parts.push(digits.slice(at, at + size))
    at += size
  }
  input.value = parts.join(' ')
  if (inputs.cvc) inputs.cvc.maxLength = cvcLength(cardBrand(digits))
})
inputs.expiry?.addEventListener('input', (event) => {
  const input = inputs.expiry!
  const deleting = (event as InputEvent).inputType?.startsWith('delete')
  let month: string
  let year: string
  if (input.value.includes('/')) {
    // Typed or pasted with a slash: "1/34", "12/2034", "12 / 34".
    const [left, right = ''] = input.value.split('/')
    month = left.replace(/\D/g, '').slice(0, 2)
    year = right.replace(/\D/g, '')
    if (month.length === 1 && (year.length > 0 || !deleting)) month = `0${month}`
  } else {
    const digits = input.value.replace(/\D/g, '')
    month = digits.slice(0, 2)
    year = digits.slice(2)
    if (month.length === 1 && Number(month) > 1) month = `0${month}`
  }
  if (year.length === 4) year = year.slice(2)
  year = year.slice(0, 2)
  input.value = year.length > 0 || (month.length === 2 && !deleting) ? `${month} / ${year}` : month
})
inputs.cvc?.addEventListener('input', () => {
  inputs.cvc!.value = inputs.cvc!.value.replace(/\D/g, '')
})
// A press on a button blurs the field before the click lands: the field's message must not change
// then, or the page reflows and the click (Pay) misses; submit validates everything anyway.
let pressing = false
form.addEventListener('pointerdown', (event) => {
  if ((event.target as HTMLElement).closest('button')) pressing = true
})
for (const type of ['pointerup', 'pointercancel', 'click'])
  document.addEventListener(type, () => setTimeout(() => (pressing = false)), true)
for (const field of Object.keys(inputs) as CardField[]) {
  inputs[field]?.addEventListener('blur', (event) => {
    if (pressing || (event.relatedTarget as HTMLElement | null)?.closest('button')) return
    // Once a field was flagged, its message follows the corrections (other fields are left alone).
    if (inputs[field]!.getAttribute('aria-invalid') !== 'true') return
    const { errors } = validateCard(
      { number: inputs.number!.value, expiry: inputs.expiry!.value, cvc: inputs.cvc!.value, name: inputs.name!.value },
      new Date(),
    )
    setFieldError(field, errors[field] ?? null)
  })
}

if (root.dataset.state === 'pending') void pollUntilDone()
