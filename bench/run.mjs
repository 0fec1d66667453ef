// `npm run bench`: every benchmark in turn against PostgreSQL (BENCH_DATABASE_URL, default the local
// server). Benchmarks measure; they never fail on numbers. Results are copied by hand into RESULTS.md.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const only = process.argv.slice(2)
const all = ['foundation', 'checkout-page', 'refunds', 'webhooks', 'stats']
for (const name of only.length ? only : all) {
  const file = `bench/${name}.mjs`
  if (!existsSync(file)) continue
  console.log(`\n### ${name}\n`)
  const result = spawnSync(process.execPath, [file], { stdio: 'inherit' })
  if (result.status !== 0) console.log(`(${name} exited with ${result.status})`)
}
