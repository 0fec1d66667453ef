// Top self-time functions of a --cpu-prof profile (e.g. from bench/hot-cpu.mjs --profile DIR).
// Usage: node bench/hot-profile.mjs FILE.cpuprofile [top=25]   Idle, program and GC are listed too.
import { readFileSync } from 'node:fs'

const [file, top = '25'] = process.argv.slice(2)
const profile = JSON.parse(readFileSync(file, 'utf8'))
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map()
for (let i = 0; i < profile.samples.length; i++) {
  const node = byId.get(profile.samples[i])
  const { functionName, url, lineNumber } = node.callFrame
  const where = url ? `${url.replace(/^.*\/(node_modules|src)\//, '$1/')}:${lineNumber + 1}` : ''
  const key = `${functionName || '(anonymous)'} ${where}`.trim()
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
}
const total = [...self.values()].reduce((a, b) => a + b, 0)
const busy = total - (self.get('(idle)') ?? 0)
console.log(`sampled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s`)
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  const share = key === '(idle)' ? '' : ` (${((100 * us) / busy).toFixed(1)} % of busy)`
  console.log(`${(us / 1e3).toFixed(0).padStart(7)} ms ${key}${share}`)
}
