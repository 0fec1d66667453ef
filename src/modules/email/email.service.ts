import type { Transporter } from 'nodemailer'
import type { AppContext } from '../../context.ts'
import type { Database } from '../../db/database.ts'
import { enqueue, type ClaimedJob } from '../../db/jobs.ts'
import { pageOf } from '../../lib/paging.ts'
import * as repo from './email.repository.ts'

/**
 * Email for the dashboard (invitations, refund verification codes, …).
 *
 * - With SMTP_URL set, messages go out through nodemailer (`smtp://user:pass@host:587`, `smtps://…`;
 *   nodemailer options as query parameters, e.g. `?ignoreTLS=true`).
 * - Without it (embedded demo), they are kept in the `email_outbox` table with status `stored`,
 *   readable at GET /api/organization/emails/. The log line names the recipient and subject only:
 *   bodies carry invitation tokens and refund codes.
 *
 * Two entry points:
 * - `enqueueEmail(trx, message)` inside a DB transaction: the message exists iff the change commits;
 *   the `email.send` job delivers it. Call `deliverEmail(ctx, id)` after the commit to send at once.
 * - `sendEmail(ctx, message)` outside any transaction: records, then delivers before returning;
 *   a failed delivery is retried by the job (the caller is not failed by a flaky SMTP server).
 */

export interface EmailMessage {
  organizationId: number | null
  to: string
  subject: string
  text: string
}

export const EMAIL_JOB = 'email.send'
const LEASE_MS = 60_000
// The job is a safety net behind the inline delivery; starting it later avoids needless claim races.
const JOB_DELAY_MS = 30_000
const MAX_ATTEMPTS = 10

export async function enqueueEmail(db: Database, message: EmailMessage, now = new Date()): Promise<number> {
  const { id } = await repo.insertEmail(db, {
    organization_id: message.organizationId,
    to_address: message.to,
    subject: message.subject,
    body_text: message.text,
    created_at: now,
  })
  await enqueue(
    db,
    EMAIL_JOB,
    { emailId: id },
    { runAt: new Date(now.getTime() + JOB_DELAY_MS), maxAttempts: MAX_ATTEMPTS },
  )
  return id
}

export async function sendEmail(ctx: AppContext, message: EmailMessage): Promise<{ id: number; delivered: boolean }> {
  const id = await ctx.db.transaction().execute((trx) => enqueueEmail(trx, message, ctx.clock.now()))
  try {
    await deliverEmail(ctx, id)
    return { id, delivered: true }
  } catch (err) {
    ctx.log.warn({ err, emailId: id }, 'email delivery failed; the email.send job will retry')
    return { id, delivered: false }
  }
}

const transports = new Map<string, Transporter>()

// nodemailer is loaded on the first message sent, not at start: without SMTP_URL it is never needed.
async function transportFor(smtpUrl: string): Promise<Transporter> {
  let transport = transports.get(smtpUrl)
  if (!transport) {
    const { default: nodemailer } = await import('nodemailer')
    transport = nodemailer.createTransport(smtpUrl)
    transports.set(smtpUrl, transport)
  }
  return transport
}

/** Sends (or stores) one message if nobody else holds it. Throws when SMTP refuses, after releasing it. */
export async function deliverEmail(ctx: AppContext, id: number, final = false): Promise<void> {
  const row = await repo.claimEmail(ctx.db, id, LEASE_MS)
  if (!row) return
  const { smtpUrl } = ctx.config
  if (!smtpUrl) {
    ctx.log.info(
      { emailId: id, to: row.to_address, subject: row.subject },
      'email kept in the local outbox (SMTP_URL is not set)',
    )
    await repo.finishEmail(ctx.db, id, { status: 'stored', transport: 'outbox', at: ctx.clock.now() })
    return
  }
  try {
    await (await transportFor(smtpUrl)).sendMail({
      from: ctx.config.emailFrom,
      to: row.to_address,
      subject: row.subject,
      text: row.body_text,
    })
  } catch (err) {
    await repo.releaseEmail(ctx.db, id, err instanceof Error ? err.message : String(err), final)
    throw err
  }
  await repo.finishEmail(ctx.db, id, { status: 'sent', transport: 'smtp', at: ctx.clock.now() })
}

/** Worker job: delivers a message the inline attempt did not (or that was only enqueued). */
export async function emailJob(ctx: AppContext, payload: Record<string, unknown>, job: ClaimedJob): Promise<void> {
  const id = Number(payload.emailId)
  const row = await repo.findEmail(ctx.db, id)
  if (!row || row.status === 'sent' || row.status === 'stored' || row.status === 'failed') return
  if (row.status === 'sending' && row.locked_until && row.locked_until > new Date())
    throw new Error('email is being sent by another process')
  await deliverEmail(ctx, id, job.attempts >= job.max_attempts)
}

export async function listOutbox(
  db: Database,
  organizationId: number,
  onlyTo: string | null,
  query: { page?: number; page_size?: number },
) {
  const { rows, total } = await repo.listEmails(db, organizationId, onlyTo, pageOf(query))
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      to: r.to_address,
      subject: r.subject,
      text: r.body_text,
      status: r.status,
      transport: r.transport,
      created_at: r.created_at.toISOString(),
      sent_at: r.sent_at?.toISOString() ?? null,
    })),
  }
}
