import { useEffect, useRef, useState, type ReactNode } from 'react'
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query'
import { api, getToken, setToken, whenSignedOut } from './api.ts'
import { EnvironmentProvider, EnvironmentSwitch, useEnvironment } from './environment.tsx'
import { Link } from './Link.tsx'
import { GlobalSearch } from './components/GlobalSearch.tsx'
import { queryClient, useApi } from './queries.ts'
import { matchRoute, navigate, usePath } from './router.ts'
import type { Me } from './types.ts'
import { SignIn } from './pages/SignIn.tsx'
import { AcceptInvitation } from './pages/AcceptInvitation.tsx'
import { NotFound } from './pages/NotFound.tsx'
import { ROUTES, SECTIONS } from './routes.tsx'

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <EnvironmentProvider>
        <Root />
      </EnvironmentProvider>
    </QueryClientProvider>
  )
}

function Root() {
  const path = usePath()
  const [signedIn, setSignedIn] = useState(getToken() !== null)
  const platform = useApi<{ name: string }>('platform/')
  const platformName = platform.data?.name ?? (platform.isError ? 'Kassa' : '')
  const client = useQueryClient()

  useEffect(() => {
    whenSignedOut(() => {
      client.clear()
      setSignedIn(false)
    })
  }, [client])
  useEffect(() => {
    document.title = platformName ? `Dashboard · ${platformName}` : 'Dashboard'
  }, [platformName])

  const enter = (token: string) => {
    client.clear()
    setToken(token)
    setSignedIn(true)
  }
  // The invitation link works signed in or out: accepting signs the invitee in as the new member.
  if (path === '/accept-invitation')
    return (
      <AcceptInvitation
        platformName={platformName}
        onAccepted={(token) => {
          enter(token)
          navigate('/', { replace: true })
        }}
      />
    )
  if (!signedIn) return <SignIn platformName={platformName} onSignedIn={enter} />

  const signOut = async () => {
    await api('POST', 'auth/logout/').catch(() => {})
    setToken(null)
    client.clear()
    setSignedIn(false)
  }
  return <Shell platformName={platformName} path={path} onSignOut={signOut} />
}

function Shell({ platformName, path, onSignOut }: { platformName: string; path: string; onSignOut: () => void }) {
  const me = useApi<Me>('auth/me/')
  const { environment } = useEnvironment()
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">{platformName}</span>
        <span className="org" title={me.data?.email}>
          {me.data?.organization.name}
          {me.data && <span className="muted small"> · {me.data.role}</span>}
        </span>
        <GlobalSearch />
        <EnvironmentSwitch />
        <button type="button" className="button-quiet" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {environment === 'sandbox' && (
        <p className="test-mode" role="note">
          <strong>Test mode</strong> — you are seeing sandbox data; nothing here moves real money.
        </p>
      )}
      <Layout me={me.data ?? null} path={path} />
    </div>
  )
}

function Layout({ me, path }: { me: Me | null; path: string }) {
  // After an in-app navigation, move focus to the new page's heading so screen readers announce it.
  const firstRender = useRef(true)
  useEffect(() => {
    if (firstRender.current) firstRender.current = false
    else document.querySelector<HTMLElement>('main h1')?.focus()
  }, [path])
  // The server lists what the signed-in role may do; controls it may not use are hidden (the API refuses them anyway).
  const can = (permission: string) => me?.permissions.includes(permission) ?? false
  let page: ReactNode = null
  for (const route of ROUTES) {
    const params = matchRoute(route.path, path)
    if (params) {
      page = route.render(params, { can, me })
      break
    }
  }
  const section = SECTIONS.flatMap((g) => g.links).find(
    (s) => path === s.path || (s.path !== '/' && path.startsWith(`${s.path}/`)),
  )?.path
  return (
    <div className="layout">
      <nav aria-label="Dashboard" className="sidenav">
        {SECTIONS.map((group) => (
          <div key={group.label} className="nav-group">
            {group.label && <p className="nav-group-label">{group.label}</p>}
            {group.links
              .filter((s) => !s.permission || can(s.permission))
              .map((s) => (
                <Link key={s.path} to={s.path} current={s.path === section}>
                  {s.label}
                </Link>
              ))}
          </div>
        ))}
      </nav>
      <main className="content" id="main">
        {page ?? <NotFound />}
      </main>
    </div>
  )
}
