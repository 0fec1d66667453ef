// `npm start` (`npm start -- --no-worker` passes options on): `kassa serve` from the build in dist/.
// The first start, and the first after the sources changed, builds it (`npm run build`, in a child
// process, so the server never holds Vite or esbuild); every later start runs it at once.
import { spawnSync } from 'node:child_process'
import { buildState, INSTALL_ROOT, runBuild } from '../bin/build-state.mjs'

const { exists, current } = buildState()
if (!current) {
  process.stderr.write(
    exists
      ? 'The sources changed since the last build: rebuilding dist/ …\n'
      : 'First start: building Kassa into dist/ (once; later starts reuse it) …\n',
  )
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
    cwd: INSTALL_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (built.status !== 0) process.exit(built.status ?? 1)
}
await runBuild(['serve', ...process.argv.slice(2)])
