import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Where the install's files are. This module is src/lib/install-layout.ts in the sources and part of
// dist/server/*.mjs in the build (`npm run build`): both two folders below the install directory.
const here = import.meta.url

export const INSTALL_ROOT = fileURLToPath(new URL('../../', here))
/** dist/: the server bundle (server/), the checkout page's assets (checkout/) and the dashboard (dashboard/). */
export const BUILD_DIR = join(INSTALL_ROOT, 'dist')
/**
 * True when this process runs the build rather than the TypeScript sources: it then builds nothing and
 * writes nothing under the install directory, which may be read-only and may hold no sources at all.
 */
export const RUNNING_FROM_BUILD = !here.endsWith('.ts')
