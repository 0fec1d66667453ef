import { vi } from 'vitest'

/**
 * Polls `condition` until it returns something truthy (which is returned), instead of sleeping a fixed
 * time and hoping. Fails with `message` after `timeout` ms.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  {
    timeout = 5_000,
    interval = 20,
    message = 'condition',
  }: { timeout?: number; interval?: number; message?: string } = {},
): Promise<NonNullable<T>> {
  return vi.waitFor(
    async () => {
      const value = await condition()
      if (!value) throw new Error(`timed out after ${timeout} ms waiting for ${message}`)
      return value as NonNullable<T>
    },
    { timeout, interval },
  )
}
