import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { createTestPlatform, type TestPlatform } from './platform.ts'

// Real-browser tests: Debian chromium against the app on a real socket. Skipped only when chromium is absent.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM_PATH)

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** The platform listening on 127.0.0.1, with PUBLIC_URL pointing at it so checkout_url opens in the browser. */
export async function startListeningPlatform(
  env: Record<string, string> = {},
): Promise<TestPlatform & { baseUrl: string }> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const platform = await createTestPlatform({ env: { PUBLIC_URL: baseUrl, ...env } })
  await platform.app.listen({ port, host: '127.0.0.1' })
  return Object.assign(platform, { baseUrl })
}
