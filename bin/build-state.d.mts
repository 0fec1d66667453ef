// Types of bin/build-state.mjs for scripts/build.ts.
export const INSTALL_ROOT: string
export const BUILD_DIR: string
export const BUILD_ENTRY: string
export const BUILD_STAMP: string
export function sourceHash(): string | null
export function sourceFingerprint(): string[] | null
export function buildExists(): boolean
export function buildState(): { exists: boolean; current: boolean }
export function runBuild(args: string[]): Promise<void>
