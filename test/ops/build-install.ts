import { type ChildProcess, spawn } from 'node:child_process'
import { chmodSync, cpSync, lstatSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

// A Kassa install in a temporary directory, for the build tests: what a clone holds (no dist/, no
// tests), with the repository's node_modules linked in (installing it again would take minutes).

const REPO = join(import.meta.dirname, '../..')
const CLONE = ['bin', 'src', 'web', 'scripts', 'package.json']

export function copyInstall(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-install-'))
  chmodSync(dir, 0o755)
  for (const entry of CLONE)
    cpSync(join(REPO, entry), join(dir, entry), {
      recursive: true,
      filter: (source) => !/(^|\/)(dist[^/]*|node_modules)$|\.test\.tsx?$/.test(relative(REPO, source)),
    })
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

/** Every file and folder read-only (a-w), as on a read-only image; the node_modules link is left alone. */
export function makeReadOnly(dir: string): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const stat = lstatSync(path)
    if (stat.isSymbolicLink()) continue
    if (stat.isDirectory()) makeReadOnly(path)
    chmodSync(path, stat.mode & 0o555)
  }
  chmodSync(dir, lstatSync(dir).mode & 0o555)
}

/** Each path under `dir` with its size, mtime and mode: any write, creation or removal changes it. */
export function snapshot(dir: string, root = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      const stat = lstatSync(path)
      const line = `${relative(root, path)} ${stat.size} ${stat.mtimeMs} ${stat.mode.toString(8)}`
      return stat.isDirectory() ? [line, ...snapshot(path, root)] : [line]
    })
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })

export interface Started {
  child: ChildProcess
  output: () => string
}

/** Spawns `command` and resolves once its output matches `ready`; rejects when it exits first or after `timeoutMs`. */
export function startUntil(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; uid?: number; gid?: number },
  ready: RegExp,
  timeoutMs = 240_000,
): Promise<Started> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let out = ''
  const started = { child, output: () => out }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop(started)
      reject(new Error(`no ${ready} within ${timeoutMs} ms:\n${out}`))
    }, timeoutMs)
    const onData = (data: Buffer) => {
      out += data
      if (ready.test(out)) {
        clearTimeout(timer)
        resolve(started)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited ${code} before ${ready}:\n${out}`))
    })
  })
}

/**
 * SIGTERM to the process group (npm start's node child included); resolves with the exit code once every
 * process of the group is gone: npm exits at once, while the server it started is still shutting down
 * and holding the data directory's lock, which the next start would meet.
 */
export async function stop({ child }: Started): Promise<number | null> {
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve(child.exitCode)
      : new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  try {
    process.kill(-child.pid!, 'SIGTERM')
  } catch {}
  const code = await exited
  for (let waited = 0; groupAlive(child.pid!) && waited < 60_000; waited += 100)
    await new Promise((r) => setTimeout(r, 100))
  return code
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

export interface Ran {
  status: number | null
  stdout: string
  stderr: string
}

/** spawnSync without blocking the test worker (vitest's own messages time out behind a long build). */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d) => (stdout += d))
    child.stderr!.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}
