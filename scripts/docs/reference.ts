// The generated reference pages: errors, configuration, CLI and webhook events, each built from the
// code that defines them. `npm run docs:generate` writes them; test/docs/reference.test.ts fails when
// a committed page differs from what this produces.
import type { TSchema } from '@sinclair/typebox'
import { COMMANDS } from '../../src/cli/commands.ts'
import { CONFIG_VARIABLES, type ConfigVariable } from '../../src/config.ts'
import { ERROR_CATALOGUE } from '../../src/lib/error-catalogue.ts'
import { EVENT_SCHEMAS } from '../../src/modules/events/events.schemas.ts'

const GENERATED = (source: string) =>
  `<!-- Generated from ${source} by \`npm run docs:generate\`. Do not edit: change the code and regenerate. -->`

/** A table cell: pipes escaped (also inside code spans, as GitHub's tables need), no line breaks. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
const table = (head: string[], rows: string[][]) => [
  `| ${head.join(' | ')} |`,
  `|${head.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
]

function errorsPage(): string {
  const rows = Object.entries(ERROR_CATALOGUE)
    .sort(([, a], [, b]) => a.status - b.status)
    .map(([code, { status, title }]) => [`\`${code}\``, String(status), title])
  return [
    GENERATED('`src/lib/error-catalogue.ts`'),
    '',
    '# Errors',
    '',
    'Every 4xx and 5xx answer has the body `{"detail": "<human message>", "code": "<stable code>"}`;',
    'validation failures add `"errors": {"<field path>": ["<message>", …]}` naming every failing field',
    '(`products.0.quantity`). A 5xx says only `Internal server error.` and carries a `request_id` that is',
    'also in the `X-Request-Id` header and on every log line of the request. Answers with `429` carry',
    '`Retry-After` (seconds). Match on `code`, never on `detail`: the code and its status are stable, the',
    'message may be reworded.',
    '',
    'Each code has exactly one HTTP status.',
    '',
    ...table(['Code', 'Status', 'When'], rows),
    '',
    'See also [API conventions](api-conventions.md).',
    '',
  ].join('\n')
}

function configType(v: ConfigVariable): string {
  if (v.type === 'integer' && v.min !== undefined) return `integer ${v.min}–${v.max}`
  if (v.type.includes('|'))
    return v.type
      .split('|')
      .map((t) => `\`${t}\``)
      .join(', ')
  return v.type
}

function configurationPage(): string {
  const rows = (audience: ConfigVariable['audience']) =>
    Object.entries(CONFIG_VARIABLES as Record<string, ConfigVariable>)
      .filter(([, v]) => v.audience === audience)
      .map(([name, v]) => [`\`${name}\``, configType(v), `\`${v.default}\``, v.description])
  const head = ['Variable', 'Type', 'Default', 'Meaning']
  return [
    GENERATED('`src/config.ts`'),
    '',
    '# Configuration',
    '',
    'Every setting comes from the environment and is read in one place (`src/config.ts`). It is validated at',
    'start: a bad value stops the start with a message naming the variable. Values are never logged.',
    'Booleans accept `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`.',
    '',
    '## Server and commands',
    '',
    '`kassa serve`, `kassa worker`, `kassa migrate` and the operator commands read these.',
    '',
    ...table(head, rows('server')),
    '',
    '## `kassa listen`',
    '',
    'A client of a running Kassa server; it reads only these.',
    '',
    ...table(head, rows('cli')),
    '',
    '## Development tools',
    '',
    'Read only by the scripts that maintain the repository.',
    '',
    ...table(head, rows('tooling')),
    '',
    'How to set them for a deployment: [Configuration](../self-hosting/configuration.md).',
    '',
  ].join('\n')
}

function cliPage(): string {
  // Summaries are plain text (`--id <delivery uuid>`): keep their angle brackets from being read as HTML.
  const rows = Object.entries(COMMANDS).map(([name, c]) => [
    `\`kassa ${name}\``,
    c.summary.replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  ])
  return [
    GENERATED('the command table in `src/cli/commands.ts`'),
    '',
    '# CLI',
    '',
    "Run `npx kassa <command>` (the package's `bin`; `npx kassa --help` prints this list). Every command",
    'takes `--json` and then prints exactly one JSON object on stdout (`kassa listen`: one per event).',
    'Errors exit non-zero with a message on stderr; a usage error exits 2. Commands use the same',
    'configuration as the server (`DATABASE_URL` or `DATA_DIR`; see [Configuration](configuration.md)).',
    '',
    ...table(['Command', 'Options and what it does'], rows),
    '',
  ].join('\n')
}

interface JsonSchema {
  type?: string
  format?: string
  const?: unknown
  anyOf?: JsonSchema[]
  items?: JsonSchema
  properties?: Record<string, JsonSchema>
  description?: string
}

function typeOf(s: JsonSchema): string {
  if (s.anyOf) {
    if (s.anyOf.every((o) => o.const !== undefined)) return s.anyOf.map((o) => `\`${String(o.const)}\``).join(', ')
    return s.anyOf.map(typeOf).join(' or ')
  }
  if (s.type === 'array') return `array of ${s.items?.type === 'object' ? 'objects (below)' : typeOf(s.items ?? {})}`
  return s.format ? `${s.type} (${s.format})` : String(s.type)
}

function fieldRows(schema: JsonSchema, prefix = ''): { rows: string[][]; nested: [string, JsonSchema][] } {
  const nested: [string, JsonSchema][] = []
  const rows = Object.entries(schema.properties ?? {}).map(([name, field]) => {
    if (field.type === 'array' && field.items?.type === 'object') nested.push([`${prefix}${name}[]`, field.items])
    return [`\`${prefix}${name}\``, typeOf(field), field.description ?? '']
  })
  return { rows, nested }
}

function eventsPage(): string {
  const sections = Object.entries(EVENT_SCHEMAS as Record<string, TSchema>).flatMap(([type, schema]) => {
    const { rows, nested } = fieldRows(schema as JsonSchema)
    return [
      `## \`${type}\``,
      '',
      (schema as JsonSchema).description ?? '',
      '',
      ...table(['Field', 'Type', 'Meaning'], rows),
      '',
      ...nested.flatMap(([name, items]) => [
        `Each item of \`${name.replace(/\[\]$/, '')}\`:`,
        '',
        ...table(['Field', 'Type', 'Meaning'], fieldRows(items).rows),
        '',
      ]),
    ]
  })
  return [
    GENERATED('the event schemas in `src/modules/events/events.schemas.ts`'),
    '',
    '# Webhook events',
    '',
    'Every event Kassa records, with every field of its JSON payload. Each payload carries `event` (its',
    'type) and a stable `event_id`. Events are written to an outbox in the same database transaction as',
    'the change they describe. How they are delivered, signed and retried:',
    '[Webhooks](../guides/webhooks.md).',
    '',
    ...sections,
  ].join('\n')
}

/** Every generated page, by path from the repository root. */
export function referencePages(): Record<string, string> {
  return {
    'docs/reference/errors.md': errorsPage(),
    'docs/reference/configuration.md': configurationPage(),
    'docs/reference/cli.md': cliPage(),
    'docs/reference/events.md': eventsPage(),
  }
}
