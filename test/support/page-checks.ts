import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

// Browser checks every customer-facing page must pass: axe-core, no horizontal overflow, visible focus.

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/** axe-core's violations of impact serious or critical on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: any[] }> } }).axe
    const result = await axe.run(document)
    return result.violations.map((v) => ({
      id: v.id as string,
      impact: v.impact as string | null,
      help: v.help as string,
      nodes: (v.nodes as Array<{ target: string[] }>).map((n) => n.target.join(' ')),
    }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** How far the document is wider than the viewport, in CSS pixels (0 when nothing overflows). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

/**
 * Tabs through the page from the top and returns, for each element reached, its id (or text) and
 * whether its focus is visible (an outline or a focus ring drawn by box-shadow).
 */
export async function tabThrough(page: Page, presses = 20): Promise<Array<{ name: string; visible: boolean }>> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  const reached: Array<{ name: string; visible: boolean }> = []
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press('Tab')
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      if (!el || el === document.body) return null
      const style = getComputedStyle(el)
      const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0
      return { name: el.id || (el.textContent ?? '').trim(), visible: outline || style.boxShadow !== 'none' }
    })
    if (info && !reached.some((r) => r.name === info.name)) reached.push(info)
  }
  return reached
}

/**
 * Tabs through the whole page and reports every control Tab never reached and every element that took
 * focus without a visible indicator (an outline that is not transparent, or a box-shadow ring). Radio
 * buttons count once per group, as Tab enters a group once.
 */
export async function focusSweep(page: Page, limit = 300): Promise<{ unreached: string[]; noVisibleFocus: string[] }> {
  await page.evaluate(() => {
    // How a control is named in the report: tag, type and its label, aria-label or text.
    ;(window as unknown as { describeFocus: (e: Element) => string }).describeFocus = (el) => {
      const type = el.getAttribute('type')
      const name =
        el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? ''
      return `<${el.tagName.toLowerCase()}${type ? ` type=${type}` : ''}> ${name.trim().slice(0, 40)}`.trim()
    }
  })
  const expected = await page.evaluate(() => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]'
    const keys: Record<string, string> = {}
    document.querySelectorAll<HTMLElement>(selector).forEach((el, i) => {
      if ((el as HTMLButtonElement).disabled || el.tabIndex < 0 || el.closest('[inert]')) return
      if ((el as HTMLInputElement).type === 'hidden' || !el.checkVisibility({ visibilityProperty: true })) return
      const radio = el instanceof HTMLInputElement && el.type === 'radio'
      const key = radio ? `radio:${(el as HTMLInputElement).name}` : `el:${i}`
      el.dataset.focusKey = key
      keys[key] = (window as unknown as { describeFocus: (e: Element) => string }).describeFocus(el)
    })
    ;(document.activeElement as HTMLElement | null)?.blur()
    return keys
  })
  const waiting = new Set(Object.keys(expected))
  const noVisibleFocus: string[] = []
  for (let i = 0; i < limit && waiting.size > 0; i++) {
    await page.keyboard.press('Tab')
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      if (!el || el === document.body) return null
      const s = getComputedStyle(el)
      const clear = (c: string) => c === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(c)
      const outline = s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0 && !clear(s.outlineColor)
      const label = (window as unknown as { describeFocus: (e: Element) => string }).describeFocus(el)
      return { key: el.dataset.focusKey ?? label, label, visible: outline || s.boxShadow !== 'none' }
    })
    if (!focus) continue
    if (!focus.visible && !noVisibleFocus.includes(focus.label)) noVisibleFocus.push(focus.label)
    waiting.delete(focus.key)
  }
  return { unreached: [...waiting].map((key) => expected[key]), noVisibleFocus }
}

/** The outermost elements that stick out past the viewport's right edge (what makes a page overflow). */
export function elementsPastRightEdge(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`
    const out: string[] = []
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right
      const parent = el.parentElement
      if (right <= width + 0.5 || !parent) continue
      if (parent !== document.body && parent.getBoundingClientRect().right > width + 0.5) continue
      // Inside a scroll container it scrolls there, not the page; an absolutely positioned element may
      // escape it (its containing block can lie outside), so it stays on the list.
      let clipped = false
      for (let a: Element | null = parent; a && a !== document.body; a = a.parentElement)
        clipped ||= getComputedStyle(a).overflowX !== 'visible'
      if (clipped && !['absolute', 'fixed'].includes(getComputedStyle(el).position)) continue
      out.push(`${name(parent)} > ${name(el)} (right edge ${Math.round(right)}px)`)
    }
    return out.slice(0, 5)
  })
}
