import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { AppContext } from '../../context.ts'
import { Type } from '@sinclair/typebox'
import { errorResponses, IdParam } from '../../http/schemas.ts'
import {
  requireSession,
  sessionOf,
  SESSION_SECURITY,
  listSessions,
  revokeOwnSession,
  type RequestMeta,
} from '../auth/index.ts'
import * as s from './accounts.schemas.ts'
import { changePassword, login, logout, me, signup, verifyTwoFactorLogin } from './accounts.service.ts'
import { codeOf, disableTwoFactor, enableTwoFactor, setupTwoFactor } from './two-factor.service.ts'
const tags = ['Dashboard auth']
const metaOf = (request: FastifyRequest): RequestMeta => ({
  ip: request.ip,
  userAgent: request.headers['user-agent'] ?? null,
})

export const authRoutes =
  (ctx: AppContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const session = requireSession(ctx)

    app.post(
      '/auth/login/',
      {
        schema: {
          tags,
          summary: 'Sign in',
          security: [],
          description:
            'Email + password → a session token, or (2FA on) a challenge for POST /api/auth/2fa/verify/. Failures are throttled per account and per IP (429 with Retry-After); the message never says whether the email exists.',
          body: s.LoginBody,
          response: { 200: s.LoginResult, ...errorResponses(400, 401, 403, 429) },
        },
      },
      async (request) => login(ctx, request.body, metaOf(request)),
    )

    app.post(
      '/auth/2fa/verify/',
      {
        schema: {
          tags,
          summary: 'Second sign-in step: TOTP or recovery code',
          description: 'Wrong codes count toward the sign-in throttle (429 with Retry-After).',
          security: [],
          body: s.VerifyBody,
          response: { 200: s.SessionToken, ...errorResponses(400, 401, 429) },
        },
      },
      async (request) =>
        verifyTwoFactorLogin(ctx, { challenge: request.body.challenge, code: codeOf(request.body) }, metaOf(request)),
    )

    app.post(
      '/auth/2fa/setup/',
      {
        config: { answerHasSecret: true },
        onRequest: session,
        schema: {
          tags,
          summary: 'Start TOTP enrollment',
          description: 'A new secret (pending until enabled with a code), its otpauth:// URL and a QR code SVG.',
          security: SESSION_SECURITY,
          response: { 200: s.TwoFactorSetup, ...errorResponses(401, 409) },
        },
      },
      async (request) => setupTwoFactor(ctx, sessionOf(request)),
    )

    app.post(
      '/auth/2fa/enable/',
      {
        config: { answerHasSecret: true },
        onRequest: session,
        schema: {
          tags,
          summary: 'Confirm enrollment with a code; returns recovery codes once',
          security: SESSION_SECURITY,
          body: s.CodeBody,
          response: { 200: s.TwoFactorEnabled, ...errorResponses(400, 401, 409) },
        },
      },
      async (request) => enableTwoFactor(ctx, sessionOf(request), codeOf(request.body)),
    )

    app.post(
      '/auth/2fa/disable/',
      {
        onRequest: session,
        schema: {
          tags,
          summary: 'Turn 2FA off (needs a current code or a recovery code)',
          security: SESSION_SECURITY,
          body: s.CodeBody,
          response: { 200: s.TwoFactorDisabled, ...errorResponses(400, 401, 409) },
        },
      },
      async (request) => disableTwoFactor(ctx, sessionOf(request), codeOf(request.body)),
    )

    app.post(
      '/auth/logout/',
      {
        onRequest: session,
        preValidation: async (request) => {
          request.body ??= {}
        },
        schema: {
          tags,
          summary: 'Sign out (revokes this session token; `all: true` revokes every session of the user)',
          security: SESSION_SECURITY,
          body: s.LogoutBody,
          response: { 204: { type: 'null', description: 'Signed out.' }, ...errorResponses(400, 401) },
        },
      },
      async (request, reply) => {
        await logout(ctx, sessionOf(request), request.body.all === true)
        return reply.status(204).send()
      },
    )

    app.get(
      '/auth/sessions/',
      {
        onRequest: session,
        schema: {
          tags,
          summary: 'Your active sessions (devices)',
          security: SESSION_SECURITY,
          response: { 200: Type.Array(s.SessionInfo), ...errorResponses(401) },
        },
      },
      async (request) => listSessions(ctx, sessionOf(request)),
    )

    app.post(
      '/auth/sessions/:id/revoke/',
      {
        onRequest: session,
        schema: {
          tags,
          summary: 'Sign one of your sessions out',
          security: SESSION_SECURITY,
          params: IdParam,
          response: { 204: { type: 'null', description: 'Revoked.' }, ...errorResponses(401, 404) },
        },
      },
      async (request, reply) => {
        await revokeOwnSession(ctx, sessionOf(request), request.params.id)
        return reply.status(204).send()
      },
    )

    app.get(
      '/auth/me/',
      {
        onRequest: session,
        schema: {
          tags,
          summary: 'The signed-in user, role and organization',
          security: SESSION_SECURITY,
          response: { 200: s.Me, ...errorResponses(401) },
        },
      },
      async (request) => me(ctx, sessionOf(request)),
    )

    app.post(
      '/auth/password/',
      {
        onRequest: session,
        schema: {
          tags,
          summary: 'Change password (signs out every other session)',
          security: SESSION_SECURITY,
          body: s.PasswordBody,
          response: { 200: s.PasswordChanged, ...errorResponses(400, 401) },
        },
      },
      async (request) => changePassword(ctx, sessionOf(request), request.body),
    )

    app.post(
      '/auth/signup/',
      {
        schema: {
          tags,
          summary: 'Sign up: a new organization and its owner (ALLOW_SIGNUP=true only)',
          security: [],
          body: s.SignupBody,
          response: { 201: s.SignupResult, ...errorResponses(400, 403, 409) },
        },
      },
      async (request, reply) => reply.status(201).send(await signup(ctx, request.body, metaOf(request))),
    )
  }
