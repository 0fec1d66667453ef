import { readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestPlatform, type TestPlatform } from '../support/platform.ts'
import { openApiBreakingChanges } from '../support/openapi-compat.ts'

// The baseline is the document served before the codebase restructuring (issue 9). It may only
// grow: `OPENAPI_BASELINE_WRITE=true npx vitest run test/api/openapi-compat.test.ts` rewrites it,
// and only after the current document passed the comparison, so a removal can never be recorded.
const baselineUrl = new URL('./openapi.baseline.json', import.meta.url)
const baseline = JSON.parse(readFileSync(baselineUrl, 'utf8'))

let p: TestPlatform
beforeAll(async () => {
  p = await createTestPlatform()
})
afterAll(() => p.close())

describe('OpenAPI compatibility', () => {
  test('the served document keeps every path, method, status, parameter and schema property of the baseline', async () => {
    const res = await p.app.inject({ url: '/api/schema/' })
    expect(res.statusCode).toBe(200)
    const current = res.json()
    expect(openApiBreakingChanges(baseline, current)).toEqual([])
    if (process.env.OPENAPI_BASELINE_WRITE === 'true')
      writeFileSync(baselineUrl, `${JSON.stringify(current, null, 2)}\n`)
  })

  test('the comparison reports removals and ignores additions', () => {
    const clone = () => structuredClone(baseline)
    expect(openApiBreakingChanges(baseline, clone())).toEqual([])

    const added = clone()
    added.paths['/api/new-thing/'] = { get: { responses: { 200: { description: 'x' } } } }
    const body = added.paths['/api/checkout/create/'].post.requestBody.content['application/json'].schema
    body.properties.currency.enum.push('GBP')
    body.properties.new_field = { type: 'string' }
    expect(openApiBreakingChanges(baseline, added)).toEqual([])

    const removedPath = clone()
    delete removedPath.paths['/api/transactions/{id}/']
    expect(openApiBreakingChanges(baseline, removedPath)).toEqual(['paths//api/transactions/{id}/: removed'])

    const removedStatus = clone()
    delete removedStatus.paths['/api/checkout/create/'].post.responses['201']
    expect(openApiBreakingChanges(baseline, removedStatus)).toHaveLength(1)

    const lostEnum = clone()
    lostEnum.paths['/api/checkout/create/'].post.requestBody.content[
      'application/json'
    ].schema.properties.currency.enum = ['USD']
    expect(openApiBreakingChanges(baseline, lostEnum).join('\n')).toMatch(/currency\/enum: lost "EUR"/)

    const lostRequired = clone()
    const required = lostRequired.paths['/api/checkout/create/'].post.requestBody.content['application/json'].schema
    required.required = required.required.filter((name: string) => name !== 'products')
    expect(openApiBreakingChanges(baseline, lostRequired).join('\n')).toMatch(/required: lost "products"/)

    const lostProperty = clone()
    const tx = lostProperty.paths['/api/transactions/{id}/'].get.responses['200'].content['application/json'].schema
    delete tx.properties.amount_usd
    expect(openApiBreakingChanges(baseline, lostProperty).join('\n')).toMatch(/properties\/amount_usd: removed/)

    // A property literally named "description" is a name, not prose: its removal is reported too.
    const lostDescription = clone()
    delete lostDescription.paths['/api/products/'].get.responses['200'].content['application/json'].schema.items
      .properties.description
    expect(openApiBreakingChanges(baseline, lostDescription).join('\n')).toMatch(/properties\/description: removed/)

    const lostParameter = clone()
    lostParameter.paths['/api/transactions/{id}/'].get.parameters = []
    expect(openApiBreakingChanges(baseline, lostParameter).join('\n')).toMatch(/lost parameter path:id/)

    // Only the listed corrections are accepted: the same tightening elsewhere is still a break.
    const tightened = clone()
    tightened.paths['/api/organization/'].patch.requestBody.content['application/json'].schema.additionalProperties =
      false
    expect(openApiBreakingChanges(baseline, tightened)).toEqual([])
    tightened.paths['/api/payment-links/{uuid}/'].patch.requestBody.content[
      'application/json'
    ].schema.additionalProperties = false
    expect(openApiBreakingChanges(baseline, tightened).join('\n')).toMatch(/payment-links.*additionalProperties/)

    const changedType = clone()
    changedType.paths['/api/transactions/{id}/'].get.responses['200'].content[
      'application/json'
    ].schema.properties.numeric_id.type = 'string'
    expect(openApiBreakingChanges(baseline, changedType)).toHaveLength(1)
  })
})
