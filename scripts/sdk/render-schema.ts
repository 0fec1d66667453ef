import openapiTS, { astToString } from 'openapi-typescript'

export const GENERATED_PATH = 'packages/kassa-node/src/generated/schema.ts'

const HEADER = `/**
 * GENERATED FILE — do not edit. \`npm run sdk:generate\` writes it from the OpenAPI document Kassa
 * serves at /api/schema/ (API-key operations only), with openapi-typescript. A test fails when this
 * file and the served document disagree.
 */

`

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

const usesApiKey = (operation: { security?: Record<string, unknown>[] }) =>
  (operation.security ?? []).some((requirement) => 'ApiKey' in requirement)

/**
 * The part of the document the SDK covers: every operation an API key may call. Dashboard (Token)
 * and buyer routes are left out, and so are the deployment-specific server URL and platform name.
 */
export function apiKeyDocument(doc: Record<string, any>): Record<string, any> {
  const paths: Record<string, any> = {}
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    const kept: Record<string, any> = {}
    for (const method of METHODS) if (item[method] && usesApiKey(item[method])) kept[method] = item[method]
    if (Object.keys(kept).length > 0) paths[path] = kept
  }
  return {
    openapi: doc.openapi,
    info: { title: 'Kassa API', version: doc.info?.version ?? '1.0.0' },
    components: {
      securitySchemes: { ApiKey: doc.components?.securitySchemes?.ApiKey },
      schemas: doc.components?.schemas ?? {},
    },
    paths,
  }
}

/** The TypeScript text of `packages/kassa-node/src/generated/schema.ts` for a served document. */
export async function renderSchema(doc: Record<string, any>): Promise<string> {
  const ast = await openapiTS(apiKeyDocument(doc) as any, { alphabetize: true })
  return HEADER + astToString(ast)
}
