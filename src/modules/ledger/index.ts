// The public surface of the ledger module: other modules import only from this file.
export {
  customerCreditBalance,
  customerCreditBalances,
  lockCustomerCredit,
  postCustomerCredit,
} from './customer-credit.service.ts'
export { runLedgerCheck } from './ledger.check.ts'
export { findEntriesOfTransaction, insertReserveHold } from './ledger.repository.ts'
export { lockBalances, postEntry } from './ledger.service.ts'
export { releaseDueReserves } from './reserve.ts'
export { getWallet } from './wallet.service.ts'
