import { timeProviderCall } from '../../lib/metrics.ts'
import type { InflowConfig } from '../../config.ts'
import type { AppContext } from '../../context.ts'
import type { Environment } from '../../db/schema.ts'
import { AppError } from '../../lib/errors.ts'
import { createInflowProvider, INFLOW_CAPABILITIES } from './inflow/inflow.provider.ts'
import { registeredProvider } from './provider.registry.ts'
import type { PaymentProvider } from './provider.types.ts'
import type { Processor, ProviderCapabilities } from './seam.ts'
import { createSimulatorProcessor, SIMULATOR_CAPABILITIES } from './simulator.processor.ts'

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
  return timedProcessor(untimedProcessor(ctx, environment))
}

/** Every async operation of the seam is timed into kassa_provider_call_duration_seconds (errors counted). */
function timedProcessor(processor: Processor): Processor {
  return new Proxy(processor, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver)
      if (typeof value !== 'function') return value
      const operation = String(key).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
      return (...args: unknown[]) => {
        const result = value.apply(target, args)
        return result instanceof Promise ? timeProviderCall(target.name, operation, () => result) : result
      }
    },
  })
}

function untimedProcessor(ctx: AppContext, environment: Environment): Processor {
  const name = processorNameOf(ctx, environment)
  if (name === 'inflow')
    return environment === 'sandbox'
      ? inflow(ctx.config.inflowSandbox, 'SANDBOX_PROVIDER')
      : inflow(ctx.config.inflow, 'PRODUCTION_PROVIDER')
  if (name !== 'simulator') {
    const legacy = registeredProvider(ctx, name)
    if (!legacy) throw new Error(`payment provider "${name}" is not registered`)
    return fromCardFieldProvider(legacy)
  }
  if (environment === 'production' && !ctx.config.allowSimulatorInProduction)
    // Real money must never meet a fake processor by accident.
    throw new AppError(
      'provider_unavailable',
      'Payments are not available: no card processor is configured for production.',
    )
  return createSimulatorProcessor({ clock: ctx.clock, depositSettleDelayMs: ctx.config.depositSettleDelayMs })
}

/** A processor that keeps cards for later off-session charges (subscriptions). */
export type SavedCardProcessor = Processor & Required<Pick<Processor, 'savePaymentMethod' | 'chargeSavedMethod'>>

/** The environment's processor when it can save cards; otherwise subscriptions are not available (503-class). */
export function savedCardProcessor(ctx: AppContext, environment: Environment): SavedCardProcessor {
  const processor = getProcessor(ctx, environment)
  if (!processor.capabilities.savedPaymentMethods || !processor.savePaymentMethod || !processor.chargeSavedMethod)
    throw new AppError(
      'provider_unavailable',
      'Subscriptions are not available: the card processor of this environment cannot save cards.',
    )
  return processor as SavedCardProcessor
}

/** What the processor that took a payment can do (by the name recorded on the payment). */
export function capabilitiesOf(providerName: string): ProviderCapabilities {
  if (providerName === 'inflow') return INFLOW_CAPABILITIES
  if (providerName === 'simulator') return SIMULATOR_CAPABILITIES
  return CARD_FIELD_CAPABILITIES
}

/** The environment's processor when it takes the card on its own page (hosted redirect), else null. */
export function hostedPageProcessor(ctx: AppContext, environment: Environment): Processor | null {
  if (processorNameOf(ctx, environment) !== 'inflow') return null
  const processor = getProcessor(ctx, environment)
  return processor.capabilities.paymentFlow === 'hosted_redirect' ? processor : null
}

/** Every processor that verifies inbound webhooks under a name, with its environment (a URL serves both). */
export function webhookProcessors(ctx: AppContext, name: string): { environment: Environment; processor: Processor }[] {
  return (['production', 'sandbox'] as const)
    .filter((environment) => processorNameOf(ctx, environment) === name)
    .map((environment) => ({ environment, processor: getProcessor(ctx, environment) }))
    .filter(({ processor }) => processor.verifyWebhook !== undefined)
}

const CARD_FIELD_CAPABILITIES: ProviderCapabilities = Object.freeze({
  paymentFlow: 'card_fields',
  partialRefunds: true,
  savedPaymentMethods: false,
  webhookVerification: 'none',
  minimumAmounts: {},
  currencies: null,
})

/** A provider of the first seam (card fields, answers at once) seen through seam v2. */
export function fromCardFieldProvider(provider: PaymentProvider): Processor {
  return {
    name: provider.name,
    capabilities: CARD_FIELD_CAPABILITIES,
    async startPayment(input) {
      if (!input.card) throw new Error(`${provider.name} takes card fields: startPayment needs the card`)
      return { kind: 'confirmed', result: await provider.confirmCard({ ...input, card: input.card }) }
    },
    async readPayment({ providerPaymentId }) {
      const settled = await provider.depositSettled({ providerPaymentId })
      return {
        providerPaymentId,
        status: 'succeeded',
        rawStatus: 'succeeded',
        depositStatus: settled ? 'succeeded' : 'pending',
        amountMinor: null,
        currency: null,
        reference: null,
        failureMessage: null,
        attempts: [],
        refund: 'none',
        card: null,
        updatedAt: null,
      }
    },
    refund: (request) => provider.refund(request),
    completeChallenge: (input) => provider.completeChallenge(input),
  }
}
