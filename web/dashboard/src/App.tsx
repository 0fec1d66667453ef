import { useEffect, useRef, useState } from 'react'
import { api, getToken, setToken, whenSignedOut } from './api.ts'
import { Link } from './Link.tsx'
import { usePath } from './router.ts'
import type { Me } from './types.ts'
import { SignIn } from './pages/SignIn.tsx'
import { Overview } from './pages/Overview.tsx'
import { Payments } from './pages/Payments.tsx'
import { ApiKeys } from './pages/ApiKeys.tsx'
import { Products } from './pages/Products.tsx'
import { Settings } from './pages/Settings.tsx'
import { Webhooks } from './pages/Webhooks.tsx'
import { PaymentLinks } from './pages/PaymentLinks.tsx'

const SECTIONS = [
  { path: '/', label: 'Overview' },
  { path: '/payments', label: 'Payments' },
  { path: '/payment-links', label: 'Payment links' },
  { path: '/api-keys', label: 'API keys' },
  { path: '/products', label: 'Products' },
  { path: '/webhooks', label: 'Webhooks' },
  { path: '/settings', label: 'Settings' },
]

export function App() {
  const [platformName, setPlatformName] = useState('')
  const [signedIn, setSignedIn] = useState(getToken() !== null)
  const [me, setMe] = useState<Me | null>(null)

  useEffect(() => {
    whenSignedOut(() => setSignedIn(false))
    api<{ name: string }>('GET', 'platform/').then(
      (p) => setPlatformName(p.name),
      () => setPlatformName('Kassa'),
    )
  }, [])

  useEffect(() => {
    document.title = platformName ? `Dashboard · ${platformName}` : 'Dashboard'
  }, [platformName])

  useEffect(() => {
    if (!signedIn) return setMe(null)
    api<Me>('GET', 'auth/me/').then(setMe, () => {})
  }, [signedIn])

  if (!signedIn)
    return (
      <SignIn
        platformName={platformName}
        onSignedIn={(token) => {
          setToken(token)
          setSignedIn(true)
        }}
      />
    )

  const signOut = async () => {
    await api('POST', 'auth/logout/').catch(() => {})
    setToken(null)
    setSignedIn(false)
  }
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{platformName}</span>
        <span className="org" title={me?.email}>
          {me?.organization.name}
        </span>
        <button type="button" className="button-quiet" onClick={signOut}>
          Sign out
        </button>
      </header>
      <Layout me={me} />
    </div>
  )
}

function Layout({ me }: { me: Me | null }) {
  const path = usePath()
  const section =
    SECTIONS.find((s) => s.path !== '/' && (path === s.path || path.startsWith(`${s.path}/`)))?.path ?? '/'
  // After an in-app navigation, move focus to the new page's heading so screen readers announce it.
  const firstRender = useRef(true)
  // The server lists what the signed-in role may do; controls it may not use are hidden (the API refuses them anyway).
  const can = (permission: string) => me?.permissions.includes(permission) ?? false
  useEffect(() => {
    if (firstRender.current) firstRender.current = false
    else document.querySelector<HTMLElement>('main h1')?.focus()
  }, [path])
  return (
    <div className="layout">
      <nav aria-label="Dashboard" className="sidenav">
        {SECTIONS.map((s) => (
          <Link key={s.path} to={s.path} current={s.path === section}>
            {s.label}
          </Link>
        ))}
      </nav>
      <main className="content">
        {section === '/' && <Overview />}
        {section === '/payments' && <Payments id={path.split('/')[2]} />}
        {section === '/api-keys' && <ApiKeys canEdit={can('api_keys:write')} />}
        {section === '/products' && <Products canEdit={can('catalog:write')} />}
        {section === '/payment-links' && <PaymentLinks canEdit={can('payment_links:write')} />}
        {section === '/webhooks' && <Webhooks canEdit={can('webhooks:write')} />}
        {section === '/settings' && <Settings canEdit={can('organization:write')} />}
      </main>
    </div>
  )
}
