/**
 * The record's vocabulary, in one place: the types of journal entries (session_event.type) and the
 * actions of audit entries (audit_entry.action). TypeScript writes them through these names; the
 * SQL writers (submit_opinion, the upvote statement, the triggers) name some of them as literals,
 * and test/record/vocabulary.test.ts fails when a literal there is not in this file.
 *
 * The values are the strings stored (and hashed) in the chains: they never change, or
 * verify-record would fail on existing data. A name that reads better in code maps to the stored
 * string (see AuditAction.TIP_FOLLOWED_UP).
 */

/** What a journal entry records (the `type` column); the payload of each is JournalChange in events.ts. */
export const JournalType = {
  OPINION_SUBMITTED: 'OPINION_SUBMITTED',
  OPINION_STATUS_CHANGED: 'OPINION_STATUS_CHANGED',
  OPINION_UPVOTED: 'OPINION_UPVOTED',
  OPINION_REDACTED: 'OPINION_REDACTED',
  RESPONSE_POSTED: 'RESPONSE_POSTED',
  RESPONSE_CORRECTED: 'RESPONSE_CORRECTED',
  SESSION_STATUS_CHANGED: 'SESSION_STATUS_CHANGED',
  SESSION_UPDATED: 'SESSION_UPDATED',
  TIP_FOLLOWED_UP: 'TIP_FOLLOWED_UP',
} as const;
export type JournalType = (typeof JournalType)[keyof typeof JournalType];

/** The staff action an audit entry records (the `action` column): noun and verb, as stored. */
export const AuditAction = {
  UNIT_CREATED: 'UNIT_CREATED',
  STAFF_CREATED: 'STAFF_CREATED',
  STAFF_UPDATED: 'STAFF_UPDATED',
  STAFF_PASSWORD_RESET: 'STAFF_PASSWORD_RESET',
  STAFF_PASSWORD_CHANGED: 'STAFF_PASSWORD_CHANGED',
  SESSION_CREATED: 'SESSION_CREATED',
  SESSION_UPDATED: 'SESSION_UPDATED',
  SESSION_STATUS_CHANGED: 'SESSION_STATUS_CHANGED',
  OPINION_APPROVED: 'OPINION_APPROVED',
  OPINION_REJECTED: 'OPINION_REJECTED',
  OPINION_HIDDEN: 'OPINION_HIDDEN',
  OPINION_RESTORED: 'OPINION_RESTORED',
  OPINION_REDACTED: 'OPINION_REDACTED',
  RESPONSE_POSTED: 'RESPONSE_POSTED',
  RESPONSE_CORRECTED: 'RESPONSE_CORRECTED',
  /** Stored as TIP_FOLLOW_UP since the first tip follow-up (the journal says TIP_FOLLOWED_UP). */
  TIP_FOLLOWED_UP: 'TIP_FOLLOW_UP',
} as const;
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction];

/** What an audit entry is about (the `entity_type` column). */
export const EntityType = {
  UNIT: 'Unit',
  STAFF: 'Staff',
  SESSION: 'ForumSession',
  OPINION: 'Opinion',
  RESPONSE: 'OfficialResponse',
} as const;
export type EntityType = (typeof EntityType)[keyof typeof EntityType];
