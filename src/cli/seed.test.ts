import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../../test/support/platform.ts'
import { hashPassword } from '../lib/crypto.ts'
import { banner, seedDemoIfEmpty } from './seed.ts'

let p: TestPlatform
const dataDir = mkdtempSync(join(tmpdir(), 'kassa-seed-'))
beforeAll(async () => {
  p = await createTestPlatform({ env: { DATA_DIR: dataDir } })
})
afterAll(async () => {
  await p.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('demo banner', () => {
  test('prints the demo password only while it still signs in', async () => {
    const seeded = await seedDemoIfEmpty(p.ctx)
    expect(seeded?.password).toMatch(/^demo-/)
    const password = seeded!.password!
    expect(banner(p.ctx, seeded, true)).toContain(password)
    // A restart reads the saved credentials back and still shows them.
    const restarted = await seedDemoIfEmpty(p.ctx)
    expect(banner(p.ctx, restarted, true)).toContain(password)

    await p.ctx.db
      .updateTable('users')
      .set({ password_hash: await hashPassword('the owner changed it') })
      .where('email', '=', 'demo@kassa.local')
      .execute()
    const changed = await seedDemoIfEmpty(p.ctx)
    expect(changed?.password).toBeNull()
    const text = banner(p.ctx, changed, true)
    expect(text).not.toContain(password)
    expect(text).toContain('demo@kassa.local (its password was changed')
    expect(text).toContain(seeded!.sandbox_api_key)
  })
})
