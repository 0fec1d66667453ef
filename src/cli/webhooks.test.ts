import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, isPostgres, type TestDatabase } from '../../test/support/database.ts'
import { startReceiver, type Receiver } from '../../test/support/webhook-receiver.ts'

// The real `kassa` binary against its own database: embedded PGlite in a temp dir, or a fresh PostgreSQL database.
let dataDir: string
let database: TestDatabase | null = null
let r: Receiver
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kassa-cli-webhooks-'))
  if (isPostgres) database = await createTestDatabase()
  r = await startReceiver()
})
afterAll(async () => {
  await r.close()
  await database?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

function kassa(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      SECRET_KEY: 'cli-test-secret-key-0123456789abcdefghij',
      LOG_LEVEL: 'silent',
      ALLOW_PRIVATE_WEBHOOK_URLS: 'true',
      KASSA_PASSWORD: 'correct horse battery',
    }
    if (database?.url) env.DATABASE_URL = database.url
    else delete env.DATABASE_URL
    const child = spawn(process.execPath, ['bin/kassa.mjs', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => (stdout += c))
    child.stderr.on('data', (c) => (stderr += c))
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

describe('kassa webhook CLI', () => {
  it('adds an endpoint, lists it, and sends webhook.test signed with the secret it printed', async () => {
    const merchant = await kassa('merchant', 'create', '--email', 'cli@example.com', '--org-name', 'CLI Shop', '--json')
    expect(merchant.code, merchant.stderr).toBe(0)
    const org = String(JSON.parse(merchant.stdout).organization_id)

    const add = await kassa('webhook', 'add', '--org', org, '--env', 'sandbox', '--url', r.url, '--json')
    expect(add.code, add.stderr).toBe(0)
    const created = JSON.parse(add.stdout)
    expect(Object.keys(created).sort()).toEqual(['id', 'secret', 'url'])
    expect(created).toMatchObject({
      url: r.url,
      id: expect.stringMatching(/^we_/),
      secret: expect.stringMatching(/^whsec_/),
    })

    const list = await kassa('webhook', 'list', '--org', org, '--json')
    expect(list.code, list.stderr).toBe(0)
    const listed = JSON.parse(list.stdout)
    expect(listed.endpoints).toMatchObject([{ id: created.id, url: r.url, environment: 'sandbox', enabled: true }])
    expect(list.stdout).not.toContain(created.secret)

    const test = await kassa('webhook', 'test', '--org', org, '--env', 'sandbox', '--json')
    expect(test.code, test.stderr).toBe(0)
    const sent = JSON.parse(test.stdout)
    expect(sent.deliveries).toMatchObject([{ endpoint_id: created.id, status: 'succeeded', status_code: 200 }])
    const [req] = await r.waitFor(1)
    expect(req.headers['x-webhook-event']).toBe('webhook.test')
    expect(req.headers['x-webhook-delivery-id']).toBe(sent.deliveries[0].delivery_id)
    expect(new Webhook(created.secret).verify(req.body, req.headers as Record<string, string>)).toMatchObject({
      event: 'webhook.test',
      event_id: sent.event_id,
    })

    const history = await kassa(
      'webhook',
      'deliveries',
      '--org',
      org,
      '--env',
      'sandbox',
      '--id',
      sent.deliveries[0].delivery_id,
      '--json',
    )
    expect(history.code, history.stderr).toBe(0)
    expect(JSON.parse(history.stdout)).toMatchObject({
      event_type: 'webhook.test',
      kind: 'test',
      status: 'succeeded',
      attempts: [{ attempt_number: 1, status_code: 200 }],
    })

    const human = await kassa('webhook', 'list', '--org', org)
    expect(human.stdout).toContain(created.id)
  }, 240_000)

  it('reports usage and validation errors with a non-zero exit', async () => {
    const missing = await kassa('webhook', 'add', '--org', '1', '--env', 'sandbox', '--json')
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stderr).error).toContain('--url')
    const badEnv = await kassa('webhook', 'test', '--org', '1', '--env', 'staging')
    expect(badEnv.code).toBe(2)
    const badUrl = await kassa('webhook', 'add', '--org', '1', '--env', 'sandbox', '--url', 'ftp://x', '--json')
    expect(badUrl.code).toBe(1)
    expect(JSON.parse(badUrl.stderr).error).toMatch(/url/)
    const noOrg = await kassa('webhook', 'list', '--org', '999999', '--json')
    expect(noOrg.code).toBe(1)
  }, 240_000)
})
