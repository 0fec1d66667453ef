import { randomBytes } from 'node:crypto'
import { DEFAULT_FAKE_API_KEY, startFakeInflow } from '../dev/fake-inflow/server.ts'
import { type CommandContext, output, parse, UsageError } from './io.ts'

const untilSignal = () =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })

const nonNegative = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a non-negative integer`)
  return Number(raw)
}

/** `kassa dev fake-inflow`: a local Inflow Pay to run Kassa's production environment against. */
export async function fakeInflowCommand(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'api-key': { type: 'string' },
    'webhook-url': { type: 'string' },
    'webhook-secret': { type: 'string' },
    duplicates: { type: 'boolean' },
    'out-of-order': { type: 'boolean' },
    batch: { type: 'boolean' },
    'webhook-delay-ms': { type: 'string' },
    'refund-fails': { type: 'boolean' },
    'amount-tamper': { type: 'string' },
    'fail-next-create': { type: 'boolean' },
    'hang-next-create': { type: 'boolean' },
    'pending-deposit-ms': { type: 'string' },
  })
  const port = nonNegative('port', values.port) ?? 4010
  if (port > 65535) throw new UsageError('--port must be at most 65535')
  const webhookUrl = values['webhook-url'] ?? null
  if (webhookUrl !== null && !/^https?:\/\//.test(webhookUrl))
    throw new UsageError('--webhook-url must be an http(s) URL')
  const webhookSecret = values['webhook-secret'] ?? `whsec_${randomBytes(24).toString('base64')}`
  if (!webhookSecret.startsWith('whsec_')) throw new UsageError('--webhook-secret must start with whsec_')
  const apiKey = values['api-key'] ?? DEFAULT_FAKE_API_KEY
  const switches = Object.fromEntries(
    Object.entries({
      duplicates: values.duplicates,
      outOfOrder: values['out-of-order'],
      batch: values.batch,
      webhookDelayMs: nonNegative('webhook-delay-ms', values['webhook-delay-ms']),
      refundFails: values['refund-fails'],
      amountTamper: nonNegative('amount-tamper', values['amount-tamper']),
      failNextCreate: values['fail-next-create'],
      hangNextCreate: values['hang-next-create'],
      pendingDepositMs: nonNegative('pending-deposit-ms', values['pending-deposit-ms']),
    }).filter(([, v]) => v !== undefined),
  )
  const fake = await startFakeInflow({
    port,
    host: values.host ?? '127.0.0.1',
    apiKeys: [apiKey],
    webhookUrl,
    webhookSecret,
    switches,
  })
  output(cli, { url: fake.url, apiKey, webhookUrl, webhookSecret, switches: fake.switches }, [
    `Local Inflow Pay listening on ${fake.url}`,
    `  API key         ${apiKey}`,
    `  webhooks to     ${webhookUrl ?? '(none: pass --webhook-url or POST /__control {"webhookUrl": …})'}`,
    `  webhook secret  ${webhookSecret}`,
    `  control API     GET/POST ${fake.url}/__control`,
    '',
    'Point Kassa at it:',
    `  PRODUCTION_PROVIDER=inflow INFLOW_API_URL=${fake.url} INFLOW_API_KEY=${apiKey} INFLOW_WEBHOOK_SECRET=${webhookSecret}`,
  ])
  await untilSignal()
  await fake.close()
  return 0
}
