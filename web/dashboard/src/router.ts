import { useEffect, useState } from 'react'

// A tiny history router: the server answers index.html for every /dashboard/… path.
export const BASE = '/dashboard'

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', `${BASE}${path}`)
  else history.pushState(null, '', `${BASE}${path}`)
  dispatchEvent(new PopStateEvent('popstate'))
}

const read = () => location.pathname.slice(BASE.length).replace(/\/+$/, '') || '/'

/** The path under /dashboard, e.g. "/payments/TX123"; "/" for the overview. */
export function usePath(): string {
  const [path, setPath] = useState(read)
  useEffect(() => {
    const update = () => setPath(read())
    addEventListener('popstate', update)
    return () => removeEventListener('popstate', update)
  }, [])
  return path
}

/** "/payments/:id" against "/payments/TX1" → {id: "TX1"}; null when it does not match. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i])
    else if (want[i] !== got[i]) return null
  }
  return params
}
