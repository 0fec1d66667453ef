import { Type } from '@sinclair/typebox'
import { DateTime, Nullable, StringEnum } from '../../http/schemas.ts'
import { API_KEY_SCOPES, ENVIRONMENTS } from './api-keys.service.ts'

export const ApiKeyMetadata = Type.Object(
  {
    id: Type.Integer(),
    name: Nullable(Type.String()),
    prefix: Type.String({ description: 'First characters of the key, to recognise it (sk_test_… / sk_live_…).' }),
    scopes: Type.Array(Type.String(), { description: 'Empty = every scope (legacy).' }),
    status: StringEnum(['active', 'revoked', 'expired'] as const),
    environment: StringEnum(ENVIRONMENTS),
    last_used_at: Nullable(DateTime),
    created_at: DateTime,
    expires_at: Nullable(DateTime),
    revoked_at: Nullable(DateTime),
  },
  { title: 'ApiKey' },
)

export const ApiKeyWithSecret = Type.Object(
  {
    ...ApiKeyMetadata.properties,
    raw_key: Type.String({ description: 'The key itself. Shown once: only its hash is stored.' }),
  },
  { title: 'ApiKeyWithSecret' },
)

export const ApiKeyRotated = Type.Object(
  {
    ...ApiKeyWithSecret.properties,
    rotated_from: ApiKeyMetadata,
  },
  { title: 'ApiKeyRotated' },
)

export const ApiKeyCreateBody = Type.Object({
  environment: StringEnum(ENVIRONMENTS),
  scopes: Type.Array(StringEnum(API_KEY_SCOPES), { maxItems: 10, description: 'Empty list = every scope.' }),
  name: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
})

export const ApiKeyRotateBody = Type.Object({
  id: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[1-9][0-9]{0,15}$' })], {
      description: 'Key to replace; default the newest active key (of `environment` when given).',
    }),
  ),
  environment: Type.Optional(
    StringEnum(ENVIRONMENTS, { description: 'Only with no id: pick the newest active key of this environment.' }),
  ),
  overlap_minutes: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 10_080,
      description: 'Minutes the old key keeps working (max 7 days); 0 or omitted revokes it now.',
    }),
  ),
  overlap_seconds: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 604_800, description: 'The same window in seconds (give one of the two).' }),
  ),
})

export const ApiKeyListQuery = Type.Object({
  environment: Type.Optional(StringEnum(ENVIRONMENTS, { description: 'Only keys of this environment; default both.' })),
})
