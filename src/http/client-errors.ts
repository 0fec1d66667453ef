import type { Socket } from 'node:net'

// Errors Node's HTTP parser raises before Fastify sees a request (a request line or headers over the
// 16 KB limit, a malformed request): answered as {detail, code} like every other error.

const ANSWERS: Record<string, { status: number; reason: string; detail: string; code: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    detail: 'The request line and headers are larger than 16 KB.',
    code: 'request_header_fields_too_large',
  },
}
const BAD_REQUEST = { status: 400, reason: 'Bad Request', detail: 'Malformed HTTP request.', code: 'bad_request' }

export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const answer = ANSWERS[err.code ?? ''] ?? BAD_REQUEST
  const body = JSON.stringify({ detail: answer.detail, code: answer.code })
  socket.end(
    `HTTP/1.1 ${answer.status} ${answer.reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  )
}
