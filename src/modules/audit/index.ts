// The public surface of the audit module: other modules import only from this file.
export { auditRoutes } from './audit.dashboard.routes.ts'
export { actorOf, changedFields, recordAudit } from './audit.service.ts'
export type { AuditEntry } from './audit.service.ts'
