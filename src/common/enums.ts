// Domain enums, shared by services, the database (same names as prisma/schema.prisma) and GraphQL.

/** Roles as stored and as in the GraphQL `Role` enum. */
export const Role = { CITIZEN: 'CITIZEN', MODERATOR: 'MODERATOR', OFFICER: 'OFFICER', ADMIN: 'ADMIN' } as const;
export type Role = (typeof Role)[keyof typeof Role];

export const SessionStatus = { SCHEDULED: 'SCHEDULED', LIVE: 'LIVE', CLOSED: 'CLOSED' } as const;
export type SessionStatus = (typeof SessionStatus)[keyof typeof SessionStatus];

export const ModerationMode = { PRE: 'PRE', POST: 'POST' } as const;
export type ModerationMode = (typeof ModerationMode)[keyof typeof ModerationMode];

export const OpinionKind = { SUGGESTION: 'SUGGESTION', QUESTION: 'QUESTION', COMPLAINT: 'COMPLAINT', TIP: 'TIP' } as const;
export type OpinionKind = (typeof OpinionKind)[keyof typeof OpinionKind];

export const OpinionStatus = { PENDING: 'PENDING', APPROVED: 'APPROVED', REJECTED: 'REJECTED', HIDDEN: 'HIDDEN' } as const;
export type OpinionStatus = (typeof OpinionStatus)[keyof typeof OpinionStatus];

export const ModerationAction = { APPROVE: 'APPROVE', REJECT: 'REJECT', HIDE: 'HIDE', RESTORE: 'RESTORE' } as const;
export type ModerationAction = (typeof ModerationAction)[keyof typeof ModerationAction];

export const ModerationReason = {
  DUPLICATE: 'DUPLICATE',
  OFF_TOPIC: 'OFF_TOPIC',
  ABUSIVE: 'ABUSIVE',
  PERSONAL_DATA: 'PERSONAL_DATA',
  SPAM: 'SPAM',
  UNLAWFUL: 'UNLAWFUL',
  OTHER: 'OTHER',
} as const;
export type ModerationReason = (typeof ModerationReason)[keyof typeof ModerationReason];

export const PersonalDataKind = { PHONE: 'PHONE', ID_NUMBER: 'ID_NUMBER', EMAIL: 'EMAIL', PLATE: 'PLATE', ADDRESS: 'ADDRESS' } as const;
export type PersonalDataKind = (typeof PersonalDataKind)[keyof typeof PersonalDataKind];

export const ResponseOutcome = {
  ACKNOWLEDGED: 'ACKNOWLEDGED',
  IN_PROGRESS: 'IN_PROGRESS',
  RESOLVED: 'RESOLVED',
  REFERRED: 'REFERRED',
  DECLINED: 'DECLINED',
} as const;
export type ResponseOutcome = (typeof ResponseOutcome)[keyof typeof ResponseOutcome];

/** How an opinion reached the police: APP from the citizen's phone; the others typed in by staff. */
export const Channel = { APP: 'APP', HOTLINE: 'HOTLINE', PAPER: 'PAPER', IN_PERSON: 'IN_PERSON', EMAIL: 'EMAIL', SOCIAL: 'SOCIAL' } as const;
export type Channel = (typeof Channel)[keyof typeof Channel];

export const TipStatus = { RECEIVED: 'RECEIVED', VERIFYING: 'VERIFYING', CASE_OPENED: 'CASE_OPENED', UNFOUNDED: 'UNFOUNDED', CLOSED: 'CLOSED' } as const;
export type TipStatus = (typeof TipStatus)[keyof typeof TipStatus];

export const OpinionOrder = { NEWEST: 'NEWEST', OLDEST: 'OLDEST', TOP: 'TOP' } as const;
export type OpinionOrder = (typeof OpinionOrder)[keyof typeof OpinionOrder];
