// The public surface of the organizations module: other modules import only from this file.
export { createMerchant } from './merchants.service.ts'
export { organizationRoutes } from './organizations.dashboard.routes.ts'
export { countOrganizations, findOrganization, updateOrganization } from './organizations.repository.ts'
export { applyOperatorSettings } from './organizations.service.ts'
