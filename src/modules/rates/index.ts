// The public surface of the rates module: other modules import only from this file.
export { findUsdRate } from './rates.repository.ts'
export { setFxRate, setTaxRate } from './rates.service.ts'
