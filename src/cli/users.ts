import { addUserAsOperator, resetTwoFactorAsOperator } from '../modules/accounts/index.ts'
import type { Role } from '../modules/auth/index.ts'
import { withPlatform } from './admin.ts'
import { orgId, output, parse, required, type CommandContext } from './io.ts'

export async function userAdd(cli: CommandContext) {
  const { values } = parse(cli.argv, {
    org: { type: 'string' },
    email: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
  })
  required(values, 'org', 'email', 'password', 'role')
  const user = await withPlatform((ctx) =>
    addUserAsOperator(ctx, {
      organizationId: orgId(values.org),
      email: values.email!,
      password: values.password!,
      role: values.role as Role,
    }),
  )
  output(
    cli,
    { user_id: user.id, organization_id: user.organization_id, email: user.email, role: user.role },
    `Added ${user.email} (user ${user.id}) to organization ${user.organization_id} as ${user.role}.`,
  )
}

export async function userReset2fa(cli: CommandContext) {
  const { values } = parse(cli.argv, { email: { type: 'string' } })
  required(values, 'email')
  const result = await withPlatform((ctx) => resetTwoFactorAsOperator(ctx, values.email!))
  output(
    cli,
    result,
    `Two-factor authentication is off for ${result.email}; ${result.sessions_revoked} session(s) ended. They sign in with their password and should enroll again.`,
  )
}
