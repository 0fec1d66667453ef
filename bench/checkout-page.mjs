// Hosted checkout page: time to first byte at a steady 200 req/s, and page weight (HTML + JS + CSS).
// Usage: node bench/checkout-page.mjs   (needs PostgreSQL at BENCH_DATABASE_URL or 127.0.0.1:5432)
// TTFB is measured by an open-loop client of our own (a request leaves every 5 ms whatever the
// previous ones do, so a slow server cannot hide its queueing): the time from sending the request to
// the response headers. autocannon at the same rate is reported beside it (latency to the full response).
import http from 'node:http'
import { gzipSync } from 'node:zlib'
import { cannon, freePort, freshDatabase, machine, startKassa, summary } from './lib.mjs'

const RATE = Number(process.env.BENCH_RATE ?? 200)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)

const databaseUrl = await freshDatabase('kassa_bench_checkout_page')
const port = await freePort()
const kassa = await startKassa({ databaseUrl, port, env: { PUBLIC_URL: `http://127.0.0.1:${port}` } })

try {
  const key = kassa.demo.sandbox_api_key
  const created = await (
    await fetch(`${kassa.url}/api/checkout/create/`, {
      method: 'POST',
      headers: { authorization: `Api-Key ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        billing_country: 'FR',
        billing_postal_code: '75011',
        billing_first_name: 'Ada',
        billing_last_name: 'Lovelace',
        billing_email: 'ada@example.com',
        currency: 'EUR',
        products: [{ id: kassa.demo.product_ids[0], quantity: 2 }],
      }),
    })
  ).json()
  const pageUrl = created.checkout_url

  // Page weight: the HTML and the two assets it references, as served (uncompressed) and gzipped.
  const html = await (await fetch(pageUrl)).text()
  const assets = [...html.matchAll(/(?:src|href)="(\/checkout\/assets\/[^"]+)"/g)].map((m) => m[1])
  const bodies = [
    Buffer.from(html),
    ...(await Promise.all(assets.map(async (a) => Buffer.from(await (await fetch(kassa.url + a)).arrayBuffer())))),
  ]
  const sizeOf = (ext) => bodies[1 + assets.findIndex((a) => a.split('?')[0].endsWith(ext))].length
  const weight = {
    html: bodies[0].length,
    js: sizeOf('.js'),
    css: sizeOf('.css'),
    total: bodies.reduce((n, b) => n + b.length, 0),
    gzip: bodies.reduce((n, b) => n + gzipSync(b).length, 0),
  }

  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  const ttfbOnce = () =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint()
      const req = http.get(pageUrl, { agent }, (res) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6
        res.resume()
        res.on('end', () => resolve({ ms, status: res.statusCode }))
      })
      req.on('error', reject)
    })

  // Warm-up: JIT, pool, prepared plans.
  for (let i = 0; i < 300; i++) await ttfbOnce()

  const samples = []
  let non200 = 0
  const inflight = []
  const interval = 1000 / RATE
  const start = performance.now()
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = start + i * interval
    const wait = due - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    inflight.push(
      ttfbOnce().then((r) => {
        samples.push(r.ms)
        if (r.status !== 200) non200++
      }),
    )
  }
  await Promise.all(inflight)
  const achieved = (RATE * SECONDS) / ((performance.now() - start) / 1000)
  samples.sort((a, b) => a - b)
  const pct = (p) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))].toFixed(2)
  const ttfb = {
    requests: samples.length,
    achievedRate: achieved.toFixed(1),
    p50: pct(50),
    p90: pct(90),
    p99: pct(99),
    max: samples.at(-1).toFixed(2),
    non200,
  }

  const ac = summary(await cannon({ url: pageUrl, duration: SECONDS, overallRate: RATE, connections: 10 }))
  const acMax = summary(await cannon({ url: pageUrl, duration: 10, connections: 10 }))

  const report = {
    machine: machine(),
    rate: RATE,
    seconds: SECONDS,
    ttfbMs: ttfb,
    autocannonAtRate: ac,
    autocannonMax: acMax,
    weightBytes: weight,
  }
  console.log(JSON.stringify(report, null, 2))
} finally {
  kassa.stop()
}
