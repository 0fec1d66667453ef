import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError } from '../lib/errors.ts'
import type { ErrorCode } from '../lib/error-catalogue.ts'

interface AjvIssue {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

/** `/products/0/quantity` → `products.0.quantity`; a missing property names itself. */
function fieldPath(issue: AjvIssue, part: string | undefined): string {
  const base = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.')
  const missing =
    issue.keyword === 'required'
      ? String(issue.params.missingProperty)
      : issue.keyword === 'additionalProperties'
        ? String(issue.params.additionalProperty)
        : ''
  const path = [base, missing].filter(Boolean).join('.')
  // Headers arrive lower-cased; name them as documented (Idempotency-Key).
  if (part === 'headers' && path)
    return path.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
  return path || (part === 'body' ? 'body' : (part ?? 'request'))
}

function issueMessage(issue: AjvIssue): string {
  switch (issue.keyword) {
    case 'required':
      return 'This field is required.'
    case 'enum':
      return `Must be one of: ${(issue.params.allowedValues as unknown[]).join(', ')}.`
    case 'maxLength':
      return `Ensure this field has no more than ${issue.params.limit} characters.`
    case 'minLength':
      return issue.params.limit === 1
        ? 'This field may not be blank.'
        : `Ensure this field has at least ${issue.params.limit} characters.`
    case 'format':
      return `Must be a valid ${issue.params.format}.`
    case 'type':
      return `Must be of type ${issue.params.type}.`
    case 'additionalProperties':
      return 'Unknown field.'
    case 'not':
      // `not: {}` on a documented property marks it as one the client may not send (read-only).
      return 'This field is read-only.'
    case 'minItems':
      return `Must contain at least ${issue.params.limit} item(s).`
    default:
      return (issue.message ?? 'Invalid value.').replace(/^must/, 'Must') + (issue.message?.endsWith('.') ? '' : '.')
  }
}

/** The one place where errors become HTTP answers: `{detail, code, errors?}`; 5xx never leak internals. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(
    (error: FastifyError & { validation?: AjvIssue[]; validationContext?: string }, request, reply) => {
      if (error instanceof AppError) {
        if (error.headers) reply.headers(error.headers)
        return reply
          .status(error.status)
          .send({ detail: error.detail, code: error.code, ...(error.errors ? { errors: error.errors } : {}) })
      }
      if (error.validation) {
        // No prototype: a field named `constructor` or `toString` must be an entry like any other.
        const errors: Record<string, string[]> = Object.create(null)
        for (const issue of error.validation) {
          // anyOf/oneOf add a summary issue after the specific ones; the specific ones say more.
          if (issue.keyword === 'anyOf' || issue.keyword === 'oneOf') continue
          const path = fieldPath(issue, error.validationContext)
          const message = issueMessage(issue)
          const list = (errors[path] ??= [])
          if (!list.includes(message)) list.push(message)
        }
        if (Object.keys(errors).length === 0) errors[error.validationContext ?? 'body'] = ['Invalid value.']
        const detail = `Invalid ${error.validationContext ?? 'request'}: ${Object.entries(errors)
          .map(([f, m]) => `${f}: ${m[0]}`)
          .join('; ')}`
        return reply.status(400).send({ detail, code: 'validation_error', errors })
      }
      const status = error.statusCode ?? 500
      if (status >= 400 && status < 500) {
        const code: ErrorCode =
          error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'malformed_json'
            : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
              ? 'payload_too_large'
              : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
                ? 'unsupported_media_type'
                : 'bad_request'
        const field =
          code === 'malformed_json' || code === 'payload_too_large' ? { errors: { body: [error.message] } } : {}
        return reply.status(status).send({ detail: error.message, code, ...field })
      }
      request.log.error({ err: error }, 'unhandled error')
      return reply
        .status(500)
        .send({ detail: 'Internal server error.', code: 'internal_error', request_id: request.id })
    },
  )

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ detail: `No route for ${request.method} ${request.url.split('?')[0]}.`, code: 'not_found' })
  })
}
