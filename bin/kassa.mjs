#!/usr/bin/env node
// Runs the build in dist/ (`npm run build`) when it was made from the sources beside it, so nothing is
// compiled at start; otherwise the TypeScript sources through tsx, so a clean clone needs no build step.
// NODE_ENV=production runs the build whenever there is one (the install may hold no sources, as in the
// Docker image, and may be read-only); without one it warns and runs the sources.
import { buildExists, buildState, runBuild } from './build-state.mjs'

const production = process.env.NODE_ENV === 'production'
if (production ? buildExists() : buildState().current) {
  await runBuild(process.argv.slice(2))
} else {
  if (production)
    process.stderr.write(
      'kassa: NODE_ENV=production without a build in dist/: running the sources (run `npm run build`)\n',
    )
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
