// The public surface of the events module: other modules import only from this file.
export { insertEvent } from './events.repository.ts'
