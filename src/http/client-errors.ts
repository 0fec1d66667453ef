import type { Socket } from 'node:net'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ERROR_CATALOGUE, type ErrorCode } from '../lib/error-catalogue.ts'

/** Node's HTTP parser limit on the request line plus headers (its `maxHeaderSize` default). */
export const MAX_HEADER_BYTES = 16 * 1024

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
}

function answerFor(err: NodeJS.ErrnoException): { code: ErrorCode; detail: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return {
      code: 'request_header_too_large',
      detail: `The request line and headers exceed ${MAX_HEADER_BYTES / 1024} KB.`,
    }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { code: 'request_timeout', detail: 'The request timed out.' }
  return { code: 'bad_request', detail: 'The HTTP request could not be parsed.' }
}

/**
 * Fastify's `clientErrorHandler`: a request Node's parser refuses before any route sees it (headers over
 * 16 KB, a malformed request line, a timeout) still answers Kassa's `{detail, code}` body, then closes.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const { code, detail } = answerFor(err)
  const status = ERROR_CATALOGUE[code].status
  const body = JSON.stringify({ detail, code })
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

/**
 * Fastify's `frameworkErrors`: URLs its router refuses before any route or hook runs (malformed
 * percent-encoding, a path segment over `maxParamLength`) answer 400 `bad_request` in Kassa's shape.
 */
export function frameworkErrors(error: Error & { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The URL is not valid: a path segment has a malformed percent-encoding.'
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? `A path segment is longer than ${MAX_HEADER_BYTES} characters.`
        : 'The request could not be routed.'
  reply.status(400).send({ detail, code: 'bad_request' })
}
