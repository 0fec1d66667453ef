import Ajv from 'ajv'
import addFormats from 'ajv-formats'
import type { TSchema } from '@sinclair/typebox'

const ajv = new Ajv.default({ allErrors: true, strict: false })
addFormats.default(ajv)

/** Validation errors of `value` against a TypeBox schema (as the HTTP layer checks it); [] when valid. */
export function schemaErrors(schema: TSchema, value: unknown): string[] {
  const validate = ajv.compile(schema)
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)
}
