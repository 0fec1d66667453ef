import type { Migration } from '../migrator.ts'
import * as core from './0001_core.ts'
import * as dashboard from './0005_dashboard.ts'

// Append new migrations here; never edit or reorder a landed one.
export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'core', up: core.up },
  { version: 5, name: 'dashboard', up: dashboard.up },
]
