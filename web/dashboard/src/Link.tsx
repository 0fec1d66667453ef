import type { MouseEvent, ReactNode } from 'react'
import { BASE, navigate } from './router.ts'

export function Link({
  to,
  children,
  current,
  className,
}: {
  to: string
  children: ReactNode
  current?: boolean
  className?: string
}) {
  const follow = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return
    e.preventDefault()
    navigate(to)
  }
  return (
    <a
      href={`${BASE}${to === '/' ? '/' : to}`}
      onClick={follow}
      aria-current={current ? 'page' : undefined}
      className={className}
    >
      {children}
    </a>
  )
}
