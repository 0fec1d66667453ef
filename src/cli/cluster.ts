import cluster, { type Worker as ClusterWorker } from 'node:cluster'
import type { AppContext } from '../context.ts'

/**
 * `kassa serve --processes N`: N API processes share the port (node:cluster hands connections out
 * round-robin); this primary process keeps the background worker and webhook dispatcher, restarts
 * an API process that dies, and on SIGTERM stops them all within SHUTDOWN_TIMEOUT_MS.
 */
export class ApiProcesses {
  private stopping = false
  private readonly children = new Set<ClusterWorker>()

  constructor(
    private readonly ctx: AppContext,
    private readonly count: number,
  ) {}

  /** Resolves once every API process listens. */
  async start(): Promise<void> {
    cluster.on('exit', (child, code, signal) => {
      this.children.delete(child)
      if (this.stopping) return
      this.ctx.log.error({ pid: child.process.pid, code, signal }, 'API process died; starting another')
      this.fork()
    })
    await Promise.all(Array.from({ length: this.count }, () => this.fork()))
  }

  private fork(): Promise<void> {
    const child = cluster.fork({ KASSA_API_PROCESS: '1' })
    this.children.add(child)
    return new Promise((resolve) => child.once('listening', () => resolve()))
  }

  pids(): number[] {
    return [...this.children].map((c) => c.process.pid!).filter(Boolean)
  }

  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true
    const exited = [...this.children].map(
      (child) => new Promise<void>((resolve) => child.once('exit', () => resolve())),
    )
    for (const child of this.children) child.process.kill('SIGTERM')
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, timeoutMs + 1000).unref())
    await Promise.race([Promise.all(exited), deadline])
    for (const child of this.children) child.process.kill('SIGKILL')
  }
}

export const isApiProcess = () => cluster.isWorker
