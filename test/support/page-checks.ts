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
