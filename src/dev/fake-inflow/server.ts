import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { INFLOW_STATUSES } from '../../modules/provider/inflow/inflow.types.ts'
import { handleApi } from './api.ts'
import { readJsonObject, sendError, sendJson } from './http.ts'
import { handlePage } from './page.ts'
import { PaymentStore, publicPayment } from './store.ts'
import { applySwitches, DEFAULT_SWITCHES, type FakeInflowSwitches } from './switches.ts'
import { WebhookSender, type WebhookTarget } from './webhooks.ts'

// A local Inflow Pay: the documented API, a hosted pay page and Svix-signed webhooks, on node:http.
// Tests and `kassa dev fake-inflow` run it; the control API (/__control) flips its switches.

export interface FakeInflowOptions {
  port?: number
  host?: string
  apiKeys?: string[]
  webhookUrl?: string | null
  webhookSecret?: string | null
  switches?: Partial<FakeInflowSwitches>
}

export const DEFAULT_FAKE_API_KEY = 'inflow_local_test_key'

export interface FakeInflow {
  url: string
  switches: FakeInflowSwitches
  store: PaymentStore
  webhooks: WebhookSender
  target: WebhookTarget
  /** Changes switches or the webhook target; returns the refusals (unknown names, wrong types). */
  control(update: Record<string, unknown>): string[]
  /** Resolves once no webhook is pending or on the wire. */
  webhooksIdle(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export async function startFakeInflow(options: FakeInflowOptions = {}): Promise<FakeInflow> {
  const switches: FakeInflowSwitches = { ...DEFAULT_SWITCHES, ...options.switches }
  const target: WebhookTarget = { url: options.webhookUrl ?? null, secret: options.webhookSecret ?? null }
  const sender = new WebhookSender(target, switches)
  const store = new PaymentStore((payment, eventType) => sender.enqueue(eventType, payment))
  const hung = new Set<ServerResponse>()
  let baseUrl = ''
  const apiKeys = options.apiKeys?.length ? options.apiKeys : [DEFAULT_FAKE_API_KEY]

  const control = (update: Record<string, unknown>): string[] => {
    const errors = applySwitches(switches, update)
    if ('webhookUrl' in update) {
      if (update.webhookUrl !== null && typeof update.webhookUrl !== 'string')
        errors.push('webhookUrl must be a URL or null')
      else target.url = update.webhookUrl as string | null
    }
    if ('webhookSecret' in update) {
      if (typeof update.webhookSecret !== 'string' || !update.webhookSecret.startsWith('whsec_'))
        errors.push('webhookSecret must start with whsec_')
      else target.secret = update.webhookSecret
    }
    sender.schedule()
    return errors
  }

  const state = () => ({
    switches,
    webhookUrl: target.url,
    payments: [...store.payments.values()].map(publicPayment),
    deliveries: sender.deliveries.map(({ body: _body, ...d }) => d),
  })

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === '/__control' && req.method === 'GET') return sendJson(res, 200, state())
    if (path === '/__control' && req.method === 'POST') {
      const body = await readJsonObject(req)
      if (!body) return sendError(res, 400, 'Body must be a JSON object')
      const errors = control(body)
      return errors.length ? sendError(res, 400, errors) : sendJson(res, 200, state())
    }
    // Forces a status (and optionally the deposit status), reported by webhook like any change.
    const match = /^\/__control\/payments\/([A-Za-z0-9_-]+)$/.exec(path)
    if (match && req.method === 'POST') {
      const payment = store.get(match[1])
      if (!payment) return sendError(res, 404, 'Payment not found')
      const body = await readJsonObject(req)
      if (!body || !INFLOW_STATUSES.includes(body.status as (typeof INFLOW_STATUSES)[number]))
        return sendError(res, 400, `status must be one of ${INFLOW_STATUSES.join(', ')}`)
      const depositStatus = body.depositStatus as 'succeeded' | 'pending' | 'requires_confirmation' | null | undefined
      store.change(payment, body.status as string, depositStatus === undefined ? {} : { depositStatus })
      return sendJson(res, 200, publicPayment(payment))
    }
    return sendError(res, 404, `Cannot ${req.method} ${path}`)
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname
    const route = path.startsWith('/api/')
      ? handleApi({ store, switches, apiKeys, baseUrl: () => baseUrl, hung }, req, res, path)
      : path.startsWith('/pay/')
        ? handlePage(store, switches, req, res, path)
        : path.startsWith('/__control')
          ? handleControl(req, res, path)
          : Promise.resolve(sendError(res, 404, `Cannot ${req.method} ${path}`))
    route.catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, err instanceof Error ? err.message : 'Internal server error')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  baseUrl = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`

  return {
    url: baseUrl,
    switches,
    store,
    webhooks: sender,
    target,
    control,
    async webhooksIdle(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs
      while (!sender.idle) {
        if (Date.now() > until) throw new Error('local Inflow webhooks still pending')
        await new Promise((r) => setTimeout(r, 20))
      }
    },
    async close() {
      sender.close()
      store.close()
      for (const res of hung) res.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
