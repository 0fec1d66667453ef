import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import type { DeferredCompilations } from './deferred-compile.ts'

/**
 * Bodies are validated strictly (a string where a number belongs is a 400 naming the field, never coerced);
 * query strings and path params are coerced, since on the wire they are always text. Every failing
 * field is reported (allErrors), not only the first. Each schema is compiled when first used (deferred).
 */
export function installValidators(app: FastifyInstance, deferred: DeferredCompilations): void {
  const make = (coerceTypes: boolean | 'array') => {
    const ajv = new Ajv.default({
      allErrors: true,
      coerceTypes,
      useDefaults: true,
      removeAdditional: false,
      strict: false,
    })
    addFormats.default(ajv)
    return ajv
  }
  const strict = make(false)
  const coercing = make('array')
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const compiled = deferred.defer(() => (httpPart === 'body' ? strict : coercing).compile(schema))
    // Fastify reads `errors` from the function it was given after a false result.
    const validate = ((data: unknown) => {
      const fn = compiled()
      const valid = fn(data)
      validate.errors = fn.errors
      return valid
    }) as ValidateFunction
    return validate
  })
}
