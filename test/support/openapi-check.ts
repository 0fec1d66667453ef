import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import type { ValidateFunction } from 'ajv'

/**
 * Checks every JSON answer the suite receives against the generated OpenAPI document: the route's
 * response schema for that status must exist (for 2xx) and accept the body. Violations are collected
 * and fail the test file when the platform closes.
 */
export function installOpenApiResponseCheck(app: FastifyInstance, violations: string[]): void {
  const validators = new Map<string, ValidateFunction | null>()
  let ajv: InstanceType<typeof Ajv2020.default> | null = null
  let doc: any = null

  const validatorFor = (method: string, path: string, status: number): ValidateFunction | null | undefined => {
    const key = `${method} ${path} ${status}`
    if (validators.has(key)) return validators.get(key)
    doc ??= (app as unknown as { swagger(): any }).swagger()
    if (!ajv) {
      ajv = new Ajv2020.default({ strict: false, allErrors: true })
      addFormats.default(ajv)
      for (const [name, schema] of Object.entries<any>(doc.components?.schemas ?? {}))
        ajv.addSchema(schema, `#/components/schemas/${name}`)
    }
    const operation = doc.paths?.[path]?.[method.toLowerCase()]
    if (!operation) {
      validators.set(key, undefined as never)
      return undefined
    }
    const schema = operation.responses?.[String(status)]?.content?.['application/json']?.schema
    const fn = schema ? ajv.compile(schema) : null
    validators.set(key, fn)
    return fn
  }

  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url
    if (!route || !route.startsWith('/api/') || typeof payload !== 'string') return payload
    if (!String(reply.getHeader('content-type') ?? '').includes('application/json')) return payload
    const path = route.replace(/:(\w+)/g, '{$1}')
    const validate = validatorFor(request.method, path, reply.statusCode)
    if (validate === undefined) return payload // hidden route (schema endpoint, docs)
    if (validate === null) {
      if (reply.statusCode < 300)
        violations.push(`${request.method} ${path} ${reply.statusCode}: status not documented in OpenAPI`)
      return payload
    }
    let body: unknown
    try {
      body = JSON.parse(payload)
    } catch {
      return payload
    }
    if (!validate(body))
      violations.push(`${request.method} ${path} ${reply.statusCode}: ${JSON.stringify(validate.errors?.slice(0, 3))}`)
    return payload
  })
}
