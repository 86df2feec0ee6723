import crypto from 'node:crypto';
import type { Prisma as PrismaNamespace } from '@prisma/client';
import { SYSTEM, type Viewer } from '../auth/viewer.js';
import type { ModerationReason } from '../common/enums.js';
import { EntityType, type AuditAction } from './vocabulary.js';

/** A Prisma client inside an interactive transaction. */
export type Tx = PrismaNamespace.TransactionClient;

/** The hash every chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain of a session (its opinions, responses and status) or of a unit (its staff, its own creation). */
export type ChainOf = { sessionId: string } | { unitId: string };

export function chainId(of: ChainOf): string {
  return 'sessionId' in of ? `session:${of.sessionId}` : `unit:${of.unitId}`;
}

/** One staff action, as the caller describes it. */
export interface AuditInput {
  chain: ChainOf;
  /** The staff member acting; null for the system itself (the demo seed, ADMIN_EMAIL). */
  actor: Viewer | null;
  /** Noun and verb, from the vocabulary: OPINION_APPROVED, STAFF_CREATED, … */
  action: AuditAction;
  entityType: EntityType;
  entityId: string;
  unitId: string | null;
  sessionId?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  reasonCode?: ModerationReason | null;
  /** The subject's state after the action (see the *State functions below); only its salted digest is kept. */
  state?: Record<string, unknown> | null;
}

/** What an audit entry is about and the chain it goes on: spread into an AuditInput. */
export type AuditSubject = Pick<AuditInput, 'chain' | 'entityType' | 'entityId' | 'unitId' | 'sessionId'>;

/** A unit, on its own chain. */
export function unitSubject(unit: { id: string }): AuditSubject {
  return { chain: { unitId: unit.id }, entityType: EntityType.UNIT, entityId: unit.id, unitId: unit.id };
}

/** A staff member, on the chain of their unit (the system's own chain for staff without a unit). */
export function staffSubject(staff: { id: string; unitId: string | null }): AuditSubject {
  return { chain: { unitId: staff.unitId ?? 'system' }, entityType: EntityType.STAFF, entityId: staff.id, unitId: staff.unitId };
}

/** A session, on its own chain. */
export function sessionSubject(session: { id: string; unitId: string }): AuditSubject {
  return { chain: { sessionId: session.id }, entityType: EntityType.SESSION, entityId: session.id, unitId: session.unitId, sessionId: session.id };
}

/** An opinion (a tip too), on its session's chain. */
export function opinionSubject(opinion: { id: string; sessionId: string }, unitId: string): AuditSubject {
  return { chain: { sessionId: opinion.sessionId }, entityType: EntityType.OPINION, entityId: opinion.id, unitId, sessionId: opinion.sessionId };
}

/** An official response, on the chain of its opinion's session. */
export function responseSubject(responseId: string, opinion: { sessionId: string }, unitId: string): AuditSubject {
  return { chain: { sessionId: opinion.sessionId }, entityType: EntityType.RESPONSE, entityId: responseId, unitId, sessionId: opinion.sessionId };
}

/** An audit row as stored (the columns the hash covers, and the hash). */
export interface AuditRowLike {
  chain: string;
  seq: number;
  createdAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  unitId: string | null;
  sessionId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  reasonCode: string | null;
  stateDigest: string | null;
  salt: string | null;
  prevHash: string | null;
  hash: string | null;
}

/** JSON with object keys sorted: one text for one value, whatever order its keys were built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

/** The salted digest of a subject's state: proves what it was without revealing a confidential text. */
export function stateDigest(salt: string, state: Record<string, unknown>): string {
  return sha256(`${salt}\n${canonicalJson(state)}`);
}

/** SHA-256 over the previous hash, the salt and every column of the entry but its own hash. */
export function entryHash(row: AuditRowLike, prevHash: string): string {
  const entry = [
    row.chain,
    row.seq,
    row.createdAt.toISOString(),
    row.actorId,
    row.actorRole,
    row.action,
    row.entityType,
    row.entityId,
    row.unitId,
    row.sessionId,
    row.fromStatus,
    row.toStatus,
    row.reason,
    row.reasonCode,
    row.stateDigest,
  ];
  return sha256(`${prevHash}\n${row.salt}\n${canonicalJson(entry)}`);
}

