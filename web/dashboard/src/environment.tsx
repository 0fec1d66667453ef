import { createContext, useContext, useState, type ReactNode } from 'react'
import type { Environment } from './types.ts'
import { InlineField } from './ui.tsx'

// One environment switch for the whole app (header), remembered across visits; every page reads it.
const KEY = 'kassa.dashboard.environment'

const EnvironmentContext = createContext<{ environment: Environment; setEnvironment: (e: Environment) => void }>({
  environment: 'sandbox',
  setEnvironment: () => {},
})

const stored = (): Environment => (localStorage.getItem(KEY) === 'production' ? 'production' : 'sandbox')

export function EnvironmentProvider({ children }: { children: ReactNode }) {
  const [environment, set] = useState<Environment>(stored)
  const setEnvironment = (next: Environment) => {
    localStorage.setItem(KEY, next)
    set(next)
  }
  return <EnvironmentContext.Provider value={{ environment, setEnvironment }}>{children}</EnvironmentContext.Provider>
}

export const useEnvironment = () => useContext(EnvironmentContext)

export function EnvironmentSwitch() {
  const { environment, setEnvironment } = useEnvironment()
  return (
    <InlineField label="Environment" className="env-switch">
      <select value={environment} onChange={(e) => setEnvironment(e.target.value as Environment)}>
        <option value="sandbox">Sandbox</option>
        <option value="production">Production</option>
      </select>
    </InlineField>
  )
}
