// The public surface of the platform module: other modules import only from this file.
export { platformRoutes } from './platform.public.routes.ts'
