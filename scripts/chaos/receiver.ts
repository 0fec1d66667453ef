import http from 'node:http'
import type { AddressInfo } from 'node:net'

// The merchant's webhook endpoint during a chaos run: it fails about half of the requests it gets,
// answering 500 or dropping the connection without an answer, and keeps the id of every event it
// accepted (2xx). A delivery that already failed `maxFailuresPerDelivery` times is accepted, so the
// retry schedule (5 s, 30 s, 2 min, 10 min, …) converges within a run instead of after hours.

export interface ReceiverStats {
  requests: number
  accepted: number
  answered500: number
  dropped: number
  /** Requests for an event already accepted once (at-least-once delivery shows up here). */
  redeliveredAfterAccept: number
}

export interface FlakyReceiver {
  url: string
  /** event_id → times accepted */
  accepted: Map<string, number>
  stats: ReceiverStats
  close(): Promise<void>
}

export async function startFlakyReceiver(
  options: { failRate: number; maxFailuresPerDelivery: number; random?: () => number } = {
    failRate: 0.5,
    maxFailuresPerDelivery: 2,
  },
): Promise<FlakyReceiver> {
  const random = options.random ?? Math.random
  const failures = new Map<string, number>()
  const accepted = new Map<string, number>()
  const stats: ReceiverStats = { requests: 0, accepted: 0, answered500: 0, dropped: 0, redeliveredAfterAccept: 0 }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      stats.requests++
      const deliveryId = String(req.headers['x-webhook-delivery-id'] ?? '')
      let eventId = ''
      try {
        eventId = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { event_id?: unknown }).event_id ?? '')
      } catch {
        // not JSON: answered 400 below
      }
      if (!eventId) {
        res.writeHead(400).end('no event_id')
        return
      }
      const failed = failures.get(deliveryId) ?? 0
      if (failed < options.maxFailuresPerDelivery && random() < options.failRate) {
        failures.set(deliveryId, failed + 1)
        if (random() < 0.5) {
          stats.answered500++
          res.writeHead(500).end('chaos: failing on purpose')
        } else {
          stats.dropped++
          req.socket.destroy()
        }
        return
      }
      const times = accepted.get(eventId) ?? 0
      if (times > 0) stats.redeliveredAfterAccept++
      accepted.set(eventId, times + 1)
      stats.accepted++
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    accepted,
    stats,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
