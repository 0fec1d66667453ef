import { describe, expect, test } from 'vitest'
import { pageOfMatches } from './paging.ts'

const matches = [
  { id: 4, key: 20 },
  { id: 1, key: 10 },
  { id: 3, key: 20 },
  { id: 2, key: 30 },
  { id: 5, key: 10 },
]

describe('pageOfMatches', () => {
  test('orders by the key, ties by id, in either direction', () => {
    expect(pageOfMatches(matches, 'asc', 10, 0)).toEqual([1, 5, 3, 4, 2])
    expect(pageOfMatches(matches, 'desc', 10, 0)).toEqual([2, 4, 3, 5, 1])
  })

  test('pages by offset and by keyset', () => {
    expect(pageOfMatches(matches, 'asc', 2, 2)).toEqual([3, 4])
    expect(pageOfMatches(matches, 'asc', 2, 0, 5)).toEqual([3, 4])
    expect(pageOfMatches(matches, 'desc', 2, 0, 1)).toEqual([])
    expect(pageOfMatches(matches, 'asc', 2, 10)).toEqual([])
  })

  test('orders dates by time', () => {
    const dated = [
      { id: 1, key: new Date('2026-02-01T00:00:00Z') },
      { id: 2, key: new Date('2026-01-01T00:00:00Z') },
    ]
    expect(pageOfMatches(dated, 'asc', 5, 0)).toEqual([2, 1])
  })

  test('null when the cursor is not a match (the caller pages in the database)', () => {
    expect(pageOfMatches(matches, 'asc', 2, 0, 99)).toBeNull()
  })
})
