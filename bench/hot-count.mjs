// Preloaded with `node --import ./bench/hot-count.mjs` by bench/hot-cpu.mjs: counts every statement a
// process sends through node-postgres (BEGIN/COMMIT included) and prints `hot-count <n>` on SIGUSR2.
import pg from 'pg'

let count = 0
const query = pg.Client.prototype.query
pg.Client.prototype.query = function countedQuery(...args) {
  count++
  return query.apply(this, args)
}
process.on('SIGUSR2', () => process.stderr.write(`hot-count ${count}\n`))
