import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { createRequire } from 'node:module'

// Request validators (Ajv) and response serializers (fast-json-stringify) compiled when first used, or
// one per turn of the event loop once the server listens, instead of all while the app is built:
// compiling every route's schemas was about a third of the CPU of a start (profile in bench/RESULTS.md),
// spent before `kassa serve` answers anything. A schema that does not compile is logged after listen,
// and its route answers 500 until fixed (every route's schemas are exercised by the contract tests).

export class DeferredCompilations {
  private readonly pending = new Set<() => unknown>()

  /** `compile` run at most once, by the first call of the returned function or by `compileInBackground`. */
  defer<T>(compile: () => T): () => T {
    let compiled: { value: T } | null = null
    const get = () => {
      if (!compiled) {
        this.pending.delete(get)
        compiled = { value: compile() }
      }
      return compiled.value
    }
    this.pending.add(get)
    return get
  }

  /** Compiles what is still pending after the server listens, one compilation per turn of the event loop. */
  compileAfterListen(app: FastifyInstance): void {
    app.addHook('onListen', async () => {
      const next = () => {
        const compile = this.pending.values().next().value
        if (!compile) return
        try {
          compile()
        } catch (err) {
          app.log.error({ err }, 'a route schema does not compile')
        }
        setImmediate(next).unref()
      }
      setImmediate(next).unref()
    })
  }
}

// Fastify's own default serializer factory, resolved from fastify itself (its dependency, at the version it ships with).
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'))
type SerializerFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildSerializer']
const defaultSerializers = (
  requireFromFastify('@fastify/fast-json-stringify-compiler') as { SerializerSelector: () => SerializerFactory }
).SerializerSelector()

/** Fastify's `schemaController.compilersFactory.buildSerializer`: the default one, each serializer compiled when first used. */
export function deferredSerializers(deferred: DeferredCompilations): SerializerFactory {
  return (externalSchemas, options) => {
    const compiler = defaultSerializers!(externalSchemas, options)
    return (route) => {
      const serializer = deferred.defer(() => compiler(route))
      return (data) => serializer()(data)
    }
  }
}
