// The public surface of the dashboard-app module: other modules import only from this file.
export { DASHBOARD_CSP, dashboardAppRoutes } from './dashboard-app.public.routes.ts'
export { ensureDashboardBuilt } from './dashboard-build.ts'
