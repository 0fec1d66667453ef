/**
 * Delay before retry number `attempts` of a failed job: exponential (1 s, 2 s, 4 s … capped at
 * 10 min) with "equal jitter" — half fixed, half random — so jobs that failed together (a provider
 * outage) do not all come back in the same second.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(600_000, 1000 * 2 ** Math.max(0, attempts - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
