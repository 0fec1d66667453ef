import client from 'prom-client'

/**
 * The process's Prometheus series that code increments as things happen (HTTP, webhooks, provider
 * calls, jobs). Series read from the database at scrape time (queue depth, payments by status) are
 * added by the /metrics plugin. One registry per process; every app instance in it shares these.
 */
export const registry = new client.Registry()
client.collectDefaultMetrics({ register: registry, prefix: 'kassa_' })

export const httpRequestDuration = new client.Histogram({
  name: 'kassa_http_request_duration_seconds',
  help: 'HTTP request duration by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
})

export const webhookAttempts = new client.Counter({
  name: 'kassa_webhook_attempts_total',
  help: 'Webhook delivery attempts by outcome (succeeded, http_error, network_error)',
  labelNames: ['outcome'] as const,
  registers: [registry],
})

export const webhookAttemptDuration = new client.Histogram({
  name: 'kassa_webhook_attempt_duration_seconds',
  help: 'Time the receiver took to answer a webhook attempt',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
  registers: [registry],
})

export const webhookDeliveryLag = new client.Histogram({
  name: 'kassa_webhook_delivery_lag_seconds',
  help: 'From the moment a delivery attempt was due to the moment it was made',
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers: [registry],
})

export const providerCallDuration = new client.Histogram({
  name: 'kassa_provider_call_duration_seconds',
  help: 'Payment provider calls by provider, operation and outcome (ok, error)',
  labelNames: ['provider', 'operation', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
})

export const providerCallErrors = new client.Counter({
  name: 'kassa_provider_call_errors_total',
  help: 'Payment provider calls that threw (network, timeout, processor down)',
  labelNames: ['provider', 'operation'] as const,
  registers: [registry],
})

export const jobsProcessed = new client.Counter({
  name: 'kassa_jobs_processed_total',
  help: 'Background jobs run by this process, by queue and outcome (completed, retried, dead)',
  labelNames: ['queue', 'outcome'] as const,
  registers: [registry],
})

/** Times a provider call into the two provider series; rethrows whatever the call throws. */
export async function timeProviderCall<T>(provider: string, operation: string, call: () => Promise<T>): Promise<T> {
  const end = providerCallDuration.startTimer({ provider, operation })
  try {
    const result = await call()
    end({ outcome: 'ok' })
    return result
  } catch (err) {
    end({ outcome: 'error' })
    providerCallErrors.inc({ provider, operation })
    throw err
  }
}

/** One webhook attempt into the three webhook series (outcome, receiver time, lag behind its due time). */
export function recordWebhookAttempt(
  statusCode: number | null,
  durationMs: number,
  dueAt: Date | null,
  attemptedAt: Date,
) {
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300
  webhookAttempts.inc({ outcome: ok ? 'succeeded' : statusCode !== null ? 'http_error' : 'network_error' })
  webhookAttemptDuration.observe(durationMs / 1000)
  if (dueAt) webhookDeliveryLag.observe(Math.max(0, attemptedAt.getTime() - new Date(dueAt).getTime()) / 1000)
}
