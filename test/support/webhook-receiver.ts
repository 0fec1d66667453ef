import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
  at: number
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string } | 'hang'

/** A real local HTTP receiver that records every request and answers as the test scripts it. */
export interface Receiver {
  url: string
  port: number
  requests: ReceivedRequest[]
  respond: (request: ReceivedRequest, index: number) => Reply
  /** Resolves when `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>
  close(): Promise<void>
}

export async function startReceiver(
  respond: Receiver['respond'] = () => ({ status: 200, body: 'ok' }),
  path = '/hooks',
): Promise<Receiver> {
  const waiters: { count: number; resolve: () => void }[] = []
  const hanging: http.ServerResponse[] = []
  const receiver = { requests: [] as ReceivedRequest[], respond } as Receiver
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: performance.now(),
      }
      const index = receiver.requests.push(request) - 1
      for (const w of waiters) if (receiver.requests.length >= w.count) w.resolve()
      const reply = receiver.respond(request, index)
      if (reply === 'hang') {
        hanging.push(res)
        return
      }
      res.writeHead(reply.status, reply.headers ?? {})
      res.end(reply.body ?? '')
    })
  })
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  receiver.port = port
  receiver.url = `http://127.0.0.1:${port}${path}`
  receiver.waitFor = (count, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      if (receiver.requests.length >= count) return resolve(receiver.requests)
      const timer = setTimeout(
        () => reject(new Error(`receiver got ${receiver.requests.length} of ${count} requests`)),
        timeoutMs,
      )
      waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer)
          resolve(receiver.requests)
        },
      })
    })
  receiver.close = async () => {
    for (const res of hanging) res.destroy()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return receiver
}
