import type { InflowConfig } from '../../config.ts'
import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { AppError } from '../../http/errors.ts'
import { createInflowProvider } from './inflow/inflow.provider.ts'
import type { Processor } from './seam.ts'
import { createSimulatorProcessor } from './simulator.processor.ts'

// Which processor serves an environment, on seam v2. Sandbox: SANDBOX_PROVIDER (the simulator by
// default); production: PRODUCTION_PROVIDER. Processors are stateless, so building one per call is
// cheap; the Inflow client is cached per settings object only to keep its decoded webhook key.

const inflowCache = new WeakMap<InflowConfig, Processor>()

function inflow(settings: InflowConfig | null, variable: string): Processor {
  if (!settings) throw new Error(`${variable}=inflow without Inflow settings`)
  let processor = inflowCache.get(settings)
  if (!processor) inflowCache.set(settings, (processor = createInflowProvider(settings)))
  return processor
}

export const processorNameOf = (ctx: AppContext, environment: Environment) =>
  environment === 'sandbox' ? ctx.config.sandboxProvider : ctx.config.productionProvider

export function getProcessor(ctx: AppContext, environment: Environment): Processor {
  const name = processorNameOf(ctx, environment)
  if (name === 'inflow')
    return environment === 'sandbox'
      ? inflow(ctx.config.inflowSandbox, 'SANDBOX_PROVIDER')
      : inflow(ctx.config.inflow, 'PRODUCTION_PROVIDER')
  if (name !== 'simulator') throw new Error(`payment provider "${name}" is not registered`)
  if (environment === 'production' && !ctx.config.allowSimulatorInProduction)
    // Real money must never meet a fake processor by accident.
    throw new AppError(
      'provider_unavailable',
      503,
      'Payments are not available: no card processor is configured for production.',
    )
  return createSimulatorProcessor({ clock: ctx.clock, depositSettleDelayMs: ctx.config.depositSettleDelayMs })
}

/** Every processor that verifies inbound webhooks under a name, with its environment (a URL serves both). */
export function webhookProcessors(ctx: AppContext, name: string): { environment: Environment; processor: Processor }[] {
  return (['production', 'sandbox'] as const)
    .filter((environment) => processorNameOf(ctx, environment) === name)
    .map((environment) => ({ environment, processor: getProcessor(ctx, environment) }))
    .filter(({ processor }) => processor.verifyWebhook !== undefined)
}
