// Summary of a V8 CPU profile (`node --cpu-prof`, e.g. `node bench/foundation.mjs --profile DIR`):
// the functions with the most self time, and self time by where the code lives (a package under
// node_modules, our src/ folder, node: internals, idle, GC).
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [--top 25]
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values: args, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' } },
  allowPositionals: true,
})
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'))
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfUs = new Map()
// timeDeltas[i] is the time before sample i; attribute each sample's delta to its node.
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
}
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0)

function placeOf(url) {
  if (!url) return '(native/builtin)'
  if (url.startsWith('node:')) return 'node: internals'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg) return pkg[1]
  const ours = /\/(src\/[^/]+(?:\/[^/]+)?)\//.exec(url)
  return ours
    ? ours[1]
    : url
        .replace(/^file:\/\//, '')
        .split('/')
        .slice(-2)
        .join('/')
}
const functions = new Map()
const places = new Map()
for (const [id, us] of selfUs) {
  const { callFrame: f } = byId.get(id)
  const name = f.functionName || '(anonymous)'
  const special = ['(idle)', '(garbage collector)', '(program)'].includes(name)
  const key = special ? name : `${name} ${placeOf(f.url)}:${f.lineNumber + 1}`
  functions.set(key, (functions.get(key) ?? 0) + us)
  const place = special ? name : placeOf(f.url)
  places.set(place, (places.get(place) ?? 0) + us)
}
const row = ([k, us]) =>
  `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)} %  ${k}`
const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))
console.log(`${positionals[0]}: ${(totalUs / 1e6).toFixed(1)} s sampled\n\nself time by function:`)
for (const r of top(functions)) console.log(row(r))
console.log('\nself time by place:')
for (const r of top(places)) console.log(row(r))
