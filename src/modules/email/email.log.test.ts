import { Writable } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform.ts'
import { sendEmail } from './email.service.ts'

let p: TestPlatform
const lines: string[] = []
beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const log = pino({ level: 'info' }, sink) as unknown as FastifyBaseLogger
  p = await createTestPlatform({ log })
})
afterAll(() => p.close())

describe('email log lines', () => {
  it('name the recipient and subject, never the body (tokens, codes)', async () => {
    const secret = 'invite-token-Zx81Qm0pL2'
    const { delivered } = await sendEmail(p.ctx, {
      organizationId: null,
      to: 'ada@example.com',
      subject: 'You are invited',
      text: `Invitation token: ${secret}\nRefund code: 493817`,
    })
    expect(delivered).toBe(true)
    const outbox = lines.filter((l) => l.includes('local outbox'))
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toContain('ada@example.com')
    expect(outbox[0]).toContain('You are invited')
    const all = lines.join('\n')
    expect(all).not.toContain(secret)
    expect(all).not.toContain('493817')
  })
})
