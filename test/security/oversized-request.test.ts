import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../support/platform.ts'

// Node's HTTP parser refuses a request line over 16 KB before Fastify sees it; the answer is still
// {detail, code}, not Node's bare 431.

let p: TestPlatform
let port: number
beforeAll(async () => {
  p = await createTestPlatform()
  await p.app.listen({ port: 0, host: '127.0.0.1' })
  port = (p.app.server.address() as { port: number }).port
})
afterAll(() => p.close())

function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(request))
    let text = ''
    socket.on('data', (d) => (text += d))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}

describe('oversized requests', () => {
  test('a request line over 16 KB answers 431 with {detail, code}', async () => {
    const answer = await raw(`GET /api/refunds/?search=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`)
    const [head, body] = answer.split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 431 /)
    expect(head.toLowerCase()).toContain('content-type: application/json')
    expect(JSON.parse(body)).toEqual({
      detail: 'The request line and headers are larger than 16 KB.',
      code: 'request_header_fields_too_large',
    })
  })

  test('a malformed request answers 400 with {detail, code}', async () => {
    const answer = await raw('NONSENSE\r\n\r\n')
    const [head, body] = answer.split('\r\n\r\n')
    expect(head).toMatch(/^HTTP\/1\.1 400 /)
    expect(JSON.parse(body)).toMatchObject({ code: 'bad_request' })
  })
})
