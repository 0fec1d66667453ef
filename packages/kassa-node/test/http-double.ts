import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SeenRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

export type Answer =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Cut the connection without an answer. */
  | 'reset'
  /** Never answer (until the server closes). */
  | 'hang'

/** A real local HTTP server that counts requests and answers as the test scripts it, per request index. */
export async function startDouble(answer: (request: SeenRequest, index: number) => Answer) {
  const requests: SeenRequest[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      }
      const reply = answer(seen, requests.push(seen) - 1)
      if (reply === 'hang') return
      if (reply === 'reset') return req.socket.destroy()
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    requests,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Kassa's error body. */
export const kassaError = (code: string, detail: string) => ({ detail, code })
