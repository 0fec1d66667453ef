import type { Translator } from './i18n/index.ts'

// Minimal HTML templating for the hosted page: every interpolated value is escaped unless it is
// already `Html` built by this module. No framework, no client-side rendering of prices.

export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c])

type Part = Html | string | number | null | undefined | false | Part[]

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return ''
  if (Array.isArray(part)) return part.map(render).join('')
  if (part instanceof Html) return part.value
  return escapeHtml(String(part))
}

/** A message whose `{name}` placeholders take markup (e.g. a <strong> amount); the rest is escaped. */
export function htmlMessage(message: string, vars: Record<string, Html | string>): Html {
  return new Html(
    message
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1]
        return name && name in vars ? render(vars[name]) : escapeHtml(part)
      })
      .join(''),
  )
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]
  values.forEach((value, i) => (out += render(value) + strings[i + 1]))
  return new Html(out)
}

const LOCK = new Html(
  '<svg class="lock" aria-hidden="true" viewBox="0 0 16 16" width="14" height="14"><path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4Zm2 0h4V5a2 2 0 1 0-4 0v2Z"/></svg>',
)

export interface Layout {
  tr: Translator
  title: string
  platformName: string
  assetVersion: string
  sandbox: boolean
  body: Html
  withScript: boolean
}

export function layout(page: Layout): string {
  return (
    '<!doctype html>' +
    html`<html lang="${page.tr.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title}</title>
<link rel="stylesheet" href="/checkout/assets/checkout.css?v=${page.assetVersion}">
${page.withScript ? html`<script src="/checkout/assets/checkout.js?v=${page.assetVersion}" defer></script>` : null}
</head>
<body>
<header class="topbar">
  <span class="platform">${page.platformName}</span>
  ${page.sandbox ? html`<span class="badge">${page.tr.t('sandbox')}</span>` : null}
  <span class="secure">${LOCK} ${page.tr.t('secureCheckout')}</span>
</header>
${page.body}
<footer class="foot">${page.tr.t('poweredBy', { platform: page.platformName })}</footer>
</body>
</html>`.value
  )
}
