// The public surface of the events module: other modules import only from this file.
export { insertEvent, insertEvents, type NewEvent } from './events.repository.ts'
