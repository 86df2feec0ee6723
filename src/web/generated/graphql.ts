/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** How an opinion reached the police. APP: posted by the citizen; HOTLINE, PAPER, IN_PERSON, EMAIL, SOCIAL: typed in by the unit's staff on the citizen's behalf. */
export type Channel =
  | 'APP'
  | 'EMAIL'
  | 'HOTLINE'
  | 'IN_PERSON'
  | 'PAPER'
  | 'SOCIAL';

/** The corrected text, outcome or both; the earlier version is kept. */
export type CorrectResponseInput = {
  body?: string | null | undefined;
  id: string | number;
  outcome?: ResponseOutcome | null | undefined;
};

export type CreateSessionInput = {
  allowAnonymous?: boolean | null | undefined;
  description?: string | null | undefined;
  endsAt?: string | null | undefined;
  location?: string | null | undefined;
  moderationMode?: ModerationMode | null | undefined;
  startsAt: string;
  title: string;
  /** Topic names; created on the fly. */
  topics?: Array<string> | null | undefined;
  unitId: string | number;
};

export type CreateStaffInput = {
  displayName: string;
  email: string;
  password: string;
  /** MODERATOR, OFFICER or ADMIN. */
  role: Role;
  unitId: string | number;
};

export type ModerationAction =
  | 'APPROVE'
  | 'HIDE'
  | 'REJECT'
  | 'RESTORE';

/** PRE: an opinion is public only after a moderator approves it. POST: public at once, moderators may hide it. */
export type ModerationMode =
  | 'POST'
  | 'PRE';

/** Why an opinion was rejected or hidden; its author sees it, and the public sees counts per reason. */
export type ModerationReason =
  | 'ABUSIVE'
  | 'DUPLICATE'
  | 'OFF_TOPIC'
  | 'OTHER'
  | 'PERSONAL_DATA'
  | 'SPAM'
  | 'UNLAWFUL';

/** TIP is a confidential report to the police: never public, visible to staff of the session's unit only. */
export type OpinionKind =
  | 'COMPLAINT'
  | 'QUESTION'
  | 'SUGGESTION'
  | 'TIP';

export type OpinionStatus =
  | 'APPROVED'
  | 'HIDDEN'
  | 'PENDING'
  | 'REJECTED';

/** Personal data found in the text as posted: PHONE, ID_NUMBER (CCCD/CMND), EMAIL, PLATE (licence plate), ADDRESS. */
export type PersonalDataKind =
  | 'ADDRESS'
  | 'EMAIL'
  | 'ID_NUMBER'
  | 'PHONE'
  | 'PLATE';

export type RespondInput = {
  body: string;
  opinionId: string | number;
  outcome: ResponseOutcome;
};

export type ResponseOutcome =
  | 'ACKNOWLEDGED'
  | 'DECLINED'
  | 'IN_PROGRESS'
  | 'REFERRED'
  | 'RESOLVED';

export type Role =
  | 'ADMIN'
  | 'CITIZEN'
  | 'MODERATOR'
  | 'OFFICER';

/** What one change means to the viewer. Apply in order: PUBLISHED, CHANGED, SUBMITTED and RESPONSE_POSTED upsert `opinion`, WITHDRAWN removes it. */
export type SessionEventType =
  /** An opinion in view changed: status, upvotes (bursts may be coalesced), redaction. */
  | 'OPINION_CHANGED'
  /** An opinion entered the viewer's view: approved under PRE, posted under POST, restored. */
  | 'OPINION_PUBLISHED'
  /** Staff of the session's unit: a new opinion, pending ones and tips included. */
  | 'OPINION_SUBMITTED'
  /** An opinion left the viewer's view (hidden, rejected): id and status only, body empty. */
  | 'OPINION_WITHDRAWN'
  /** An official response on an opinion in view; `opinion` is that opinion after it. */
  | 'RESPONSE_POSTED'
  /** The session opened or closed; `status` is the new status. */
  | 'SESSION_STATUS_CHANGED'
  /** Title, description, place, times, moderation, anonymity or topics changed; `session` is the session after it. */
  | 'SESSION_UPDATED'
  /** Staff of the session's unit (and units above) only: a tip moved on; `opinion` carries tipStatus, caseNumber and suspects. */
  | 'TIP_FOLLOWED_UP';

/** SCHEDULED: announced; LIVE: accepting opinions; CLOSED: read-only record. */
export type SessionStatus =
  | 'CLOSED'
  | 'LIVE'
  | 'SCHEDULED';

export type SubmitOpinionInput = {
  /** Shown publicly; omit to post anonymously (if the session allows it). */
  authorName?: string | null | undefined;
  body: string;
  /** APP for citizens and anonymous posters (anything else is FORBIDDEN). The unit's staff enter the other channels on a citizen's behalf, while the session is LIVE or CLOSED; each entry counts as its own participant. */
  channel?: Channel | null | undefined;
  /** Phone or e-mail for the police to follow up; never public. */
  contact?: string | null | undefined;
  /** A client-chosen key: resubmitting with the same key returns the first opinion instead of a duplicate. */
  idempotencyKey?: string | null | undefined;
  kind?: OpinionKind | null | undefined;
  /** When the unit received it (a paper slip or a call typed in later): staff intake only (BAD_USER_INPUT otherwise), not in the future. Omit for now. */
  receivedAt?: string | null | undefined;
  sessionId: string | number;
  topicId?: string | number | null | undefined;
};

