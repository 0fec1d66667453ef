import type { AppContext } from '../context.ts'
import { loadListenConfig } from '../config.ts'
import type { Environment } from '../db/schema.ts'
import { notFound } from '../lib/errors.ts'
import { findOrganization } from '../modules/organizations/index.ts'
import {
  createEndpoint,
  listEndpoints,
  getDelivery,
  listDeliveries,
  replayEvent,
  resendTransactionEvent,
  sendTestEvent,
  WebhookDispatcher,
  listen,
  ListenError,
} from '../modules/webhooks/index.ts'
import { withPlatform } from './admin.ts'
import { orgId, output, parse, required, UsageError, type CommandContext } from './io.ts'

function environment(raw: string | undefined): Environment {
  if (raw !== 'sandbox' && raw !== 'production') throw new UsageError('--env must be sandbox or production')
  return raw
}

async function withOrg<T>(
  raw: string | undefined,
  fn: (ctx: AppContext, organizationId: number) => Promise<T>,
): Promise<T> {
  const organizationId = orgId(raw)
  return withPlatform(async (ctx) => {
    if (!(await findOrganization(ctx.db, organizationId))) throw notFound('Organization')
    return fn(ctx, organizationId)
  })
}

const splitList = (raw: string | undefined) =>
  raw
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : []

export async function webhookAdd(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    org: { type: 'string' },
    env: { type: 'string' },
    url: { type: 'string' },
    events: { type: 'string' },
    description: { type: 'string' },
  })
  required(values, 'org', 'env', 'url')
  const env = environment(values.env)
  const { endpoint, secret } = await withOrg(values.org, (ctx, organizationId) =>
    createEndpoint(
      ctx,
      { organizationId, environment: env },
      { url: values.url!, event_types: splitList(values.events), description: values.description },
    ),
  )
  output(cli, { id: endpoint.id, url: endpoint.url, secret }, [
    `Webhook endpoint ${endpoint.id} (${endpoint.environment}) → ${endpoint.url}`,
    `Signing secret (shown once): ${secret}`,
  ])
}

export async function webhookList(cli: CommandContext) {
  const { values } = parse(cli.argv, { org: { type: 'string' }, env: { type: 'string' } })
  required(values, 'org')
  const envs: Environment[] = values.env ? [environment(values.env)] : ['sandbox', 'production']
  const endpoints = await withOrg(values.org, async (ctx, organizationId) =>
    (await Promise.all(envs.map((e) => listEndpoints(ctx, { organizationId, environment: e })))).flat(),
  )
  output(
    cli,
    { endpoints },
    endpoints.length
      ? endpoints.map(
          (e) =>
            `${e.id}  ${e.environment.padEnd(10)}  ${e.enabled ? 'enabled ' : 'disabled'}  ${e.url}${e.event_types.length ? `  [${e.event_types.join(', ')}]` : ''}${e.disabled_reason ? `  (${e.disabled_reason})` : ''}`,
        )
      : 'No webhook endpoints.',
  )
}

/** Queues the deliveries, then attempts them right away so the command can report the answers. */
async function deliverAndReport(
  cli: CommandContext,
  ctx: AppContext,
  queued: Awaited<ReturnType<typeof sendTestEvent>>,
) {
  const results = await new WebhookDispatcher(ctx, { listenUrl: null }).deliverNow(
    queued.deliveries.map((d) => d.row_id),
  )
  const byRow = new Map(results.map((r) => [r.deliveryRowId, r]))
  const deliveries = queued.deliveries.map(({ row_id, ...d }) => {
    const r = byRow.get(row_id)
    return { ...d, status: r?.status ?? 'pending', status_code: r?.statusCode ?? null, error: r?.error ?? null }
  })
  return { event_id: queued.event_id, deliveries }
}

function reportLines(result: {
  event_id: string
  deliveries: {
    endpoint_id: string
    delivery_id: string
    status: string
    status_code: number | null
    error: string | null
  }[]
}) {
  return [
    `Event ${result.event_id}`,
    ...result.deliveries.map(
      (d) =>
        `  ${d.endpoint_id}  delivery ${d.delivery_id}  ${d.status}${d.status_code !== null ? ` (HTTP ${d.status_code})` : ''}${d.error ? `: ${d.error}` : ''}`,
    ),
  ]
}

export async function webhookTest(cli: CommandContext) {
  const { values } = parse(cli.argv, { org: { type: 'string' }, env: { type: 'string' }, endpoint: { type: 'string' } })
  required(values, 'org', 'env')
  const env = environment(values.env)
  const result = await withOrg(values.org, async (ctx, organizationId) =>
    deliverAndReport(
      cli,
      ctx,
      await sendTestEvent(ctx, { organizationId, environment: env }, { endpointId: values.endpoint }),
    ),
  )
  output(cli, result, reportLines(result))
  return result.deliveries.every((d) => d.status === 'succeeded') ? 0 : 1
}

