// The public surface of the events module: other modules import only from this file.
export { insertEvent, insertEvents, type NewEvent } from './events.repository.ts'
export { EVENT_SCHEMAS, type EventPayload, type EventType } from './events.schemas.ts'
export { eventDashboardRoutes } from './events.dashboard.routes.ts'
