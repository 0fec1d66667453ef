import { expect, test } from 'vitest'
import { nextLink } from '../src/paging.ts'
import { parseEventStream } from '../src/webhooks/stream.ts'

// The two wire formats the SDK parses itself: RFC 8288 Link headers and server-sent events.

test('nextLink finds rel="next" among other relations, in any order and quoting', () => {
  const header =
    '<https://pay.example/api/refunds/?page=1&page_size=2>; rel="first", <https://pay.example/api/refunds/?search=a%2Cb&page=3&page_size=2>; rel="next", <https://pay.example/api/refunds/?page=9>; rel="last"'
  expect(nextLink(header)?.searchParams.get('page')).toBe('3')
  expect(nextLink(header)?.searchParams.get('search')).toBe('a,b')
  expect(nextLink('<https://x/?page=2>; rel=next')?.searchParams.get('page')).toBe('2')
  expect(nextLink('<https://x/?page=2>; title="n"; rel="prefetch next"')?.searchParams.get('page')).toBe('2')
  expect(nextLink('<https://x/?page=1>; rel="prev", <https://x/?page=1>; rel="first"')).toBeNull()
  expect(nextLink(null)).toBeNull()
})

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk))
      controller.close()
    },
  })
}

test('parseEventStream: events split across chunks, CRLF, comments, multi-line data, no-data blocks skipped', async () => {
  const events = []
  for await (const e of parseEventStream(
    streamOf(
      'retry: 2000\n\nevent: ready\ndata: {"a":',
      '1}\n\n: keep-alive\n\n',
      'id: evt_1\r\nevent: x\r',
      '\ndata: l1\r\ndata: l2\r\n\r\n',
    ),
  ))
    events.push(e)
  expect(events).toEqual([
    { event: 'ready', data: '{"a":1}' },
    { id: 'evt_1', event: 'x', data: 'l1\nl2' },
  ])
})
