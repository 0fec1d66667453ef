import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

/**
 * Bodies are validated strictly (a string where a number belongs is a 400 naming the field, never coerced);
 * query strings and path params are coerced, since on the wire they are always text. Every failing
 * field is reported (allErrors), not only the first.
 *
 * Each schema is compiled when first used, or once the server listens (a few at a time, between
 * requests), not while the app is built: compiling every route's schemas took about a sixth of the CPU
 * of a start, which `kassa serve` spends before it answers anything.
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
  const pending = new Set<() => ValidateFunction>()
  app.setValidatorCompiler(({ schema, httpPart }) => {
    let compiled: ValidateFunction | undefined
    const compile = () => {
      compiled ??= (httpPart === 'body' ? strict : coercing).compile(schema)
      pending.delete(compile)
      return compiled
    }
    pending.add(compile)
    // Fastify reads `errors` from the function it was given after a false result.
    const validate = ((data: unknown) => {
      const fn = compile()
      const valid = fn(data)
      validate.errors = fn.errors
      return valid
    }) as ValidateFunction
    return validate
  })
  app.addHook('onListen', async () => {
    compileInBackground(pending, (err) => app.log.error({ err }, 'a request schema does not compile'))
  })
}

/** Runs the pending compilations one per turn of the event loop, so a request arriving meanwhile waits for one at most. */
function compileInBackground(pending: Set<() => unknown>, onError: (err: unknown) => void): void {
  const next = () => {
    const compile = pending.values().next().value
    if (!compile) return
    try {
      compile()
    } catch (err) {
      pending.delete(compile)
      onError(err)
    }
    setImmediate(next)
  }
  setImmediate(next)
}
