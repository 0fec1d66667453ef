import { randomUUID } from 'node:crypto'
import { buildDeliveryHeaders, generateWebhookSecret } from './lib/signature.ts'

// `kassa listen`: reads the sandbox event stream of a running Kassa and forwards each event to a
// local URL, signed exactly like a real delivery with a per-session secret printed at start.

export interface ListenOptions {
  apiUrl: string
  apiKey: string
  forwardTo: string
  /** Only these event types are forwarded; empty = all. */
  events: string[]
  secret?: string
  signal?: AbortSignal
  /** One line per event (and the start banner); JSON objects with --json. */
  print: (line: string | Record<string, unknown>) => void
}

export interface ForwardResult {
  event_id: string
  event: string
  delivery_id: string
  status: number | null
  error: string | null
}

export class ListenError extends Error {}

async function forward(
  options: ListenOptions,
  secret: string,
  type: string,
  rawBody: string,
): Promise<Omit<ForwardResult, 'event_id' | 'event'>> {
  const deliveryId = randomUUID()
  const headers = buildDeliveryHeaders({
    secret,
    eventType: type,
    deliveryId,
    timestampSec: Math.floor(Date.now() / 1000),
    rawBody,
  })
  try {
    const res = await fetch(options.forwardTo, {
      method: 'POST',
      headers,
      body: rawBody,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    })
    await res.arrayBuffer().catch(() => undefined)
    return { delivery_id: deliveryId, status: res.status, error: null }
  } catch (err) {
    return {
      delivery_id: deliveryId,
      status: null,
      error: (err as Error).cause
        ? String((err as { cause: Error }).cause.message ?? (err as Error).cause)
        : (err as Error).message,
    }
  }
}

/** Parses one SSE block (`field: value` lines) into its event name, id and data. */
function parseBlock(block: string): { event: string; id: string | null; data: string } | null {
  let event = 'message'
  let id: string | null = null
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event = value
    else if (field === 'id') id = value
    else if (field === 'data') data.push(value)
  }
  return data.length || event !== 'message' ? { event, id, data: data.join('\n') } : null
}

/** Connects (and reconnects after a drop) until `signal` aborts. Rejects on refused credentials. */
export async function listen(options: ListenOptions, onForwarded?: (result: ForwardResult) => void): Promise<void> {
  const secret = options.secret ?? generateWebhookSecret()
  const streamUrl = `${options.apiUrl.replace(/\/+$/, '')}/api/webhooks/stream/`
  let announced = false
  while (!options.signal?.aborted) {
    let response: Response
    try {
      response = await fetch(streamUrl, {
        headers: { authorization: `Api-Key ${options.apiKey}`, accept: 'text/event-stream' },
        signal: options.signal,
      })
    } catch (err) {
      if (options.signal?.aborted) return
      options.print(`Could not reach ${streamUrl} (${(err as Error).message}); retrying in 2 s…`)
      await new Promise((r) => setTimeout(r, 2000))
      continue
    }
    if (response.status === 401 || response.status === 403) {
      const body = (await response.json().catch(() => ({}))) as { detail?: string }
      throw new ListenError(body.detail ?? `the API answered ${response.status}`)
    }
    if (!response.ok || !response.body) throw new ListenError(`the API answered ${response.status} for ${streamUrl}`)
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n')
        let end: number
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = parseBlock(buffer.slice(0, end))
          buffer = buffer.slice(end + 2)
          if (!block) continue
          if (block.event === 'ready') {
            if (!announced) {
              options.print({
                ready: true,
                secret,
                forward_to: options.forwardTo,
                text: `Ready! Forwarding sandbox events to ${options.forwardTo}\nYour webhook signing secret for this session is ${secret}`,
              })
              announced = true
            }
            continue
          }
          if (options.events.length && !options.events.includes(block.event)) continue
          const result = {
            event_id: block.id ?? '',
            event: block.event,
            ...(await forward(options, secret, block.event, block.data)),
          }
          options.print({
            ...result,
            text: `${new Date().toISOString()}  --> ${result.event} [${result.event_id}]  <-- [${result.status ?? 'ERR'}] POST ${options.forwardTo}${result.error ? ` (${result.error})` : ''}`,
          })
          onForwarded?.(result)
        }
      }
    } catch (err) {
      if (options.signal?.aborted) return
      options.print(`Stream interrupted (${(err as Error).message}); reconnecting…`)
    }
    if (!options.signal?.aborted) await new Promise((r) => setTimeout(r, 1000))
  }
}
