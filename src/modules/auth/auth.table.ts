import type { Generated } from 'kysely'
import type { Id, Timestamp } from '../../db/types.ts'

export type Role = 'owner' | 'admin' | 'developer' | 'viewer'

export interface UsersTable {
  id: Id
  organization_id: number
  email: string
  password_hash: string
  /** The name an invitee gives when accepting (migration 12); null for earlier accounts. */
  name: Generated<string | null>
  role: Generated<'owner' | 'admin' | 'developer' | 'viewer'>
  /** TOTP secrets are encrypted with SECRET_KEY (lib/crypto encryptSecret); pending until confirmed by a code. */
  totp_secret: Generated<string | null>
  totp_pending_secret: Generated<string | null>
  totp_enabled_at: Generated<Date | null>
  /** Last accepted TOTP time step: a code is never accepted twice. */
  totp_last_step: Generated<number | null>
  password_changed_at: Generated<Date | null>
  created_at: Timestamp
  updated_at: Timestamp
}

export interface UserSessionsTable {
  id: Generated<number>
  user_id: number
  organization_id: number
  token_hash: string
  ip: string | null
  user_agent: string | null
  created_at: Timestamp
  last_seen_at: Timestamp
  absolute_expires_at: Date
  revoked_at: Date | null
}

export interface TwoFactorChallengesTable {
  id: Generated<number>
  user_id: number
  challenge_hash: string
  attempts: Generated<number>
  expires_at: Date
  used_at: Date | null
  created_at: Timestamp
}

export interface RecoveryCodesTable {
  id: Generated<number>
  user_id: number
  code_hash: string
  used_at: Date | null
  created_at: Timestamp
}

export interface LoginThrottleTable {
  key: string
  failures: Generated<number>
  last_failure_at: Timestamp
  locked_until: Date | null
}

export interface InvitationsTable {
  id: Generated<number>
  organization_id: number
  email: string
  role: Role
  token_hash: string
  invited_by_user_id: number | null
  status: Generated<'pending' | 'accepted' | 'revoked'>
  expires_at: Date
  accepted_at: Date | null
  created_at: Timestamp
}

export interface AuthTables {
  users: UsersTable
  user_sessions: UserSessionsTable
  two_factor_challenges: TwoFactorChallengesTable
  recovery_codes: RecoveryCodesTable
  login_throttle: LoginThrottleTable
  invitations: InvitationsTable
}
