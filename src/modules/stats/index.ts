// The public surface of the stats module (overview charts): other modules import only from this file.
export { statsRoutes } from './stats.dashboard.routes.ts'
export { getStats, isIncomplete } from './stats.service.ts'