export async function webhookResend(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    org: { type: 'string' },
    env: { type: 'string' },
    transaction: { type: 'string' },
    endpoint: { type: 'string' },
  })
  required(values, 'org', 'env', 'transaction')
  const env = environment(values.env)
  const result = await withOrg(values.org, async (ctx, organizationId) =>
    deliverAndReport(
      cli,
      ctx,
      await resendTransactionEvent(
        ctx,
        { organizationId, environment: env },
        { transactionId: values.transaction!, endpointId: values.endpoint },
      ),
    ),
  )
  output(cli, result, reportLines(result))
}

export async function webhookReplay(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    org: { type: 'string' },
    env: { type: 'string' },
    event: { type: 'string' },
    endpoint: { type: 'string' },
  })
  required(values, 'org', 'env', 'event', 'endpoint')
  const env = environment(values.env)
  const result = await withOrg(values.org, async (ctx, organizationId) =>
    deliverAndReport(
      cli,
      ctx,
      await replayEvent(
        ctx,
        { organizationId, environment: env },
        { eventId: values.event!, endpointId: values.endpoint! },
      ),
    ),
  )
  output(cli, result, reportLines(result))
}

export async function webhookDeliveries(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    org: { type: 'string' },
    env: { type: 'string' },
    endpoint: { type: 'string' },
    id: { type: 'string' },
    limit: { type: 'string' },
  })
  required(values, 'org', 'env')
  const env = environment(values.env)
  if (values.limit !== undefined && !/^[1-9]\d*$/.test(values.limit))
    throw new UsageError('--limit must be a positive integer')
  if (values.id) {
    const delivery = await withOrg(values.org, (ctx, organizationId) =>
      getDelivery(ctx, { organizationId, environment: env }, values.id!),
    )
    output(cli, delivery, [
      `Delivery ${delivery.delivery_id} (${delivery.event_type}, ${delivery.kind}): ${delivery.status}`,
      ...delivery.attempts.map(
        (a) =>
          `  #${a.attempt_number}  ${a.attempted_at}  ${a.status_code ?? '---'}  ${a.duration_ms} ms${a.error ? `  ${a.error}` : ''}`,
      ),
    ])
    return
  }
  const deliveries = await withOrg(values.org, (ctx, organizationId) =>
    listDeliveries(
      ctx,
      { organizationId, environment: env },
      { endpointId: values.endpoint, limit: values.limit ? Number(values.limit) : 50 },
    ),
  )
  output(
    cli,
    { deliveries },
    deliveries.length
      ? deliveries.map(
          (d) =>
            `${d.delivery_id}  ${d.event_type.padEnd(28)}  ${d.status.padEnd(9)}  attempts ${d.attempts}${d.last_status_code ? `  last HTTP ${d.last_status_code}` : ''}${d.next_attempt_at ? `  next ${d.next_attempt_at}` : ''}`,
        )
      : 'No deliveries.',
  )
}

export async function listenCommand(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    'forward-to': { type: 'string' },
    'api-url': { type: 'string' },
    'api-key': { type: 'string' },
    events: { type: 'string' },
  })
  required(values, 'forward-to')
  const fromEnv = loadListenConfig()
  const apiKey = values['api-key'] ?? fromEnv.apiKey
  if (!apiKey) throw new UsageError('give --api-key (a sandbox API key) or set KASSA_API_KEY')
  try {
    new URL(values['forward-to']!)
  } catch {
    throw new UsageError('--forward-to must be a URL, e.g. http://localhost:4242/hooks')
  }
  const controller = new AbortController()
  process.once('SIGINT', () => controller.abort())
  process.once('SIGTERM', () => controller.abort())
  try {
    await listen({
      apiUrl: values['api-url'] ?? fromEnv.apiUrl,
      apiKey,
      forwardTo: values['forward-to']!,
      events: splitList(values.events),
      signal: controller.signal,
      print: (line) => {
        if (typeof line === 'string') process.stderr.write(line + '\n')
        else if (cli.json)
          process.stdout.write(
            JSON.stringify(Object.fromEntries(Object.entries(line).filter(([k]) => k !== 'text'))) + '\n',
          )
        else process.stdout.write(String(line.text) + '\n')
      },
    })
  } catch (err) {
    if (err instanceof ListenError) throw new Error(`cannot listen: ${err.message}`)
    throw err
  }
  return 0
}
