import { Type } from '@sinclair/typebox'
import { DateTime, StringEnum } from '../../http/schemas.ts'
import { ROLES } from '../auth/index.ts'
export const Email = Type.String({ minLength: 3, maxLength: 254, format: 'email' })
const Password = Type.String({ minLength: 1, maxLength: 200 })
const Code = Type.String({
  minLength: 6,
  maxLength: 32,
  description: 'A 6-digit TOTP code, or one of the recovery codes (usable once each).',
})

export const LoginBody = Type.Object({ email: Type.String({ minLength: 1, maxLength: 254 }), password: Password })

export const SessionToken = Type.Object(
  {
    token: Type.String({ description: 'Send as `Authorization: Token <token>`.' }),
    expires_at: Type.String({
      format: 'date-time',
      description: 'When the session ends if unused (idle timeout), never later than its absolute end.',
    }),
  },
  { title: 'SessionToken' },
)

export const TwoFactorRequired = Type.Object(
  {
    two_factor_required: Type.Literal(true),
    challenge: Type.String({
      description: 'Pass to POST /api/auth/2fa/verify/ with a code. Valid 5 minutes, 5 tries.',
    }),
    expires_at: DateTime,
  },
  { title: 'TwoFactorRequired' },
)

export const LoginResult = Type.Union([SessionToken, TwoFactorRequired])

const RecoveryCode = Type.String({
  minLength: 6,
  maxLength: 32,
  description: 'Alias: a recovery code in its own field (give code or recovery_code).',
})
export const VerifyBody = Type.Object({
  challenge: Type.String({ minLength: 1, maxLength: 200 }),
  code: Type.Optional(Code),
  recovery_code: Type.Optional(RecoveryCode),
})
export const CodeBody = Type.Object({ code: Type.Optional(Code), recovery_code: Type.Optional(RecoveryCode) })

export const TwoFactorSetup = Type.Object({
  secret: Type.String({ description: 'Base32 TOTP secret (SHA-1, 6 digits, 30 s).' }),
  otpauth_url: Type.String(),
  qr_svg: Type.String({ description: 'SVG QR code of otpauth_url.' }),
})

export const TwoFactorEnabled = Type.Object({
  enabled: Type.Literal(true),
  recovery_codes: Type.Array(Type.String(), { description: 'Shown once; each works once instead of a code.' }),
})

export const TwoFactorDisabled = Type.Object({ enabled: Type.Literal(false) })

export const Me = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    role: StringEnum(ROLES),
    organization_id: Type.Integer(),
    permissions: Type.Array(Type.String(), {
      description: 'e.g. api_keys:write, catalog:write — what this role may do (README "Roles").',
    }),
    two_factor_enabled: Type.Boolean(),
    recovery_codes_remaining: Type.Integer(),
    organization: Type.Object({ id: Type.Integer(), name: Type.String(), status: Type.String() }),
    session: Type.Object({ expires_at: DateTime }),
  },
  { title: 'Me' },
)

export const PasswordBody = Type.Object({ current_password: Password, new_password: Password })
export const PasswordChanged = Type.Object({ detail: Type.String(), other_sessions_revoked: Type.Integer() })

export const SignupBody = Type.Object({
  email: Email,
  password: Password,
  organization_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  org_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Alias of organization_name.' })),
})

export const SignupResult = Type.Object({
  ...SessionToken.properties,
  user: Type.Object({ id: Type.Integer(), email: Type.String(), role: StringEnum(ROLES) }),
  organization: Type.Object({ id: Type.Integer(), name: Type.String() }),
})

export const LogoutBody = Type.Object({
  all: Type.Optional(Type.Boolean({ description: 'true: sign out every session of this user, on every device.' })),
})

export const SessionInfo = Type.Object(
  {
    id: Type.Integer(),
    current: Type.Boolean({ description: 'The session making this request.' }),
    ip: Type.Union([Type.String(), Type.Null()]),
    user_agent: Type.Union([Type.String(), Type.Null()]),
    created_at: DateTime,
    last_seen_at: DateTime,
    expires_at: DateTime,
  },
  { title: 'Session' },
)

export const OrgUser = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    name: Type.Union([Type.String(), Type.Null()], { description: 'Given when accepting an invitation; may be null.' }),
    role: StringEnum(['owner', 'admin', 'developer', 'viewer'] as const),
    two_factor_enabled: Type.Boolean(),
    created_at: DateTime,
  },
  { title: 'OrganizationUser' },
)

export const Invitation = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    role: StringEnum(ROLES),
    status: StringEnum(['pending', 'accepted', 'revoked', 'expired'] as const),
    expires_at: DateTime,
    created_at: DateTime,
  },
  { title: 'Invitation' },
)

export const InvitationPreview = Type.Object({
  email: Type.String(),
  role: StringEnum(ROLES),
  organization: Type.Object({ name: Type.String() }),
  platform_name: Type.String(),
  expires_at: DateTime,
})

export const InvitationAccepted = Type.Object({
  ...SessionToken.properties,
  user: Type.Object({ id: Type.Integer(), email: Type.String(), role: StringEnum(ROLES) }),
  organization: Type.Object({ id: Type.Integer() }),
})
