#!/usr/bin/env node
// Runs the build in dist/ (`npm run build`) when it was made from the sources beside it, or when there
// are no sources (the Docker image), so nothing is compiled at start and the install may be read-only;
// otherwise the TypeScript sources through tsx, so a clean clone needs no build step.
import { buildState, runBuild } from './build-state.mjs'

if (buildState().current) {
  await runBuild(process.argv.slice(2))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
