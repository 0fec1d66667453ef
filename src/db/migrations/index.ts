import type { Migration } from '../migrator.ts'
import * as core from './0001_core.ts'
import * as webhooks from './0004_webhooks.ts'

// Append new migrations here; never edit or reorder a landed one.
export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'core', up: core.up },
  { version: 4, name: 'webhooks', up: webhooks.up },
]
