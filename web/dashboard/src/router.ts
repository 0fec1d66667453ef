import { useEffect, useState } from 'react'

// A tiny history router: the server answers index.html for every /dashboard/… path.
export const BASE = '/dashboard'

export function navigate(path: string): void {
  history.pushState(null, '', `${BASE}${path}`)
  dispatchEvent(new PopStateEvent('popstate'))
}

/** The path under /dashboard, e.g. "/payments/TX123"; "/" for the overview. */
export function usePath(): string {
  const read = () => location.pathname.slice(BASE.length).replace(/\/+$/, '') || '/'
  const [path, setPath] = useState(read)
  useEffect(() => {
    const update = () => setPath(read())
    addEventListener('popstate', update)
    return () => removeEventListener('popstate', update)
  }, [])
  return path
}