/** What the record remembers of an opinion: everything a later SQL edit could change but upvotes and timing. */
export function opinionState(o: {
  kind: string;
  status: string;
  body: string;
  originalBody: string | null;
  topicId: string | null;
  authorName: string | null;
  contact: string | null;
  moderationReason: string | null;
  rejectReason: string | null;
}): Record<string, unknown> {
  return {
    kind: o.kind,
    status: o.status,
    body: o.body,
    originalBody: o.originalBody,
    topicId: o.topicId,
    authorName: o.authorName,
    contact: o.contact,
    moderationReason: o.moderationReason,
    rejectReason: o.rejectReason,
  };
}

/** What the record remembers of an official response. */
export function responseState(r: { opinionId: string; body: string; outcome: string; responderId: string }): Record<string, unknown> {
  return { opinionId: r.opinionId, body: r.body, outcome: r.outcome, responderId: r.responderId };
}

/** What the record remembers of a session: its status (the rest is announced, not decided, and may be edited). */
export function sessionState(s: { status: string }): Record<string, unknown> {
  return { status: s.status };
}

/**
 * Appends one staff action to its chain inside the caller's transaction. The chain's head row is
 * locked first (an upsert), so concurrent writers take turns and the chain cannot fork; the
 * entry commits or rolls back with the action it records.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<AuditRowLike & { id: string }> {
  const chain = chainId(input.chain);
  const [head] = await tx.$queryRaw<{ last_seq: number; head_hash: string }[]>`
    INSERT INTO record_chain (id) VALUES (${chain})
    ON CONFLICT (id) DO UPDATE SET last_seq = record_chain.last_seq
    RETURNING last_seq, head_hash`;
  const salt = crypto.randomBytes(16).toString('hex');
  // The system itself (seed, first start) is recorded as no actor.
  const staff = input.actor?.kind === 'staff' && input.actor !== SYSTEM ? input.actor : null;
  const row: AuditRowLike = {
    chain,
    seq: head.last_seq + 1,
    // Milliseconds, as the column keeps them, so the hash recomputes from what is stored.
    createdAt: new Date(Date.now()),
    actorId: staff?.id ?? null,
    actorRole: staff?.role ?? null,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    unitId: input.unitId,
    sessionId: input.sessionId ?? null,
    fromStatus: input.fromStatus ?? null,
    toStatus: input.toStatus ?? null,
    reason: input.reason ?? null,
    reasonCode: input.reasonCode ?? null,
    stateDigest: input.state ? stateDigest(salt, input.state) : null,
    salt,
    prevHash: head.head_hash,
    hash: null,
  };
  row.hash = entryHash(row, head.head_hash);
  const created = await tx.auditEntry.create({
    data: { ...row, actorRole: row.actorRole as never, reasonCode: row.reasonCode as never },
  });
  await tx.recordChain.update({ where: { id: chain }, data: { lastSeq: row.seq, headHash: row.hash } });
  return { ...row, id: created.id };
}

/** A journal row (session_event) as verify-record reads it: the payload as the database renders it. */
export interface JournalLinkRow {
  sessionId: string;
  position: number;
  type: string;
  opinionId: string | null;
  responseId: string | null;
  createdAt: Date;
  /** `payload::text`: jsonb renders one text for one value, whatever order its keys were built in. */
  payloadText: string;
  salt: string | null;
  prevHash: string | null;
  hash: string | null;
}

/**
 * SHA-256 over the previous hash, the salt and every column of a journal entry but its own hash.
 * The database computes the same when it stores the entry (trigger session_event_chain,
 * migration 20261130050000_journal_chain); verify-record recomputes it here, independently.
 */
export function journalEntryHash(row: JournalLinkRow, prevHash: string): string {
  const entry = [row.sessionId, row.position, row.type, row.opinionId, row.responseId, row.createdAt.toISOString(), row.payloadText];
  return sha256(`${prevHash}\n${row.salt}\n${canonicalJson(entry)}`);
}

/** The journal chain of a session, as verify-record names it in problems (entry = position). */
export function journalChainId(sessionId: string): string {
  return `journal:${sessionId}`;
}

/**
 * A session's public fingerprint: one digest over the heads of its two chains, the staff actions
 * (audit record) and the journal (every opinion, vote, response, status change), so rewriting
 * either one changes it.
 */
export function sessionFingerprint({ recordHead, journalHead }: { recordHead: string; journalHead: string }): string {
  return sha256(canonicalJson({ journal: journalHead, record: recordHead }));
}
