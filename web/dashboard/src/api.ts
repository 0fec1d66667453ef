// The dashboard's only door to the server: JSON over fetch with `Authorization: Token <token>`.
// The token lives in memory and in sessionStorage (survives a reload, not a closed tab).

const TOKEN_KEY = 'kassa.dashboard.token'
let token: string | null = sessionStorage.getItem(TOKEN_KEY)
let onSignedOut: () => void = () => {}

export const getToken = () => token

export function setToken(value: string | null): void {
  token = value
  if (value) sessionStorage.setItem(TOKEN_KEY, value)
  else sessionStorage.removeItem(TOKEN_KEY)
}

/** Called when the server answers 401 to a signed-in request (expired or revoked session). */
export function whenSignedOut(callback: () => void): void {
  onSignedOut = callback
}

/** The platform's error body: `{detail, code, errors?}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(detail)
  }
}

type Query = Record<string, string | number | undefined>

export async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; query?: Query } = {},
): Promise<T> {
  const url = new URL(`/api/${path.replace(/^\//, '')}`, location.origin)
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined && v !== '') url.searchParams.set(k, String(v))
  const headers: Record<string, string> = { accept: 'application/json' }
  if (token) headers.authorization = `Token ${token}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(url, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  if (response.status === 204) return undefined as T
  const data = await response.json().catch(() => null)
  if (!response.ok) {
    if (response.status === 401 && token) {
      setToken(null)
      onSignedOut()
    }
    throw new ApiError(
      response.status,
      data?.code ?? 'http_error',
      data?.detail ?? `Request failed (${response.status}).`,
      data?.errors,
    )
  }
  return data as T
}