/** One step of a tip's follow-up. The same status again records new case details or a note. */
export type TipFollowUpInput = {
  /** Required to open a case (CASE_OPENED); kept afterwards. */
  caseNumber?: string | null | undefined;
  /** What was done; kept in the follow-up history, staff only. */
  note?: string | null | undefined;
  opinionId: string | number;
  status: TipStatus;
  /** Suspects identified in the case (CASE_OPENED or CLOSED only). */
  suspects?: number | null | undefined;
};

/** A tip's follow-up: RECEIVED → VERIFYING → CASE_OPENED → CLOSED, or UNFOUNDED after checking (reopened to VERIFYING on new information). */
export type TipStatus =
  | 'CASE_OPENED'
  | 'CLOSED'
  | 'RECEIVED'
  | 'UNFOUNDED'
  | 'VERIFYING';

export type TopicRenameInput = {
  id: string | number;
  name: string;
};

/** Only the fields given change. description, location and endsAt given as null are cleared. */
export type UpdateSessionInput = {
  /** New topic names; names the session already has are skipped. */
  addTopics?: Array<string> | null | undefined;
  allowAnonymous?: boolean | null | undefined;
  description?: string | null | undefined;
  endsAt?: string | null | undefined;
  id: string | number;
  location?: string | null | undefined;
  moderationMode?: ModerationMode | null | undefined;
  renameTopics?: Array<TopicRenameInput> | null | undefined;
  startsAt?: string | null | undefined;
  title?: string | null | undefined;
};

/** Omitted fields stay as they are. Any change but displayName ends the person's tokens and open sockets. */
export type UpdateStaffInput = {
  /** false: the person can no longer sign in, and every token they hold stops working at once. */
  active?: boolean | null | undefined;
  displayName?: string | null | undefined;
  id: string | number;
  /** MODERATOR, OFFICER or ADMIN. */
  role?: Role | null | undefined;
  unitId?: string | number | null | undefined;
};

export type MyOpinionFragment = { id: string, seq: number, kind: OpinionKind, body: string, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, upvotes: number, createdAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> };

export type JoinAsCitizenMutationVariables = Exact<{ [key: string]: never; }>;


export type JoinAsCitizenMutation = { joinAsCitizen: { token: string, viewer: { id: string } } };

export type SubmitOpinionMutationVariables = Exact<{
  input: SubmitOpinionInput;
}>;


export type SubmitOpinionMutation = { submitOpinion: { id: string, seq: number, kind: OpinionKind, body: string, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, upvotes: number, createdAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } };

export type MyOpinionsQueryVariables = Exact<{
  sessionId: string | number;
}>;


export type MyOpinionsQuery = { myOpinions: Array<{ id: string, seq: number, kind: OpinionKind, body: string, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, upvotes: number, createdAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> }> };

export type UpvoteOpinionMutationVariables = Exact<{
  id: string | number;
}>;


export type UpvoteOpinionMutation = { upvoteOpinion: { id: string, upvotes: number } };

export type MyRecordCursorQueryVariables = Exact<{
  sessionId: string | number;
}>;


export type MyRecordCursorQuery = { session: { id: string, recordCursor: string } | null };

export type MyOpinionEventsSubscriptionVariables = Exact<{
  sessionId: string | number;
  after?: string | null | undefined;
}>;


export type MyOpinionEventsSubscription = { myOpinionEvents: { cursor: string, type: SessionEventType, opinion: { id: string, seq: number, kind: OpinionKind, body: string, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, upvotes: number, createdAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } | null } };

export type StaffViewerFragment = { id: string, displayName: string, role: Role, unit: { id: string, name: string } | null };

export type StaffStatsFragment = { opinions: number, pending: number, approved: number, rejected: number, hidden: number, answered: number, participants: number, upvotes: number, medianResponseSeconds: number | null, byTopic: Array<{ count: number, topic: { id: string, name: string } }> };

export type StaffOpinionFragment = { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { token: string, viewer: { id: string, displayName: string, role: Role, unit: { id: string, name: string } | null } } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, displayName: string, role: Role, unit: { id: string, name: string } | null } | null };

export type UnitSessionsQueryVariables = Exact<{
  unitId?: string | number | null | undefined;
}>;


export type UnitSessionsQuery = { sessions: { edges: Array<{ node: { id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> } }> } };

export type CreateSessionMutationVariables = Exact<{
  input: CreateSessionInput;
}>;


export type CreateSessionMutation = { createSession: { id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> } };

export type SetSessionStatusMutationVariables = Exact<{
  id: string | number;
  status: SessionStatus;
}>;


export type SetSessionStatusMutation = { setSessionStatus: { id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> } };

export type StaffSessionPageQueryVariables = Exact<{
  id: string | number;
}>;


