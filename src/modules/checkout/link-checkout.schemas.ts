import { Type } from '@sinclair/typebox'
import { CheckoutCreateBody } from './checkout.schemas.ts'

/** A buyer starting a checkout from a payment link: the billing fields of checkout create (the link fixes the rest). */
const {
  products: _products,
  sandbox_simulate: _simulate,
  expires_in_minutes: _minutes,
  ...billing
} = CheckoutCreateBody.properties
export const LinkCheckoutBody = Type.Object(billing)
