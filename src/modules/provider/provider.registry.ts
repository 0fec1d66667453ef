import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { ConfigError } from '../../config.ts'
import { AppError } from '../../lib/errors.ts'
import type { PaymentProvider } from './provider.types.ts'
import { createSimulator } from './simulator.ts'

// Which processor serves an environment: registration and lookup. The types are in provider.types.ts.

const providers = new Map<string, (ctx: AppContext) => PaymentProvider>()

export function registerProvider(name: string, factory: (ctx: AppContext) => PaymentProvider): void {
  providers.set(name, factory)
}

/** Sandbox always uses the simulator; production uses PRODUCTION_PROVIDER. */
export function getProvider(ctx: AppContext, environment: Environment): PaymentProvider {
  const name = environment === 'sandbox' ? 'simulator' : ctx.config.productionProvider
  if (environment === 'production' && name === 'simulator' && !ctx.config.allowSimulatorInProduction) {
    // Real money must never meet a fake processor by accident.
    throw new AppError(
      'provider_unavailable',
      'Payments are not available: no card processor is configured for production.',
    )
  }
  const factory = providers.get(name)
  if (!factory) throw new Error(`payment provider "${name}" is not registered`)
  return factory(ctx)
}

/** The simulator with its sandbox-only extras (scripted outcomes). */
export const getSimulator = (ctx: AppContext) =>
  createSimulator({ clock: ctx.clock, depositSettleDelayMs: ctx.config.depositSettleDelayMs })

registerProvider('simulator', getSimulator)

/**
 * Start-up check of PRODUCTION_PROVIDER: an unknown provider stops the start; the simulator in
 * production needs ALLOW_SIMULATOR_IN_PRODUCTION=true (and then warns loudly), and NODE_ENV=production
 * refuses to start on it without that setting.
 */
export function checkProviderSetup(ctx: AppContext): void {
  const { productionProvider, allowSimulatorInProduction, nodeEnv } = ctx.config
  if (!providers.has(productionProvider))
    throw new ConfigError(
      `PRODUCTION_PROVIDER "${productionProvider}" is not a registered payment provider (known: ${[...providers.keys()].join(', ')})`,
    )
  if (productionProvider !== 'simulator') return
  if (allowSimulatorInProduction) {
    ctx.log.warn(
      { productionProvider, allowSimulatorInProduction },
      '!!! WARNING: PRODUCTION PAYMENTS USE THE SIMULATOR (ALLOW_SIMULATOR_IN_PRODUCTION=true). NO REAL MONEY MOVES; TEST CARDS ARE ACCEPTED AS PRODUCTION PAYMENTS. NEVER RUN A REAL SHOP LIKE THIS. !!!',
    )
  } else if (nodeEnv === 'production') {
    throw new ConfigError(
      'PRODUCTION_PROVIDER is "simulator": set PRODUCTION_PROVIDER to a real card processor, or ALLOW_SIMULATOR_IN_PRODUCTION=true to run production payments on the simulator on purpose',
    )
  }
}
