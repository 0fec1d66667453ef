import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'

// The Dockerfile and compose.yaml read as text, without Docker: what they promise an operator (a
// non-root, read-only, health-checked container on PostgreSQL) stays written down.
// build-docker.test.ts builds and starts them where a Docker daemon is reachable.

const REPO = join(import.meta.dirname, '../..')
const read = (name: string) => readFileSync(join(REPO, name), 'utf8')

/** Dockerfile instructions (continuation lines joined, comments dropped), grouped by stage. */
function stages(dockerfile: string): Array<Array<{ op: string; args: string }>> {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
  const result: Array<Array<{ op: string; args: string }>> = []
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s+(.*)$/.exec(line)!
    if (op.toUpperCase() === 'FROM') result.push([])
    result.at(-1)!.push({ op: op.toUpperCase(), args })
  }
  return result
}

describe('Dockerfile', () => {
  const all = stages(read('Dockerfile'))
  const build = all[0]
  const runtime = all.at(-1)!
  const args = (stage: typeof build, op: string) => stage.filter((i) => i.op === op).map((i) => i.args)

  test('is multi-stage: npm ci and npm run build in the first stage, a slim runtime stage last', () => {
    expect(all.length).toBeGreaterThanOrEqual(2)
    const runs = args(build, 'RUN').join('\n')
    expect(runs).toMatch(/npm ci\b/)
    expect(runs).toMatch(/npm run build\b/)
    expect(args(runtime, 'FROM')[0]).toMatch(/^node:20[^ ]*-slim\b/)
    expect(args(runtime, 'RUN').join('\n')).not.toMatch(/npm (ci|install|run build)/)
  })

  test('the runtime stage holds the build, not the sources, and runs it in production mode', () => {
    const copied = args(runtime, 'COPY').map((c) => c.split(/\s+/).at(-2))
    expect(copied.sort()).toEqual(['/app/bin', '/app/dist', '/app/node_modules', '/app/package.json'])
    expect(args(runtime, 'ENV').join(' ')).toMatch(/NODE_ENV=production/)
    expect(args(runtime, 'ENV').join(' ')).toMatch(/DATA_DIR=\/data/)
    expect(JSON.parse(args(runtime, 'CMD')[0])).toEqual(['node', 'bin/kassa.mjs', 'serve'])
  })

  test('runs as a non-root user', () => {
    const user = args(runtime, 'USER').at(-1)
    expect(user).toBeDefined()
    expect(user).not.toMatch(/^(root|0)(:|$)/)
  })

  test('has a HEALTHCHECK on /readyz', () => {
    const [check] = args(runtime, 'HEALTHCHECK')
    expect(check).toMatch(/--interval=\d+s/)
    expect(check).toContain('/readyz')
  })

  test('.dockerignore keeps installed and built files out of the context', () => {
    const ignored = read('.dockerignore').split('\n')
    for (const entry of ['node_modules', 'dist', '.git', '.kassa-data']) expect(ignored).toContain(entry)
  })
})

describe('compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as { services: Record<string, any>; volumes: Record<string, unknown> }
  const kassa = compose.services.kassa
  const postgres = compose.services.postgres

  test('runs Kassa from the Dockerfile on a read-only root filesystem, writing only to its data volume', () => {
    expect(kassa.build).toBe('.')
    expect(kassa.read_only).toBe(true)
    expect(kassa.volumes).toContain('kassa-data:/data')
    expect(kassa.tmpfs).toContain('/tmp')
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['kassa-data', 'postgres-data']))
  })

  test('connects to PostgreSQL once it is healthy, with SECRET_KEY required from the environment', () => {
    expect(postgres.image).toMatch(/^postgres:\d+/)
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready')
    expect(kassa.depends_on.postgres.condition).toBe('service_healthy')
    expect(kassa.environment.DATABASE_URL).toMatch(/^postgres:\/\/kassa:[^@]+@postgres:5432\/kassa$/)
    // `${VAR:?message}`: compose refuses to start without it, instead of running with a guessable key.
    expect(kassa.environment.SECRET_KEY).toMatch(/^\$\{SECRET_KEY:\?/)
  })

  test('health-checks Kassa on /readyz', () => {
    expect(kassa.healthcheck.test.join(' ')).toContain('/readyz')
    expect(kassa.healthcheck.interval).toMatch(/^\d+s$/)
  })
})
