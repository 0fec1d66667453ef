// The public surface of the api-keys module: other modules import only from this file.
export { apiKeyRoutes } from './api-keys.dashboard.routes.ts'
export { principalOf, readApiKey, requireApiKey } from './api-keys.guard.ts'
export { invalidateApiKeyCache } from './api-keys.cache.ts'
export { createApiKey, revokeApiKey as revokeKey } from './api-keys.service.ts'
