// The public surface of the accounts module: other modules import only from this file.
export { authRoutes } from './accounts.dashboard.routes.ts'
export { purgeAuthLeftovers } from './accounts.repository.ts'
export { invitationRoutes } from './invitations.dashboard.routes.ts'
export { userRoutes } from './users.dashboard.routes.ts'
export { addUserAsOperator, resetTwoFactorAsOperator } from './users.service.ts'
