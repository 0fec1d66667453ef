import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream, type WriteStream } from 'node:fs'
import { join } from 'node:path'

// The processes under test: N `kassa serve --no-worker` (each on its own port) and M `kassa worker`,
// each restarted after a kill. A process that exits without being killed by the run is counted as a
// crash (and restarted too, so the run goes on): the report lists it as a violation.

export const KASSA_BIN = join(import.meta.dirname, '../../bin/kassa.mjs')

export interface Member {
  name: string
  kind: 'api' | 'worker'
  port: number | null
  child: ChildProcess | null
  /** Started and answering (a load balancer's health check would route to it). */
  up: boolean
  starts: number
  kills: number
  /** Output since the last start (for the readiness line). */
  recent: string
}

export interface Crash {
  name: string
  code: number | null
  signal: string | null
  at: number
  tail: string
}

export class Fleet {
  readonly members: Member[] = []
  readonly crashes: Crash[] = []
  private stopping = false
  private readonly logs = new Map<string, WriteStream>()
  private readonly killing = new Set<ChildProcess>()

  constructor(
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  add(kind: Member['kind'], name: string, port: number | null): Member {
    const member: Member = { name, kind, port, child: null, up: false, starts: 0, kills: 0, recent: '' }
    this.members.push(member)
    this.logs.set(name, createWriteStream(join(this.logDir, `${name}.log`), { flags: 'a' }))
    return member
  }

  /** The API processes that are up (all of them when none is, so requests show the outage). */
  apiBases(): string[] {
    const apis = this.members.filter((m) => m.kind === 'api')
    const up = apis.filter((m) => m.up)
    return (up.length > 0 ? up : apis).map((m) => `http://127.0.0.1:${m.port}`)
  }

  start(member: Member): void {
    const args = member.kind === 'api' ? ['serve', '--no-worker'] : ['worker']
    const env = { ...process.env, ...this.env, ...(member.port === null ? {} : { PORT: String(member.port) }) }
    const child = spawn(process.execPath, [KASSA_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    member.child = child
    member.starts++
    member.recent = ''
    const log = this.logs.get(member.name)!
    log.write(`--- start ${member.starts} pid ${child.pid} at ${new Date().toISOString()}\n`)
    const onData = (d: Buffer) => {
      log.write(d)
      if (member.recent.length < 1_000_000) member.recent += d.toString('utf8')
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code, signal) => {
      if (member.child === child) member.up = false
      log.write(`--- exit code ${code} signal ${signal} at ${new Date().toISOString()}\n`)
      if (this.killing.delete(child) || this.stopping) return
      this.crashes.push({ name: member.name, code, signal, at: Date.now(), tail: member.recent.slice(-2000) })
      setTimeout(() => {
        if (this.stopping || member.child !== child) return
        this.start(member)
        this.ready(member).catch(() => {}) // marks it up again for the load
      }, 500)
    })
  }

  async ready(member: Member, timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (await this.isReady(member)) {
        member.up = true
        return
      }
      if (Date.now() > deadline) throw new Error(`${member.name} not ready after ${timeoutMs} ms:\n${member.recent}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }

  private async isReady(member: Member): Promise<boolean> {
    if (member.kind === 'worker') return member.recent.includes('"msg":"worker started"')
    try {
      return (await fetch(`http://127.0.0.1:${member.port}/readyz`, { signal: AbortSignal.timeout(2000) })).ok
    } catch {
      return false
    }
  }

  /** SIGKILL, then start it again at once and wait until it serves. */
  async killAndRestart(member: Member): Promise<void> {
    const child = member.child
    if (child && child.exitCode === null && child.signalCode === null) {
      this.killing.add(child)
      member.up = false
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    }
    member.kills++
    this.start(member)
    await this.ready(member)
  }

  /** SIGTERM every process (graceful shutdown), SIGKILL what is left after `timeoutMs`. */
  async stop(timeoutMs = 45_000): Promise<{ name: string; code: number | null }[]> {
    this.stopping = true
    const exits = await Promise.all(
      this.members.map(async (m) => {
        const child = m.child
        if (!child || child.exitCode !== null || child.signalCode !== null)
          return { name: m.name, code: child?.exitCode ?? null }
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
        const code = await exited
        clearTimeout(timer)
        return { name: m.name, code }
      }),
    )
    for (const log of this.logs.values()) log.end()
    return exits
  }
}
