import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts'

// Node's HTTP parser refuses these before Fastify routes them, so app.inject cannot reach them:
// the server listens on a random port and the test speaks raw HTTP, as curl would.
let p: TestPlatform
let port: number
beforeAll(async () => {
  p = await createTestPlatform()
  await p.app.listen({ port: 0, host: '127.0.0.1' })
  port = (p.app.server.address() as { port: number }).port
})
afterAll(() => p.close())

function rawRequest(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text))
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk) => {
      answer += chunk
    })
    socket.on('error', (err) => (answer ? resolve(answer) : reject(err)))
    socket.on('close', () => resolve(answer))
  })
}

const parse = (answer: string) => {
  const [head, body] = answer.split('\r\n\r\n')
  return { status: Number(head?.split(' ')[1]), head: head ?? '', body: JSON.parse(body ?? '') }
}

describe('requests Node refuses before routing still answer {detail, code}', () => {
  test('a request line over 16 KB → 431 request_header_too_large', async () => {
    const res = parse(await rawRequest(`GET /api/products/?search=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`))
    expect(res.status).toBe(431)
    expect(res.head).toMatch(/content-type: application\/json/i)
    expect(res.body).toEqual({ detail: 'The request line and headers exceed 16 KB.', code: 'request_header_too_large' })
  })

  test('one header over 16 KB → the same 431', async () => {
    const res = parse(await rawRequest(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17_000)}\r\n\r\n`))
    expect(res.status).toBe(431)
    expect(res.body.code).toBe('request_header_too_large')
  })

  test('a malformed request line → 400 bad_request', async () => {
    const res = parse(await rawRequest('NOT A REQUEST\r\n\r\n'))
    expect(res.status).toBe(400)
    expect(res.body).toEqual({ detail: 'The HTTP request could not be parsed.', code: 'bad_request' })
  })

  test('headers just under the limit are served normally', async () => {
    const answer = await rawRequest(
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'c'.repeat(15_000)}\r\nConnection: close\r\n\r\n`,
    )
    expect(answer).toMatch(/^HTTP\/1\.1 200/)
  })
})