export type StaffSessionPageQuery = { session: { recordCursor: string, id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, stats: { opinions: number, pending: number, approved: number, rejected: number, hidden: number, answered: number, participants: number, upvotes: number, medianResponseSeconds: number | null, byTopic: Array<{ count: number, topic: { id: string, name: string } }> }, pending: { edges: Array<{ node: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } }> }, approved: { edges: Array<{ node: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } }> }, tips: { edges: Array<{ node: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } }> }, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> } | null };

export type ModerateOpinionMutationVariables = Exact<{
  id: string | number;
  action: ModerationAction;
  reasonCode?: ModerationReason | null | undefined;
  reason?: string | null | undefined;
}>;


export type ModerateOpinionMutation = { moderateOpinion: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } };

export type RedactOpinionMutationVariables = Exact<{
  id: string | number;
  body: string;
  reason: string;
}>;


export type RedactOpinionMutation = { redactOpinion: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } };

export type RespondToOpinionMutationVariables = Exact<{
  input: RespondInput;
}>;


export type RespondToOpinionMutation = { respondToOpinion: { id: string, body: string, outcome: ResponseOutcome, createdAt: string, opinion: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> }, responder: { displayName: string } } };

export type StaffSessionEventsSubscriptionVariables = Exact<{
  sessionId: string | number;
  after?: string | null | undefined;
}>;


export type StaffSessionEventsSubscription = { sessionEvents: { cursor: string, type: SessionEventType, status: SessionStatus | null, opinion: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } | null } };

export type StaffStatsChangedSubscriptionVariables = Exact<{
  sessionId: string | number;
}>;


export type StaffStatsChangedSubscription = { sessionStatsChanged: { opinions: number, pending: number, approved: number, rejected: number, hidden: number, answered: number, participants: number, upvotes: number, medianResponseSeconds: number | null, byTopic: Array<{ count: number, topic: { id: string, name: string } }> } };

export type FollowUpTipMutationVariables = Exact<{
  input: TipFollowUpInput;
}>;


export type FollowUpTipMutation = { followUpTip: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } };

export type ReportFiguresFragment = { sessions: number, participants: number, opinions: number, answered: number, medianResponseSeconds: number | null, tipsReceived: number, tipsVerified: number, casesOpened: number, suspects: number, unit: { id: string, name: string } };

export type UnitReportQueryVariables = Exact<{
  unitId: string | number;
  from: string;
  to: string;
}>;


export type UnitReportQuery = { unitReport: { sessions: number, participants: number, opinions: number, answered: number, medianResponseSeconds: number | null, tipsReceived: number, tipsVerified: number, casesOpened: number, suspects: number, byKind: Array<{ kind: OpinionKind, count: number }>, byTopicName: Array<{ name: string, count: number }>, byUnit: Array<{ sessions: number, participants: number, opinions: number, answered: number, medianResponseSeconds: number | null, tipsReceived: number, tipsVerified: number, casesOpened: number, suspects: number, unit: { id: string, name: string } }>, bySession: Array<{ opinions: number, participants: number, answered: number, medianResponseSeconds: number | null, session: { id: string, title: string, status: SessionStatus, startsAt: string, joinCode: string, unit: { id: string, name: string } } }>, unit: { id: string, name: string } } };

export type ReportUnitsQueryVariables = Exact<{ [key: string]: never; }>;


export type ReportUnitsQuery = { units: Array<{ id: string, name: string, parent: { id: string } | null }> };

export type SessionMinutesQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type SessionMinutesQuery = { session: { endsAt: string | null, recordFingerprint: string, id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, stats: { opinions: number, pending: number, approved: number, rejected: number, hidden: number, answered: number, participants: number, upvotes: number, medianResponseSeconds: number | null, moderationReasons: Array<{ reason: ModerationReason, count: number }>, byTopic: Array<{ count: number, topic: { id: string, name: string } }> }, opinions: { edges: Array<{ node: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, status: OpinionStatus, upvotes: number, createdAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } }, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> } | null };

export type StaffMemberFragment = { id: string, displayName: string, role: Role, active: boolean, unit: { id: string, name: string } | null };

export type StaffListQueryVariables = Exact<{
  unitId: string | number;
  after?: string | null | undefined;
}>;


