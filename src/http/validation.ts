import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

/**
 * Bodies are validated strictly (a string where a number belongs is a 400 naming the field, never coerced);
 * query strings and path params are coerced, since on the wire they are always text. Every failing
 * field is reported (allErrors), not only the first.
 */
export function installValidators(app: FastifyInstance): void {
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
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema))
}
