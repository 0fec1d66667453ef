// The public surface of the products module: other modules import only from this file.
export { productRoutes } from './products.dashboard.routes.ts'
export { findSellableProducts } from './products.repository.ts'
export { createProduct } from './products.service.ts'