export type StaffListQuery = { staff: { totalCount: number, edges: Array<{ node: { id: string, displayName: string, role: Role, active: boolean, unit: { id: string, name: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type CreateStaffMutationVariables = Exact<{
  input: CreateStaffInput;
}>;


export type CreateStaffMutation = { createStaff: { id: string, displayName: string, role: Role, active: boolean, unit: { id: string, name: string } | null } };

export type UpdateStaffMutationVariables = Exact<{
  input: UpdateStaffInput;
}>;


export type UpdateStaffMutation = { updateStaff: { id: string, displayName: string, role: Role, active: boolean, unit: { id: string, name: string } | null } };

export type ResetStaffPasswordMutationVariables = Exact<{
  id: string | number;
  newPassword: string;
}>;


export type ResetStaffPasswordMutation = { resetStaffPassword: { id: string, displayName: string, role: Role, active: boolean, unit: { id: string, name: string } | null } };

export type ChangeMyPasswordMutationVariables = Exact<{
  currentPassword: string;
  newPassword: string;
}>;


export type ChangeMyPasswordMutation = { changeMyPassword: boolean };

export type AuditLogQueryVariables = Exact<{
  unitId: string | number;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { totalCount: number, edges: Array<{ node: { chain: string, seq: number, at: string, action: string, entityType: string, subjectId: string | null, sessionId: string | null, fromStatus: string | null, toStatus: string | null, reason: string | null, hash: string, actor: { id: string, displayName: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type SessionForEditQueryVariables = Exact<{
  id: string | number;
}>;


export type SessionForEditQuery = { session: { endsAt: string | null, id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> } | null };

export type UpdateSessionMutationVariables = Exact<{
  input: UpdateSessionInput;
}>;


export type UpdateSessionMutation = { updateSession: { endsAt: string | null, id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> } };

export type IntakeOpinionMutationVariables = Exact<{
  input: SubmitOpinionInput;
}>;


export type IntakeOpinionMutation = { submitOpinion: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } };

export type ResponseVersionsQueryVariables = Exact<{
  opinionId: string | number;
}>;


export type ResponseVersionsQuery = { opinion: { id: string, responses: Array<{ editedAt: string | null, id: string, body: string, outcome: ResponseOutcome, createdAt: string, revisions: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, editor: { displayName: string } }> | null, responder: { displayName: string } }> } | null };

export type CorrectResponseMutationVariables = Exact<{
  input: CorrectResponseInput;
}>;


export type CorrectResponseMutation = { correctResponse: { id: string, opinion: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, contact: string | null, status: OpinionStatus, rejectReason: string | null, moderationReason: ModerationReason | null, originalBody: string | null, personalData: Array<PersonalDataKind>, channel: Channel, tipStatus: TipStatus | null, caseNumber: string | null, suspects: number | null, upvotes: number, createdAt: string, receivedAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } } };

export type PublicSessionFragment = { id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> };

export type PublicStatsFragment = { opinions: number, pending: number, approved: number, answered: number, participants: number, upvotes: number };

export type PublicResponseFragment = { id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } };

export type PublicOpinionFragment = { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, status: OpinionStatus, upvotes: number, createdAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> };

export type SessionListQueryVariables = Exact<{
  status?: SessionStatus | null | undefined;
  first?: number | null | undefined;
}>;


export type SessionListQuery = { sessions: { edges: Array<{ node: { id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> } }> } };

export type SessionByCodeQueryVariables = Exact<{
  code: string;
}>;


export type SessionByCodeQuery = { sessionByCode: { id: string } | null };

export type PublicSessionPageQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
}>;


export type PublicSessionPageQuery = { session: { recordCursor: string, id: string, joinCode: string, title: string, description: string | null, location: string | null, status: SessionStatus, startsAt: string, allowAnonymous: boolean, moderationMode: ModerationMode, stats: { opinions: number, pending: number, approved: number, answered: number, participants: number, upvotes: number }, opinions: { edges: Array<{ node: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, status: OpinionStatus, upvotes: number, createdAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } }> }, unit: { id: string, name: string }, topics: Array<{ id: string, name: string }> } | null };

export type PublicEventFragment = { cursor: string, type: SessionEventType, status: SessionStatus | null, opinion: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, status: OpinionStatus, upvotes: number, createdAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } | null };

export type PublicSessionEventsSubscriptionVariables = Exact<{
  sessionId: string | number;
  after?: string | null | undefined;
}>;


export type PublicSessionEventsSubscription = { sessionEvents: { cursor: string, type: SessionEventType, status: SessionStatus | null, opinion: { id: string, seq: number, kind: OpinionKind, body: string, authorName: string | null, status: OpinionStatus, upvotes: number, createdAt: string, topic: { id: string, name: string } | null, responses: Array<{ id: string, body: string, outcome: ResponseOutcome, createdAt: string, responder: { displayName: string } }> } | null } };

export type SessionFingerprintQueryVariables = Exact<{
  id: string | number;
}>;


export type SessionFingerprintQuery = { session: { id: string, recordFingerprint: string } | null };

export type PublicStatsChangedSubscriptionVariables = Exact<{
  sessionId: string | number;
}>;


export type PublicStatsChangedSubscription = { sessionStatsChanged: { opinions: number, pending: number, approved: number, answered: number, participants: number, upvotes: number } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PublicResponseFragmentDoc = new TypedDocumentString(`
    fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}
    `, {"fragmentName":"PublicResponse"}) as unknown as TypedDocumentString<PublicResponseFragment, unknown>;
export const MyOpinionFragmentDoc = new TypedDocumentString(`
    fragment MyOpinion on Opinion {
  id
  seq
  kind
  body
  status
  rejectReason
  moderationReason
  upvotes
  createdAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
    fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`, {"fragmentName":"MyOpinion"}) as unknown as TypedDocumentString<MyOpinionFragment, unknown>;
export const StaffViewerFragmentDoc = new TypedDocumentString(`
    fragment StaffViewer on Viewer {
  id
  displayName
  role
  unit {
    id
    name
  }
}
    `, {"fragmentName":"StaffViewer"}) as unknown as TypedDocumentString<StaffViewerFragment, unknown>;
export const StaffStatsFragmentDoc = new TypedDocumentString(`
    fragment StaffStats on SessionStats {
  opinions
  pending
  approved
  rejected
  hidden
  answered
  participants
  upvotes
  medianResponseSeconds
  byTopic {
    topic {
      id
      name
    }
    count
  }
}
    `, {"fragmentName":"StaffStats"}) as unknown as TypedDocumentString<StaffStatsFragment, unknown>;
export const StaffOpinionFragmentDoc = new TypedDocumentString(`
    fragment StaffOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  contact
  status
  rejectReason
  moderationReason
  originalBody
  personalData
  channel
  tipStatus
  caseNumber
  suspects
  upvotes
  createdAt
  receivedAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
    fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`, {"fragmentName":"StaffOpinion"}) as unknown as TypedDocumentString<StaffOpinionFragment, unknown>;
export const ReportFiguresFragmentDoc = new TypedDocumentString(`
    fragment ReportFigures on UnitReport {
  unit {
    id
    name
  }
  sessions
  participants
  opinions
  answered
  medianResponseSeconds
  tipsReceived
  tipsVerified
  casesOpened
  suspects
}
    `, {"fragmentName":"ReportFigures"}) as unknown as TypedDocumentString<ReportFiguresFragment, unknown>;
export const StaffMemberFragmentDoc = new TypedDocumentString(`
    fragment StaffMember on Staff {
  id
  displayName
  role
  active
  unit {
    id
    name
  }
}
    `, {"fragmentName":"StaffMember"}) as unknown as TypedDocumentString<StaffMemberFragment, unknown>;
export const PublicSessionFragmentDoc = new TypedDocumentString(`
    fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}
    `, {"fragmentName":"PublicSession"}) as unknown as TypedDocumentString<PublicSessionFragment, unknown>;
export const PublicStatsFragmentDoc = new TypedDocumentString(`
    fragment PublicStats on SessionStats {
  opinions
  pending
  approved
  answered
  participants
  upvotes
}
    `, {"fragmentName":"PublicStats"}) as unknown as TypedDocumentString<PublicStatsFragment, unknown>;
export const PublicOpinionFragmentDoc = new TypedDocumentString(`
    fragment PublicOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  status
  upvotes
  createdAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
    fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`, {"fragmentName":"PublicOpinion"}) as unknown as TypedDocumentString<PublicOpinionFragment, unknown>;
export const PublicEventFragmentDoc = new TypedDocumentString(`
    fragment PublicEvent on SessionEvent {
  cursor
  type
  status
  opinion {
    ...PublicOpinion
  }
}
    fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}
fragment PublicOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  status
  upvotes
  createdAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}`, {"fragmentName":"PublicEvent"}) as unknown as TypedDocumentString<PublicEventFragment, unknown>;
export const JoinAsCitizenDocument = new TypedDocumentString(`
    mutation JoinAsCitizen {
  joinAsCitizen {
    token
    viewer {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<JoinAsCitizenMutation, JoinAsCitizenMutationVariables>;
export const SubmitOpinionDocument = new TypedDocumentString(`
    mutation SubmitOpinion($input: SubmitOpinionInput!) {
  submitOpinion(input: $input) {
    ...MyOpinion
  }
}
    fragment MyOpinion on Opinion {
  id
  seq
  kind
  body
  status
  rejectReason
  moderationReason
  upvotes
  createdAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<SubmitOpinionMutation, SubmitOpinionMutationVariables>;
export const MyOpinionsDocument = new TypedDocumentString(`
    query MyOpinions($sessionId: ID!) {
  myOpinions(sessionId: $sessionId) {
    ...MyOpinion
  }
}
    fragment MyOpinion on Opinion {
  id
  seq
  kind
  body
  status
  rejectReason
  moderationReason
  upvotes
  createdAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<MyOpinionsQuery, MyOpinionsQueryVariables>;
export const UpvoteOpinionDocument = new TypedDocumentString(`
    mutation UpvoteOpinion($id: ID!) {
  upvoteOpinion(id: $id) {
    id
    upvotes
  }
}
    `) as unknown as TypedDocumentString<UpvoteOpinionMutation, UpvoteOpinionMutationVariables>;
export const MyRecordCursorDocument = new TypedDocumentString(`
    query MyRecordCursor($sessionId: ID!) {
  session(id: $sessionId) {
    id
    recordCursor
  }
}
    `) as unknown as TypedDocumentString<MyRecordCursorQuery, MyRecordCursorQueryVariables>;
export const MyOpinionEventsDocument = new TypedDocumentString(`
    subscription MyOpinionEvents($sessionId: ID!, $after: String) {
  myOpinionEvents(sessionId: $sessionId, after: $after) {
    cursor
    type
    opinion {
      ...MyOpinion
    }
  }
}
    fragment MyOpinion on Opinion {
  id
  seq
  kind
  body
  status
  rejectReason
  moderationReason
  upvotes
  createdAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<MyOpinionEventsSubscription, MyOpinionEventsSubscriptionVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    token
    viewer {
      ...StaffViewer
    }
  }
}
    fragment StaffViewer on Viewer {
  id
  displayName
  role
  unit {
    id
    name
  }
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...StaffViewer
  }
}
    fragment StaffViewer on Viewer {
  id
  displayName
  role
  unit {
    id
    name
  }
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const UnitSessionsDocument = new TypedDocumentString(`
    query UnitSessions($unitId: ID) {
  sessions(unitId: $unitId, first: 100) {
    edges {
      node {
        ...PublicSession
      }
    }
  }
}
    fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}`) as unknown as TypedDocumentString<UnitSessionsQuery, UnitSessionsQueryVariables>;
export const CreateSessionDocument = new TypedDocumentString(`
    mutation CreateSession($input: CreateSessionInput!) {
  createSession(input: $input) {
    ...PublicSession
  }
}
    fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}`) as unknown as TypedDocumentString<CreateSessionMutation, CreateSessionMutationVariables>;
export const SetSessionStatusDocument = new TypedDocumentString(`
    mutation SetSessionStatus($id: ID!, $status: SessionStatus!) {
  setSessionStatus(id: $id, status: $status) {
    ...PublicSession
  }
}
    fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}`) as unknown as TypedDocumentString<SetSessionStatusMutation, SetSessionStatusMutationVariables>;
export const StaffSessionPageDocument = new TypedDocumentString(`
    query StaffSessionPage($id: ID!) {
  session(id: $id) {
    ...PublicSession
    recordCursor
    stats {
      ...StaffStats
    }
    pending: opinions(status: PENDING, orderBy: OLDEST, first: 100) {
      edges {
        node {
          ...StaffOpinion
        }
      }
    }
    approved: opinions(status: APPROVED, orderBy: NEWEST, first: 100) {
      edges {
        node {
          ...StaffOpinion
        }
      }
    }
    tips: opinions(kind: TIP, orderBy: OLDEST, first: 100) {
      edges {
        node {
          ...StaffOpinion
        }
      }
    }
  }
}
    fragment StaffStats on SessionStats {
  opinions
  pending
  approved
  rejected
  hidden
  answered
  participants
  upvotes
  medianResponseSeconds
  byTopic {
    topic {
      id
      name
    }
    count
  }
}
fragment StaffOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  contact
  status
  rejectReason
  moderationReason
  originalBody
  personalData
  channel
  tipStatus
  caseNumber
  suspects
  upvotes
  createdAt
  receivedAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<StaffSessionPageQuery, StaffSessionPageQueryVariables>;
export const ModerateOpinionDocument = new TypedDocumentString(`
    mutation ModerateOpinion($id: ID!, $action: ModerationAction!, $reasonCode: ModerationReason, $reason: String) {
  moderateOpinion(
    id: $id
    action: $action
    reasonCode: $reasonCode
    reason: $reason
  ) {
    ...StaffOpinion
  }
}
    fragment StaffOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  contact
  status
  rejectReason
  moderationReason
  originalBody
  personalData
  channel
  tipStatus
  caseNumber
  suspects
  upvotes
  createdAt
  receivedAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<ModerateOpinionMutation, ModerateOpinionMutationVariables>;
export const RedactOpinionDocument = new TypedDocumentString(`
    mutation RedactOpinion($id: ID!, $body: String!, $reason: String!) {
  redactOpinion(id: $id, body: $body, reason: $reason) {
    ...StaffOpinion
  }
}
    fragment StaffOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  contact
  status
  rejectReason
  moderationReason
  originalBody
  personalData
  channel
  tipStatus
  caseNumber
  suspects
  upvotes
  createdAt
  receivedAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<RedactOpinionMutation, RedactOpinionMutationVariables>;
export const RespondToOpinionDocument = new TypedDocumentString(`
    mutation RespondToOpinion($input: RespondInput!) {
  respondToOpinion(input: $input) {
    ...PublicResponse
    opinion {
      ...StaffOpinion
    }
  }
}
    fragment StaffOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  contact
  status
  rejectReason
  moderationReason
  originalBody
  personalData
  channel
  tipStatus
  caseNumber
  suspects
  upvotes
  createdAt
  receivedAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<RespondToOpinionMutation, RespondToOpinionMutationVariables>;
export const StaffSessionEventsDocument = new TypedDocumentString(`
    subscription StaffSessionEvents($sessionId: ID!, $after: String) {
  sessionEvents(sessionId: $sessionId, after: $after) {
    cursor
    type
    status
    opinion {
      ...StaffOpinion
    }
  }
}
    fragment StaffOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  contact
  status
  rejectReason
  moderationReason
  originalBody
  personalData
  channel
  tipStatus
  caseNumber
  suspects
  upvotes
  createdAt
  receivedAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<StaffSessionEventsSubscription, StaffSessionEventsSubscriptionVariables>;
export const StaffStatsChangedDocument = new TypedDocumentString(`
    subscription StaffStatsChanged($sessionId: ID!) {
  sessionStatsChanged(sessionId: $sessionId) {
    ...StaffStats
  }
}
    fragment StaffStats on SessionStats {
  opinions
  pending
  approved
  rejected
  hidden
  answered
  participants
  upvotes
  medianResponseSeconds
  byTopic {
    topic {
      id
      name
    }
    count
  }
}`) as unknown as TypedDocumentString<StaffStatsChangedSubscription, StaffStatsChangedSubscriptionVariables>;
export const FollowUpTipDocument = new TypedDocumentString(`
    mutation FollowUpTip($input: TipFollowUpInput!) {
  followUpTip(input: $input) {
    ...StaffOpinion
  }
}
    fragment StaffOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  contact
  status
  rejectReason
  moderationReason
  originalBody
  personalData
  channel
  tipStatus
  caseNumber
  suspects
  upvotes
  createdAt
  receivedAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<FollowUpTipMutation, FollowUpTipMutationVariables>;
export const UnitReportDocument = new TypedDocumentString(`
    query UnitReport($unitId: ID!, $from: DateTime!, $to: DateTime!) {
  unitReport(unitId: $unitId, from: $from, to: $to) {
    ...ReportFigures
    byKind {
      kind
      count
    }
    byTopicName {
      name
      count
    }
    byUnit {
      ...ReportFigures
    }
    bySession(first: 100) {
      session {
        id
        title
        status
        startsAt
        joinCode
        unit {
          id
          name
        }
      }
      opinions
      participants
      answered
      medianResponseSeconds
    }
  }
}
    fragment ReportFigures on UnitReport {
  unit {
    id
    name
  }
  sessions
  participants
  opinions
  answered
  medianResponseSeconds
  tipsReceived
  tipsVerified
  casesOpened
  suspects
}`) as unknown as TypedDocumentString<UnitReportQuery, UnitReportQueryVariables>;
export const ReportUnitsDocument = new TypedDocumentString(`
    query ReportUnits {
  units {
    id
    name
    parent {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<ReportUnitsQuery, ReportUnitsQueryVariables>;
export const SessionMinutesDocument = new TypedDocumentString(`
    query SessionMinutes($id: ID!, $after: String) {
  session(id: $id) {
    ...PublicSession
    endsAt
    recordFingerprint
    stats {
      ...StaffStats
      moderationReasons {
        reason
        count
      }
    }
    opinions(status: APPROVED, orderBy: OLDEST, first: 100, after: $after) {
      edges {
        node {
          ...PublicOpinion
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment StaffStats on SessionStats {
  opinions
  pending
  approved
  rejected
  hidden
  answered
  participants
  upvotes
  medianResponseSeconds
  byTopic {
    topic {
      id
      name
    }
    count
  }
}
fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}
fragment PublicOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  status
  upvotes
  createdAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}`) as unknown as TypedDocumentString<SessionMinutesQuery, SessionMinutesQueryVariables>;
export const StaffListDocument = new TypedDocumentString(`
    query StaffList($unitId: ID!, $after: String) {
  staff(unitId: $unitId, first: 100, after: $after) {
    edges {
      node {
        ...StaffMember
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    fragment StaffMember on Staff {
  id
  displayName
  role
  active
  unit {
    id
    name
  }
}`) as unknown as TypedDocumentString<StaffListQuery, StaffListQueryVariables>;
export const CreateStaffDocument = new TypedDocumentString(`
    mutation CreateStaff($input: CreateStaffInput!) {
  createStaff(input: $input) {
    ...StaffMember
  }
}
    fragment StaffMember on Staff {
  id
  displayName
  role
  active
  unit {
    id
    name
  }
}`) as unknown as TypedDocumentString<CreateStaffMutation, CreateStaffMutationVariables>;
export const UpdateStaffDocument = new TypedDocumentString(`
    mutation UpdateStaff($input: UpdateStaffInput!) {
  updateStaff(input: $input) {
    ...StaffMember
  }
}
    fragment StaffMember on Staff {
  id
  displayName
  role
  active
  unit {
    id
    name
  }
}`) as unknown as TypedDocumentString<UpdateStaffMutation, UpdateStaffMutationVariables>;
export const ResetStaffPasswordDocument = new TypedDocumentString(`
    mutation ResetStaffPassword($id: ID!, $newPassword: String!) {
  resetStaffPassword(id: $id, newPassword: $newPassword) {
    ...StaffMember
  }
}
    fragment StaffMember on Staff {
  id
  displayName
  role
  active
  unit {
    id
    name
  }
}`) as unknown as TypedDocumentString<ResetStaffPasswordMutation, ResetStaffPasswordMutationVariables>;
export const ChangeMyPasswordDocument = new TypedDocumentString(`
    mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {
  changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword)
}
    `) as unknown as TypedDocumentString<ChangeMyPasswordMutation, ChangeMyPasswordMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($unitId: ID!, $after: String) {
  auditLog(unitId: $unitId, first: 100, after: $after) {
    edges {
      node {
        chain
        seq
        at
        action
        entityType
        subjectId
        sessionId
        fromStatus
        toStatus
        reason
        hash
        actor {
          id
          displayName
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
    totalCount
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const SessionForEditDocument = new TypedDocumentString(`
    query SessionForEdit($id: ID!) {
  session(id: $id) {
    ...PublicSession
    endsAt
  }
}
    fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}`) as unknown as TypedDocumentString<SessionForEditQuery, SessionForEditQueryVariables>;
export const UpdateSessionDocument = new TypedDocumentString(`
    mutation UpdateSession($input: UpdateSessionInput!) {
  updateSession(input: $input) {
    ...PublicSession
    endsAt
  }
}
    fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}`) as unknown as TypedDocumentString<UpdateSessionMutation, UpdateSessionMutationVariables>;
export const IntakeOpinionDocument = new TypedDocumentString(`
    mutation IntakeOpinion($input: SubmitOpinionInput!) {
  submitOpinion(input: $input) {
    ...StaffOpinion
  }
}
    fragment StaffOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  contact
  status
  rejectReason
  moderationReason
  originalBody
  personalData
  channel
  tipStatus
  caseNumber
  suspects
  upvotes
  createdAt
  receivedAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<IntakeOpinionMutation, IntakeOpinionMutationVariables>;
export const ResponseVersionsDocument = new TypedDocumentString(`
    query ResponseVersions($opinionId: ID!) {
  opinion(id: $opinionId) {
    id
    responses {
      ...PublicResponse
      editedAt
      revisions {
        id
        body
        outcome
        createdAt
        editor {
          displayName
        }
      }
    }
  }
}
    fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<ResponseVersionsQuery, ResponseVersionsQueryVariables>;
export const CorrectResponseDocument = new TypedDocumentString(`
    mutation CorrectResponse($input: CorrectResponseInput!) {
  correctResponse(input: $input) {
    id
    opinion {
      ...StaffOpinion
    }
  }
}
    fragment StaffOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  contact
  status
  rejectReason
  moderationReason
  originalBody
  personalData
  channel
  tipStatus
  caseNumber
  suspects
  upvotes
  createdAt
  receivedAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}`) as unknown as TypedDocumentString<CorrectResponseMutation, CorrectResponseMutationVariables>;
export const SessionListDocument = new TypedDocumentString(`
    query SessionList($status: SessionStatus, $first: Int) {
  sessions(status: $status, first: $first) {
    edges {
      node {
        ...PublicSession
      }
    }
  }
}
    fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}`) as unknown as TypedDocumentString<SessionListQuery, SessionListQueryVariables>;
export const SessionByCodeDocument = new TypedDocumentString(`
    query SessionByCode($code: String!) {
  sessionByCode(code: $code) {
    id
  }
}
    `) as unknown as TypedDocumentString<SessionByCodeQuery, SessionByCodeQueryVariables>;
export const PublicSessionPageDocument = new TypedDocumentString(`
    query PublicSessionPage($id: ID!, $first: Int) {
  session(id: $id) {
    ...PublicSession
    recordCursor
    stats {
      ...PublicStats
    }
    opinions(orderBy: NEWEST, first: $first) {
      edges {
        node {
          ...PublicOpinion
        }
      }
    }
  }
}
    fragment PublicSession on ForumSession {
  id
  joinCode
  title
  description
  location
  status
  startsAt
  allowAnonymous
  moderationMode
  unit {
    id
    name
  }
  topics {
    id
    name
  }
}
fragment PublicStats on SessionStats {
  opinions
  pending
  approved
  answered
  participants
  upvotes
}
fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}
fragment PublicOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  status
  upvotes
  createdAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}`) as unknown as TypedDocumentString<PublicSessionPageQuery, PublicSessionPageQueryVariables>;
export const PublicSessionEventsDocument = new TypedDocumentString(`
    subscription PublicSessionEvents($sessionId: ID!, $after: String) {
  sessionEvents(sessionId: $sessionId, after: $after) {
    ...PublicEvent
  }
}
    fragment PublicResponse on OfficialResponse {
  id
  body
  outcome
  createdAt
  responder {
    displayName
  }
}
fragment PublicOpinion on Opinion {
  id
  seq
  kind
  body
  authorName
  status
  upvotes
  createdAt
  topic {
    id
    name
  }
  responses {
    ...PublicResponse
  }
}
fragment PublicEvent on SessionEvent {
  cursor
  type
  status
  opinion {
    ...PublicOpinion
  }
}`) as unknown as TypedDocumentString<PublicSessionEventsSubscription, PublicSessionEventsSubscriptionVariables>;
export const SessionFingerprintDocument = new TypedDocumentString(`
    query SessionFingerprint($id: ID!) {
  session(id: $id) {
    id
    recordFingerprint
  }
}
    `) as unknown as TypedDocumentString<SessionFingerprintQuery, SessionFingerprintQueryVariables>;
export const PublicStatsChangedDocument = new TypedDocumentString(`
    subscription PublicStatsChanged($sessionId: ID!) {
  sessionStatsChanged(sessionId: $sessionId) {
    ...PublicStats
  }
}
    fragment PublicStats on SessionStats {
  opinions
  pending
  approved
  answered
  participants
  upvotes
}`) as unknown as TypedDocumentString<PublicStatsChangedSubscription, PublicStatsChangedSubscriptionVariables>;