/** What the SDK keeps of an answer besides its body (non-enumerable `lastResponse` on every result). */
export interface ResponseMeta {
  status: number
  headers: Headers
  requestId: string | undefined
  /** The Idempotency-Key this POST was sent with (generated unless given). */
  idempotencyKey: string | undefined
  /** True when the server replayed a stored answer for this Idempotency-Key (`Idempotent-Replayed: true`). */
  replayed: boolean
}

export type WithResponse<T> = T & { readonly lastResponse: ResponseMeta }

export function responseMeta(response: Response, idempotencyKey: string | undefined): ResponseMeta {
  return {
    status: response.status,
    headers: response.headers,
    requestId: response.headers.get('x-request-id') ?? undefined,
    idempotencyKey,
    replayed: response.headers.get('idempotent-replayed') === 'true',
  }
}

/** Attaches `lastResponse` without making it part of the object's JSON or equality. */
export function withResponse<T extends object>(body: T, meta: ResponseMeta): WithResponse<T> {
  Object.defineProperty(body, 'lastResponse', { value: meta, enumerable: false })
  return body as WithResponse<T>
}
