import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { ConfigError } from '../../config.ts'
import { timeProviderCall } from '../../lib/metrics.ts'
import { AppError } from '../../lib/errors.ts'
import type { PaymentProvider } from './provider.types.ts'
import { createSimulator } from './simulator.ts'

// Which processor serves an environment: registration and lookup. The types are in provider.types.ts.

const providers = new Map<string, (ctx: AppContext) => PaymentProvider>()

export function registerProvider(name: string, factory: (ctx: AppContext) => PaymentProvider): void {
  providers.set(name, factory)
}

/** A provider registered under this name (card-field providers of the first seam; tests register one). */
export const registeredProvider = (ctx: AppContext, name: string) => providers.get(name)?.(ctx) ?? null

/** Names seam v2 serves itself (src/modules/provider/processors.ts), beside the registered ones. */
const SEAM_V2_PROVIDERS = ['inflow']

/** Sandbox uses SANDBOX_PROVIDER (the simulator by default); production uses PRODUCTION_PROVIDER. */
export function getProvider(ctx: AppContext, environment: Environment): PaymentProvider {
  const name = environment === 'sandbox' ? ctx.config.sandboxProvider : ctx.config.productionProvider
  if (SEAM_V2_PROVIDERS.includes(name))
    throw new Error(`payment provider "${name}" is served through getProcessor (seam v2), not getProvider`)
  if (environment === 'production' && name === 'simulator' && !ctx.config.allowSimulatorInProduction) {
    // Real money must never meet a fake processor by accident.
    throw new AppError(
      'provider_unavailable',
      'Payments are not available: no card processor is configured for production.',
    )
  }
  const factory = providers.get(name)
  if (!factory) throw new Error(`payment provider "${name}" is not registered`)
  return timed(factory(ctx))
}

/** Every call through the seam is timed into kassa_provider_call_duration_seconds (and errors counted). */
function timed(provider: PaymentProvider): PaymentProvider {
  return {
    name: provider.name,
    confirmCard: (input) => timeProviderCall(provider.name, 'confirm_card', () => provider.confirmCard(input)),
    completeChallenge: (input) =>
      timeProviderCall(provider.name, 'complete_challenge', () => provider.completeChallenge(input)),
    depositSettled: (input) => timeProviderCall(provider.name, 'deposit_settled', () => provider.depositSettled(input)),
    refund: (input) => timeProviderCall(provider.name, 'refund', () => provider.refund(input)),
  }
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
  if (!providers.has(productionProvider) && !SEAM_V2_PROVIDERS.includes(productionProvider))
    throw new ConfigError(
      `PRODUCTION_PROVIDER "${productionProvider}" is not a registered payment provider (known: ${[...providers.keys(), ...SEAM_V2_PROVIDERS].join(', ')})`,
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
