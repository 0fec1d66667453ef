// `npm run bench`: every benchmark in turn, Kassa beside its floor in the same run. Each benchmark's
// last line is its ratio to the floor (or its figure against the target). The machine, date and load
// average are printed first and last. Benchmarks measure; they never fail on numbers (exit 0).
// Usage: npm run bench [-- name …]   names: foundation refund-create refund-statements process lists
//   checkout-page webhooks refunds (refunds is the long 1,000,000-row list run; not in the default set).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { machine } from './lib.mjs'

const only = process.argv.slice(2)
const all = [
  'foundation',
  'refund-create',
  'refund-statements',
  'process',
  'lists',
  'checkout-page',
  'webhooks',
  'stats',
]
console.log(`machine: ${machine()}`)
const last = []
for (const name of only.length ? only : all) {
  const file = `bench/${name}.mjs`
  if (!existsSync(file)) continue
  console.log(`\n### ${name}\n`)
  const result = spawnSync(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })
  process.stdout.write(result.stdout ?? '')
  const lines = (result.stdout ?? '').trim().split('\n')
  last.push(`${name}: ${result.status === 0 ? lines.at(-1) : `exited with ${result.status}`}`)
}
console.log(`\n### summary (${machine()})\n`)
for (const line of last) console.log(line)
