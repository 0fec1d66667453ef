import { errorFromResponse } from '../errors.ts'
import type { Requester, RequestOptions } from '../request.ts'
import type { KassaEvent } from './events.ts'

interface ServerSentEvent {
  id?: string
  event: string
  data: string
}

/** Splits a text/event-stream body into events (the subset of the SSE format the server writes). */
export async function* parseEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder()
  let buffer = ''
  // A CR at the end of a chunk may be the first half of a CRLF: held back until the next chunk.
  let pending = ''
  const reader = body.getReader()
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      const raw = pending + decoder.decode(value, { stream: true })
      const cut = raw.endsWith('\r') ? raw.length - 1 : raw.length
      buffer += raw.slice(0, cut).replace(/\r\n?/g, '\n')
      pending = raw.slice(cut)
      let end = buffer.indexOf('\n\n')
      while (end !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        end = buffer.indexOf('\n\n')
        const message: ServerSentEvent = { event: 'message', data: '' }
        const data: string[] = []
        for (const line of block.split('\n')) {
          if (line === '' || line.startsWith(':')) continue
          const colon = line.indexOf(':')
          const field = colon === -1 ? line : line.slice(0, colon)
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
          if (field === 'data') data.push(value)
          else if (field === 'event') message.event = value
          else if (field === 'id') message.id = value
        }
        if (data.length === 0) continue
        message.data = data.join('\n')
        yield message
      }
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
}

/**
 * GET /api/webhooks/stream/ (sandbox keys): every sandbox event of the organization as it is
 * recorded, like `kassa listen`. Stop with `break` or the `signal`. Not retried, no timeout once open.
 */
export async function* streamEvents(r: Requester, options: RequestOptions = {}): AsyncGenerator<KassaEvent> {
  const { init } = r.init('GET', { maxRetries: 0, ...options })
  const controller = new AbortController()
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal
  const result = await r.api.GET('/api/webhooks/stream/', {
    ...init,
    signal,
    parseAs: 'stream',
    headers: { ...init.headers, accept: 'text/event-stream' },
  })
  if (!result.response.ok || !result.data) throw errorFromResponse(result.response, result.error)
  try {
    for await (const message of parseEventStream(result.data as ReadableStream<Uint8Array>)) {
      if (message.event === 'ready') continue
      yield JSON.parse(message.data) as KassaEvent
    }
  } finally {
    controller.abort()
  }
}
