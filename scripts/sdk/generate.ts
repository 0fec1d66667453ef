// `npm run sdk:generate`: rewrites the SDK's generated types from the document Kassa serves.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { fetchServedSchema } from './served-schema.ts'
import { GENERATED_PATH, renderSchema } from './render-schema.ts'

const target = fileURLToPath(new URL(`../../${GENERATED_PATH}`, import.meta.url))
const text = await renderSchema(await fetchServedSchema())
writeFileSync(target, text)
process.stdout.write(`wrote ${GENERATED_PATH} (${text.split('\n').length} lines)\n`)
