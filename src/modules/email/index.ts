// The public surface of the email module: other modules import only from this file.
export { emailRoutes } from './email.dashboard.routes.ts'
export { EMAIL_JOB, deliverEmail, emailJob, enqueueEmail, sendEmail } from './email.service.ts'
