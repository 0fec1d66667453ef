import { runLedgerCheck, getWallet } from '../modules/ledger/index.ts'
import { findOrganization } from '../modules/organizations/index.ts'
import { notFound } from '../lib/errors.ts'
import { withPlatform } from './admin.ts'
import { orgId, output, parse, required, UsageError, type CommandContext } from './io.ts'

/** `kassa ledger check [--org ID] [--json]`: exit 1 naming each broken invariant. */
export async function ledgerCheck(cli: CommandContext): Promise<number> {
  const { values } = parse(cli.argv, { org: { type: 'string' } })
  const organizationId = values.org === undefined ? undefined : orgId(values.org)
  const report = await withPlatform((ctx) => runLedgerCheck(ctx.db, { organizationId }))
  const lines = report.checks.flatMap((c) => [
    `${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.description}`,
    ...c.violations.map((v) => `       ${v}`),
  ])
  const broken = report.checks.filter((c) => !c.ok).map((c) => c.name)
  lines.push(report.ok ? 'Ledger OK.' : `Ledger BROKEN: ${broken.join(', ')}`)
  output(cli, report as unknown as Record<string, unknown>, lines)
  if (!report.ok) process.stderr.write(`kassa ledger check: broken invariants: ${broken.join(', ')}\n`)
  return report.ok ? 0 : 1
}

/** `kassa wallet show --org ID --env sandbox|production [--json]`. */
export async function walletShow(cli: CommandContext): Promise<void> {
  const { values } = parse(cli.argv, { org: { type: 'string' }, env: { type: 'string' } })
  required(values, 'org', 'env')
  if (values.env !== 'sandbox' && values.env !== 'production')
    throw new UsageError('--env must be sandbox or production')
  const environment = values.env
  const organizationId = orgId(values.org)
  const balances = await withPlatform(async (ctx) => {
    if (!(await findOrganization(ctx.db, organizationId))) throw notFound('Organization')
    return getWallet(ctx.db, { organizationId, environment })
  })
  output(
    cli,
    { organization_id: organizationId, environment, balances },
    balances.length === 0
      ? `Organization ${organizationId} (${environment}): no ledger activity yet.`
      : balances.map(
          (b) =>
            `${b.currency}: available ${b.available}, pending ${b.pending}, reserve ${b.reserve}, held for refunds ${b.refund_held}`,
        ),
  )
}
