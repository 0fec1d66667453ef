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

export type Query = Record<string, string | number | boolean | undefined | null>

/** `/api/<path>?<query>`, empty values left out (an empty filter means "any"). */
export function apiUrl(path: string, query: Query = {}): URL {
  const url = new URL(`/api/${path.replace(/^\//, '')}`, location.origin)
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v))
  return url
}

type RequestOptions = { body?: unknown; query?: Query; headers?: Record<string, string> }

async function request(method: string, path: string, options: RequestOptions) {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  if (token) headers.authorization = `Token ${token}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(apiUrl(path, options.query), {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
  if (response.status === 204) return { response, data: undefined }
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
  return { response, data }
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  return (await request(method, path, options)).data as T
}

export interface Page<T> {
  items: T[]
  /** X-Total-Count: matches across every page. */
  total: number
}

/** A paged list: the items and the X-Total-Count header the server sends with them. */
export async function apiPage<T>(path: string, query: Query = {}): Promise<Page<T>> {
  const { response, data } = await request('GET', path, { query })
  const items = (data ?? []) as T[]
  const total = Number(response.headers.get('x-total-count') ?? items.length)
  return { items, total: Number.isFinite(total) ? total : items.length }
}

/** Downloads a file the server streams (e.g. a CSV export) with the session's credentials. */
export async function download(path: string, query: Query, filename: string): Promise<void> {
  const response = await fetch(apiUrl(path, query), {
    headers: token ? { authorization: `Token ${token}` } : {},
  })
  if (!response.ok) {
    const data = await response.json().catch(() => null)
    throw new ApiError(response.status, data?.code ?? 'http_error', data?.detail ?? 'The download failed.')
  }
  const url = URL.createObjectURL(await response.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
