import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import {
  createTestPlatform,
  createMerchantFixture,
  type TestPlatform,
  type Merchant,
} from '../../../test/support/platform.ts'
import { roleTokens, tokenHeaders, type RoleTokens } from '../../../test/support/dashboard.ts'
import { createWorker } from '../../worker/registry.ts'
import { sendEmail } from './email.service.ts'

interface Received {
  from: string
  to: string[]
  raw: string
}

/** A real SMTP server in-process; `reject` makes it refuse recipients (a failing relay). */
async function startSmtp() {
  const received: Received[] = []
  const state = { reject: false }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(state.reject ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : undefined)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  return {
    received,
    state,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Quoted-printable soft line breaks would split long tokens; undo them before matching. */
const bodyOf = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=')

describe('with SMTP_URL: real delivery', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let p: TestPlatform
  let m: Merchant
  let t: RoleTokens
  beforeAll(async () => {
    smtp = await startSmtp()
    p = await createTestPlatform({ env: { SMTP_URL: smtp.url, EMAIL_FROM: 'Kassa <no-reply@kassa.test>' } })
    m = await createMerchantFixture(p.ctx)
    t = await roleTokens(p.ctx, p.app, m.organizationId, m)
  })
  afterAll(async () => {
    await p.close()
    await smtp.close()
  })

  test('an invitation arrives by mail; its token signs the new user in with the invited role', async () => {
    const res = await p.app.inject({
      method: 'POST',
      url: '/api/organization/invitations/',
      headers: tokenHeaders(t.admin),
      payload: { email: 'new.dev@example.com', role: 'developer' },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ email: 'new.dev@example.com', role: 'developer', status: 'pending' })
    expect(JSON.stringify(res.json())).not.toMatch(/token/i)
    const mail = smtp.received.find((r) => r.to.includes('new.dev@example.com'))
    expect(mail).toBeDefined()
    expect(mail!.from).toBe('no-reply@kassa.test')
    const token = /Invitation token: (\S+)/.exec(bodyOf(mail!.raw))?.[1]
    expect(token).toBeTruthy()

    const accepted = await p.app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept/',
      payload: { token, password: 'developer-password' },
    })
    expect(accepted.statusCode).toBe(201)
    const me = await p.app.inject({ url: '/api/auth/me/', headers: tokenHeaders(accepted.json().token) })
    expect(me.json()).toMatchObject({
      email: 'new.dev@example.com',
      role: 'developer',
      organization: { id: m.organizationId },
    })
    // Single use.
    expect(
      (
        await p.app.inject({
          method: 'POST',
          url: '/api/auth/invitations/accept/',
          payload: { token, password: 'developer-password' },
        })
      ).statusCode,
    ).toBe(400)
    const outbox = (await p.app.inject({ url: '/api/organization/emails/', headers: tokenHeaders(t.owner) })).json()
    expect(outbox[0]).toMatchObject({ to: 'new.dev@example.com', status: 'sent', transport: 'smtp' })
  })

  test('a refused delivery stays queued and the email.send job delivers it later', async () => {
    smtp.state.reject = true
    const result = await sendEmail(p.ctx, {
      organizationId: m.organizationId,
      to: 'later@example.com',
      subject: 'Your code',
      text: 'Code: 123456',
    })
    expect(result.delivered).toBe(false)
    const row = await p.ctx.db
      .selectFrom('email_outbox')
      .selectAll()
      .where('id', '=', result.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('pending')
    expect(row.last_error).toMatch(/550|unavailable/)
    smtp.state.reject = false
    await p.ctx.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000) })
      .where('queue', '=', 'email.send')
      .execute()
    await createWorker(p.ctx).drain()
    const mail = smtp.received.find((r) => r.to.includes('later@example.com'))
    expect(bodyOf(mail!.raw)).toContain('Code: 123456')
    expect(
      (await p.ctx.db.selectFrom('email_outbox').select('status').where('id', '=', result.id).executeTakeFirstOrThrow())
        .status,
    ).toBe('sent')
    // Delivered exactly once, although both the inline attempt and the job ran.
    await createWorker(p.ctx).drain()
    expect(smtp.received.filter((r) => r.to.includes('later@example.com'))).toHaveLength(1)
  })
})

describe('without SMTP_URL: the local outbox', () => {
  let p: TestPlatform
  let m: Merchant
  let other: Merchant
  let t: RoleTokens
  let otherOwner: string
  beforeAll(async () => {
    p = await createTestPlatform()
    m = await createMerchantFixture(p.ctx)
    other = await createMerchantFixture(p.ctx)
    t = await roleTokens(p.ctx, p.app, m.organizationId, m)
    otherOwner = (await roleTokens(p.ctx, p.app, other.organizationId, other)).owner
  })
  afterAll(() => p.close())

  test('messages are kept and readable from the dashboard; non-managers see only their own', async () => {
    const invite = await p.app.inject({
      method: 'POST',
      url: '/api/organization/invitations/',
      headers: tokenHeaders(t.owner),
      payload: { email: 'Viewer.Two@Example.com', role: 'viewer' },
    })
    expect(invite.statusCode).toBe(201)
    const res = await p.app.inject({ url: '/api/organization/emails/', headers: tokenHeaders(t.admin) })
    expect(res.statusCode).toBe(200)
    expect(res.headers['x-total-count']).toBe('1')
    const [mail] = res.json()
    expect(mail).toMatchObject({ to: 'viewer.two@example.com', status: 'stored', transport: 'outbox' })
    const token = /Invitation token: (\S+)/.exec(mail.text)![1]
    expect((await p.app.inject({ url: '/api/organization/emails/', headers: tokenHeaders(t.viewer) })).json()).toEqual(
      [],
    )
    expect(
      (await p.app.inject({ url: '/api/organization/emails/', headers: tokenHeaders(otherOwner) })).json(),
    ).toEqual([])
    const accepted = await p.app.inject({
      method: 'POST',
      url: '/api/auth/invitations/accept/',
      payload: { token, password: 'viewer-password' },
    })
    expect(accepted.json().user).toMatchObject({ role: 'viewer', email: 'viewer.two@example.com' })
    // The invitee, now a viewer, reads mail addressed to them.
    expect(
      (await p.app.inject({ url: '/api/organization/emails/', headers: tokenHeaders(accepted.json().token) })).json(),
    ).toHaveLength(1)
  })
})
