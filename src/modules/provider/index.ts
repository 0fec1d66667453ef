// The public surface of the provider module: other modules import only from this file.
export { checkProviderSetup, getProvider, getSimulator, registerProvider } from './provider.registry.ts'
export type { CardDetails, CardSummary, PaymentProvider, RefundResult } from './provider.types.ts'
export type { ScriptedOutcome, ScriptedResult } from './simulator.ts'
export { getSavedMethods, isHardDecline, SAVED_CARD_DECLINES_LATER } from './saved-methods.ts'
export type { SavedMethods, SavePaymentMethodResult } from './saved-methods.ts'
