import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'

// Every relative link (and #anchor) in README.md and docs/**/*.md resolves, and every repository path
// a page names in backticks exists: no page points at a file that is not in the repository.

const root = join(import.meta.dirname, '..', '..')

function markdownFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(join(root, path)).isDirectory()) return markdownFiles(path)
    return name.endsWith('.md') ? [path] : []
  })
}

const pages = ['README.md', ...markdownFiles('docs')]

/** The page without fenced code blocks, so examples are not taken for links. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '')

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const [, heading] of prose(text).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    result.add(n === 0 ? base : `${base}-${n}`)
  }
  return result
}

function links(text: string): string[] {
  const withoutCode = prose(text).replace(/`[^`\n]*`/g, '')
  return [...withoutCode.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?: "[^"]*")?\)/g)].map((m) => m[1])
}

const REPO_PATH = /^(?:src|test|bench|scripts|web|docs|bin|packages|\.ci)\/[\w./-]*$/

function namedPaths(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).filter((p) => REPO_PATH.test(p) && !p.includes('/dist'))
}

describe.each(pages)('%s', (page) => {
  const text = readFileSync(join(root, page), 'utf8')

  test('every relative link resolves to a file (and heading) in the repository', () => {
    const broken: string[] = []
    for (const link of links(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue // https:, mailto:
      const [path, anchor] = link.split('#')
      const target = path === '' ? page : join(dirname(page), decodeURIComponent(path))
      if (!existsSync(join(root, target))) {
        broken.push(`${link}: no file ${relative(root, join(root, target))}`)
        continue
      }
      if (anchor && target.endsWith('.md') && !anchors(readFileSync(join(root, target), 'utf8')).has(anchor))
        broken.push(`${link}: no heading #${anchor} in ${target}`)
    }
    expect(broken).toEqual([])
  })

  test('every repository path it names exists', () => {
    expect(namedPaths(text).filter((p) => !existsSync(join(root, p)))).toEqual([])
  })
})

test('the anchors follow GitHub', () => {
  expect([
    ...anchors('# `kassa listen`: sandbox events\n## `refund.status_changed`\n## Retries\n## Retries\n'),
  ]).toEqual(['kassa-listen-sandbox-events', 'refundstatus_changed', 'retries', 'retries-1'])
})

test('the README stays short and cites no document outside the repository', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  expect(readme.split('\n').length).toBeLessThanOrEqual(200)
  // The product contract is not part of the repository: pages state its rules instead of citing it.
  const contract = ['PRODUCT', 'md'].join('.')
  for (const page of pages) expect(readFileSync(join(root, page), 'utf8')).not.toContain(contract)
})
