import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { POSTGRES_URL } from './database.ts'

export const PGBOUNCER_BIN = '/usr/sbin/pgbouncer'

export interface PgBouncer {
  port: number
  /** The same database through PgBouncer (transaction pooling). */
  urlFor(directUrl: string): string
  close(): Promise<void>
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

/** Debian's pgbouncer in transaction pooling mode in front of the test PostgreSQL (run as user postgres). */
export async function startPgBouncer(): Promise<PgBouncer> {
  if (!existsSync(PGBOUNCER_BIN))
    throw new Error(`${PGBOUNCER_BIN} is missing: apt-get install -y pgbouncer (.ci/run does)`)
  const upstream = new URL(POSTGRES_URL)
  const dir = mkdtempSync(join(tmpdir(), 'kassa-pgbouncer-'))
  chmodSync(dir, 0o777)
  const port = await freePort()
  const ini = join(dir, 'pgbouncer.ini')
  writeFileSync(
    ini,
    `[databases]
* = host=${upstream.hostname} port=${upstream.port || 5432} user=${decodeURIComponent(upstream.username || 'postgres')}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
logfile = ${join(dir, 'pgbouncer.log')}
`,
  )
  chmodSync(ini, 0o644)
  const args = process.getuid?.() === 0 ? ['-u', 'postgres', ini] : [ini]
  const child: ChildProcess = spawn(PGBOUNCER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const deadline = Date.now() + 15_000
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' }, () => {
        socket.end()
        resolve(true)
      })
      socket.on('error', () => resolve(false))
    })
    if (up) break
    if (child.exitCode !== null || Date.now() > deadline) {
      const log = existsSync(join(dir, 'pgbouncer.log')) ? readFileSync(join(dir, 'pgbouncer.log'), 'utf8') : ''
      child.kill('SIGKILL')
      throw new Error(`pgbouncer did not start: ${output}\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    port,
    urlFor(directUrl: string) {
      const url = new URL(directUrl)
      url.hostname = '127.0.0.1'
      url.port = String(port)
      return url.toString()
    },
    async close() {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
