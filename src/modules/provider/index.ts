// The public surface of the provider module: other modules import only from this file.
export { checkProviderSetup, getProvider, getSimulator, registerProvider } from './provider.registry.ts'
export type { CardDetails, CardSummary, PaymentProvider, RefundResult } from './provider.types.ts'
export type { ScriptedOutcome, ScriptedResult } from './simulator.ts'
export {
  capabilitiesOf,
  getProcessor,
  hostedPageProcessor,
  processorNameOf,
  savedCardProcessor,
  webhookProcessors,
} from './processors.ts'
export type { SavedCardProcessor } from './processors.ts'
export {
  belowMinimum,
  isHardDecline,
  ProviderRejectedError,
  ProviderUncertainError,
  WebhookVerificationError,
} from './seam.ts'
export type {
  ChargeSavedMethodInput,
  InboundWebhook,
  PaymentFlow,
  Processor,
  ProviderCapabilities,
  ProviderDepositAttempt,
  ProviderPayment,
  ProviderPaymentStatus,
  ProviderRefundResult,
  ProviderRefundState,
  ProviderWebhookEvent,
  ReadChargeInput,
  ReadChargeResult,
  SavePaymentMethodResult,
  StartPaymentInput,
  StartPaymentResult,
  WebhookVerificationScheme,
} from './seam.ts'
export {
  OFF_SESSION_AUTH_REQUIRED,
  SAVED_CARD_DECLINES_LATER,
  SIMULATOR_CAPABILITIES,
} from './simulator.processor.ts'
