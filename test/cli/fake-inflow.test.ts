import { spawn } from 'node:child_process'
import { expect, test } from 'vitest'

// `kassa dev fake-inflow` as a real process: it prints where it listens and serves Inflow's API there.

test('kassa dev fake-inflow --port 0 --json serves the documented API and stops on SIGTERM', async () => {
  const secret = `whsec_${Buffer.from('cli-fake-inflow-secret-0123456789').toString('base64')}`
  const child = spawn(
    process.execPath,
    [
      'bin/kassa.mjs',
      'dev',
      'fake-inflow',
      '--port',
      '0',
      '--webhook-url',
      'http://127.0.0.1:9/hook',
      '--webhook-secret',
      secret,
      '--api-key',
      'k_cli',
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  try {
    const first = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
        if (out.includes('\n')) resolve(out.split('\n')[0])
      })
      child.once('exit', (code) => reject(new Error(`exited ${code}`)))
    })
    const started = JSON.parse(first)
    expect(started).toMatchObject({ apiKey: 'k_cli', webhookUrl: 'http://127.0.0.1:9/hook', webhookSecret: secret })
    const unauthorized = await fetch(`${started.url}/api/payment/pay_x`)
    expect(unauthorized.status).toBe(401)
    const missing = await fetch(`${started.url}/api/payment/pay_x`, { headers: { 'X-Inflow-Api-Key': 'k_cli' } })
    expect(missing.status).toBe(404)
  } finally {
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
}, 30_000)
