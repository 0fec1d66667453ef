// `npm start` in examples/express-shop: the shop on PORT (default 4000), talking to KASSA_BASE_URL.
import { Kassa } from '@kassa/node'
import { createShop } from './shop.ts'

function required(name: string): string {
  const value = process.env[name]
  if (!value) {
    process.stderr.write(`${name} is required (see examples/express-shop/README.md)\n`)
    process.exit(1)
  }
  return value
}

const port = Number(process.env.PORT ?? 4000)
const kassa = new Kassa({
  apiKey: required('KASSA_API_KEY'),
  baseUrl: process.env.KASSA_BASE_URL ?? 'http://127.0.0.1:8080',
})
const { app } = createShop({
  kassa,
  webhookSecret: required('KASSA_WEBHOOK_SECRET'),
  publicUrl: process.env.SHOP_URL ?? `http://127.0.0.1:${port}`,
  productId: process.env.KASSA_PRODUCT_ID,
})
app.listen(port, '127.0.0.1', () => process.stdout.write(`shop on http://127.0.0.1:${port}\n`))
