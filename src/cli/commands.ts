import type { CommandContext } from './io.ts'
import { serveCommand, workerCommand, migrateCommand } from './serve.ts'
import { merchantCreate, apiKeyCreate, productCreate, orgSet, fxSet, taxSet } from './admin.ts'
import { ledgerCheck, walletShow } from './ledger.ts'
import { userAdd, userReset2fa } from './users.ts'
import {
  listenCommand,
  webhookAdd,
  webhookDeliveries,
  webhookList,
  webhookReplay,
  webhookResend,
  webhookTest,
} from './webhooks.ts'

export interface Command {
  summary: string
  run(cli: CommandContext): Promise<number | void>
}

// Each capability adds its commands here.
export const COMMANDS: Record<string, Command> = {
  serve: { summary: 'API, hosted pages and worker in one process (--no-worker for API only)', run: serveCommand },
  worker: {
    summary: 'Run the background worker only (jobs, webhook deliveries; run several to scale)',
    run: workerCommand,
  },
  migrate: {
    summary: 'Apply database migrations (every start does too); refuses a database newer than the code',
    run: migrateCommand,
  },
  'merchant create': {
    summary: '--email E --password P --org-name N  create an organization and its owner',
    run: merchantCreate,
  },
  'user add': {
    summary: '--org ID --email E --password P --role owner|admin|developer|viewer (no invitation email)',
    run: userAdd,
  },
  'user reset-2fa': {
    summary: '--email E  turn 2FA off for a user who lost device and recovery codes; ends their sessions',
    run: userReset2fa,
  },
  'api-key create': {
    summary: '--org ID --env sandbox|production [--scopes a,b] [--name N]  the raw key is printed only here',
    run: apiKeyCreate,
  },
  'product create': {
    summary:
      '--org ID --name N --price 49.99 --currency USD [--price … --currency …] [--description D] [--interval month]  a catalog product',
    run: productCreate,
  },
  'org set': {
    summary:
      '--org ID [--adhoc-products on|off] [--min-payment] [--max-payment] [--fee-percent] [--fee-fixed] [--price-mode HT|TTC] [--reserve-percent P --reserve-days D]  operator settings',
    run: orgSet,
  },
  'ledger check': {
    summary: '[--org ID] verify every ledger invariant; exits 1 naming what is broken',
    run: ledgerCheck,
  },
  'wallet show': { summary: '--org ID --env sandbox|production  wallet balances per currency', run: walletShow },
  'fx set': { summary: '--from EUR --to USD --rate 1.08  the rate used for amount_usd of new objects', run: fxSet },
  'tax set': { summary: '--country US --rate 7.25 (percent; 0 to remove tax)', run: taxSet },
  'webhook add': {
    summary:
      '--org ID --env sandbox|production --url URL [--events a,b] [--description D]  the secret is printed only here',
    run: webhookAdd,
  },
  'webhook list': { summary: '--org ID [--env sandbox|production]  webhook endpoints', run: webhookList },
  'webhook test': {
    summary: '--org ID --env sandbox|production [--endpoint we_…] (sends webhook.test now)',
    run: webhookTest,
  },
  'webhook resend': {
    summary: "--org ID --env E --transaction TX… [--endpoint we_…]  resend the payment's transaction.status_changed",
    run: webhookResend,
  },
  'webhook replay': {
    summary: '--org ID --env E --event evt_… --endpoint we_… (events of the last 30 days)',
    run: webhookReplay,
  },
  'webhook deliveries': {
    summary: '--org ID --env E [--endpoint we_…] [--limit N] | --id <delivery uuid> (attempt log)',
    run: webhookDeliveries,
  },
  listen: {
    summary:
      '--forward-to http://localhost:4242/hooks [--api-url URL] [--api-key KEY] [--events a,b]  forward live sandbox events to a local URL, signed',
    run: listenCommand,
  },
}
