import { expect } from 'vitest'

/** An error answer: the status and the stable machine `code` of the body, checked together. */
export function expectError(res: { statusCode: number; body: string }, status: number, code: string): void {
  let actual: unknown
  try {
    actual = (JSON.parse(res.body) as { code?: unknown }).code
  } catch {
    actual = `<not JSON: ${res.body.slice(0, 200)}>`
  }
  expect({ status: res.statusCode, code: actual }, res.body).toEqual({ status, code })
}
