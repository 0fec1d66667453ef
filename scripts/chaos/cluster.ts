import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'

// A throw-away PostgreSQL cluster for one chaos run (initdb into the run's directory, its own port and
// socket directory), so restarting PostgreSQL never disturbs the shared server other tests use.

/** The newest server binaries Debian installed: /etc/postgresql/<version> → /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  if (process.env.CHAOS_PG_BIN) return process.env.CHAOS_PG_BIN
  const versions = existsSync('/etc/postgresql')
    ? readdirSync('/etc/postgresql').filter((v) => /^\d+$/.test(v))
    : readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v))
  for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
    const dir = `/usr/lib/postgresql/${version}/bin`
    if (existsSync(join(dir, 'initdb'))) return dir
  }
  throw new Error('no PostgreSQL server binaries found (set CHAOS_PG_BIN to the directory holding initdb and pg_ctl)')
}

// initdb and postgres refuse to run as root: run them as the postgres user then.
const asRoot = process.getuid?.() === 0

// Asynchronous, so the load and the webhook receiver in this process keep running during a restart.
function run(bin: string, args: string[]): Promise<void> {
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args]
  return new Promise((resolve, reject) =>
    execFile(command, argv, { encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error(`${bin} ${args.join(' ')} failed: ${stderr || stdout || err.message}`)) : resolve(),
    ),
  )
}

export interface Cluster {
  port: number
  url(database: string): string
  stop(mode?: 'fast' | 'immediate'): Promise<void>
  start(): Promise<void>
  /** Resolves when the server accepts connections again. */
  ready(timeoutMs?: number): Promise<void>
  /** Stops the server; removes its data directory unless `removeData` is false. */
  destroy(removeData?: boolean): Promise<void>
}

export async function createCluster(dir: string, port: number): Promise<Cluster> {
  const bin = postgresBinDir()
  const data = join(dir, 'pgdata')
  mkdirSync(data, { recursive: true })
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir])
  await run(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--no-instructions',
  ])
  const options = [`-p ${port}`, `-k ${data}`, "-c listen_addresses='127.0.0.1'", '-c max_connections=300'].join(' ')
  const pgCtl = (args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...args])
  const cluster: Cluster = {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start: () => pgCtl(['-l', join(data, 'server.log'), '-o', options, '-w', '-t', '120', 'start']),
    stop: (mode = 'fast') => pgCtl(['-m', mode, '-w', '-t', '120', 'stop']),
    ready: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const client = new pg.Client({ connectionString: cluster.url('postgres') })
        try {
          await client.connect()
          await client.query('select 1')
          return
        } catch (err) {
          if (Date.now() > deadline) throw err
          await new Promise((r) => setTimeout(r, 200))
        } finally {
          await client.end().catch(() => {})
        }
      }
    },
    destroy: async (removeData = true) => {
      await cluster.stop('immediate').catch(() => {}) // already stopped
      if (removeData) rmSync(data, { recursive: true, force: true })
    },
  }
  await cluster.start()
  await cluster.ready()
  return cluster
}
