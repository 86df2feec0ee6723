import crypto from 'node:crypto';
import type { Prisma } from '../../db/client.js';
import { posterKey } from '../../auth/poster.js';
import { hasUnitRole, Role, type Viewer } from '../../auth/viewer.js';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../../common/errors.js';
import { ModerationAction, type ModerationReason, OpinionKind, OpinionOrder, OpinionStatus, SessionStatus } from '../../common/enums.js';
import { decodeCursor, encodeCursor, pageSize, toPage } from '../../common/pagination.js';
import { foldForSearch, optionalText, requireText, searchTerms } from '../../common/text.js';
import { opinionSnapshot, type EventPublisher } from '../../live/events.js';
import { appendAudit, opinionState } from '../record/record.chain.js';
import { canSeeOpinion, isPublicOpinion, listedOpinionWhere, ownOpinionWhere } from './opinion.visibility.js';

export type OpinionRow = Awaited<ReturnType<Prisma['opinion']['findUniqueOrThrow']>>;

export interface SubmitOpinionData {
  sessionId: string;
  body: string;
  kind?: string | null;
  topicId?: string | null;
  authorName?: string | null;
  contact?: string | null;
  idempotencyKey?: string | null;
}

export interface OpinionListArgs {
  status?: string | null;
  kind?: string | null;
  topicId?: string | null;
  search?: string | null;
  orderBy?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface ModerateData {
  viewer: Viewer;
  id: string;
  action: ModerationAction;
  /** Free text; required for REJECT and HIDE. */
  reason?: string | null;
  /** Required for REJECT and HIDE; kept while the opinion stays rejected or hidden. */
  reasonCode?: ModerationReason | null;
}

/** Who is posting, as far as counting participants goes (see SessionStats.participants). */
export interface Poster {
  viewer: Viewer;
  /** A device id from the client, or a hash of its address, for posters without a token. */
  deviceKey: string;
}

const BODY_MAX = 5000;

/**
 * The idempotency key as stored: keys belong to their poster (citizen token, staff member or
 * X-Device-Id), so another poster's key is simply a new key. A bare address (no token, no device
 * id) is shared by a whole hall on one Wi-Fi, so there the key also covers the text: a neighbour
 * who reuses a key gets an opinion of their own, never the first poster's, and no CONFLICT that
 * would confirm the key exists.
 */
export function posterIdempotencyKey({ authorKey, key, kind, body }: { authorKey: string; key: string; kind: string; body: string }): string {
  if (!authorKey.startsWith('ip:')) return key;
  const content = crypto.createHash('sha256').update(`${kind}\n${body}`).digest('base64url').slice(0, 22);
  return `${key}#${content}`;
}

// What each moderation action does, from which status. Any other pair is a CONFLICT; an action
// whose result is the current status is a no-op (two moderators clicking the same button).
const MODERATION: Record<ModerationAction, Partial<Record<OpinionStatus, OpinionStatus>>> = {
  APPROVE: { PENDING: 'APPROVED' },
  REJECT: { PENDING: 'REJECTED' },
  HIDE: { APPROVED: 'HIDDEN' },
  // Back to where it was before: a hidden opinion had been public, a rejected one waits again.
  RESTORE: { HIDDEN: 'APPROVED', REJECTED: 'PENDING' },
};
// How each effective moderation action is named on the record.
const MODERATION_RECORDED: Record<ModerationAction, string> = {
  APPROVE: 'OPINION_APPROVED',
  REJECT: 'OPINION_REJECTED',
  HIDE: 'OPINION_HIDDEN',
  RESTORE: 'OPINION_RESTORED',
};
const NO_OP: Record<ModerationAction, OpinionStatus[]> = {
  APPROVE: ['APPROVED'],
  REJECT: ['REJECTED'],
  HIDE: ['HIDDEN'],
  RESTORE: [],
};

/** Where `action` takes an opinion that is `from`: `from` itself for a no-op (a repeat), null for a CONFLICT. */
export function moderationResult(action: ModerationAction, from: OpinionStatus): OpinionStatus | null {
  if (NO_OP[action].includes(from)) return from;
  return MODERATION[action][from] ?? null;
}

/** Opinions: submission, listing, upvotes and moderation. */
export class OpinionService {
  constructor(
    private readonly prisma: Prisma,
    private readonly events: EventPublisher,
  ) {}

  /** The opinion when `viewer` may see it, else null (hidden and missing look the same). */
  async get({ viewer, id }: { viewer: Viewer; id: string }): Promise<OpinionRow | null> {
    const opinion = await this.prisma.opinion.findUnique({ where: { id }, include: { session: { select: { unitId: true } } } });
    if (!opinion || !canSeeOpinion(viewer, opinion.session.unitId, opinion)) return null;
    const { session: _session, ...row } = opinion;
    return row;
  }

  /** A page of a session's opinions, as far as `viewer` may see them. */
  async list({ viewer, session, args }: { viewer: Viewer; session: { id: string; unitId: string }; args: OpinionListArgs }) {
    const size = pageSize(args.first);
    const order = (args.orderBy ?? OpinionOrder.NEWEST) as OpinionOrder;
    const terms = args.search ? searchTerms(args.search).map((t) => t.replace(/[%_\\]/g, '')).filter(Boolean) : [];
    const where = {
      AND: [
        { sessionId: session.id },
        listedOpinionWhere(viewer, session.unitId),
        args.status ? { status: args.status as OpinionStatus } : {},
        args.kind ? { kind: args.kind as OpinionKind } : {},
        args.topicId ? { topicId: args.topicId } : {},
        ...terms.map((term) => ({ searchText: { contains: term } })),
      ],
    };
    const cursorKey = `opinion:${order}`;
    let cursorWhere = {};
    if (args.after) {
      if (order === OpinionOrder.TOP) {
        const [upvotes, seq] = decodeCursor(args.after, cursorKey, ['number', 'number']) as [number, number];
        cursorWhere = { OR: [{ upvotes: { lt: upvotes } }, { upvotes, seq: { lt: seq } }] };
      } else {
        const [seq] = decodeCursor(args.after, cursorKey, ['number']) as [number];
        cursorWhere = { seq: order === OpinionOrder.OLDEST ? { gt: seq } : { lt: seq } };
      }
    }
    const orderBy =
      order === OpinionOrder.TOP
        ? [{ upvotes: 'desc' as const }, { seq: 'desc' as const }]
        : [{ seq: order === OpinionOrder.OLDEST ? ('asc' as const) : ('desc' as const) }];
    const [rows, totalCount] = await Promise.all([
      this.prisma.opinion.findMany({ where: { AND: [where, cursorWhere] }, orderBy, take: size + 1 }),
      this.prisma.opinion.count({ where }),
    ]);
    return toPage(rows, size, totalCount, (o) =>
      encodeCursor(cursorKey, order === OpinionOrder.TOP ? [o.upvotes, o.seq] : [o.seq]),
    );
  }

  /** A citizen's own opinions in a session, tips included: the author follows what they sent. */
  async mine({ viewer, sessionId }: { viewer: Viewer; sessionId: string }) {
    if (viewer.kind !== 'citizen') throw unauthenticated('A citizen token is needed to follow your opinions');
    return this.prisma.opinion.findMany({
      where: { sessionId, ...ownOpinionWhere(viewer.id) },
      orderBy: { seq: 'asc' },
      take: 100,
    });
  }

  /**
   * Posts an opinion into a LIVE session. The seq comes from the session row, incremented in
   * the same statement that inserts the opinion, so it is unique and gap-free across instances.
   */
  async submit({ poster, input }: { poster: Poster; input: SubmitOpinionData }): Promise<OpinionRow> {
    const { viewer } = poster;
    const body = requireText(input.body, { field: 'body', max: BODY_MAX, multiline: true });
    const kind = (input.kind ?? OpinionKind.SUGGESTION) as OpinionKind;
    const authorName = optionalText(input.authorName, { field: 'authorName', max: 120 });
    const contact = optionalText(input.contact, { field: 'contact', max: 200 });
    const idempotencyKey = optionalText(input.idempotencyKey, { field: 'idempotencyKey', max: 100 });

    const sessionId = input.sessionId;
    const topicId = input.topicId || null;
    const authorKey = posterKey(viewer, poster.deviceKey);
    const citizenId = viewer.kind === 'citizen' ? viewer.id : null;
    const ownKey = idempotencyKey ? posterIdempotencyKey({ authorKey, key: idempotencyKey, kind, body }) : null;
    if (ownKey) {
      const earlier = await this.findByIdempotencyKey({ sessionId, authorKey, key: ownKey }, { body, kind });
      if (earlier) return earlier;
    }

    // One statement, one round trip: the session row hands out the next seq under its row lock
    // and the opinion is inserted with it, or nothing happens (not LIVE, anonymous where names
    // are required, a topic of another session). Seqs stay unique and gap-free across instances
    // because a failed insert rolls the increment back with it.
    let rows: OpinionRow[];
    try {
      rows = await this.prisma.$queryRaw<OpinionRow[]>`
        WITH s AS (
          UPDATE forum_session SET last_seq = last_seq + 1
           WHERE id = ${sessionId} AND status = 'LIVE'
             AND (allow_anonymous OR ${authorName}::text IS NOT NULL)
             AND (${topicId}::text IS NULL OR EXISTS (SELECT 1 FROM topic WHERE id = ${topicId}::text AND session_id = ${sessionId}))
       RETURNING last_seq, moderation_mode)
        INSERT INTO opinion (id, session_id, seq, kind, topic_id, body, search_text, author_name, author_key, citizen_id, contact, status, idempotency_key, updated_at)
        SELECT ${crypto.randomUUID()}, ${sessionId}, s.last_seq, ${kind}::"OpinionKind", ${topicId}::text, ${body}, ${foldForSearch(body)},
               ${authorName}::text, ${authorKey}, ${citizenId}::text, ${contact}::text,
               (CASE WHEN s.moderation_mode = 'POST' THEN 'APPROVED' ELSE 'PENDING' END)::"OpinionStatus", ${ownKey}::text, now()
          FROM s
     RETURNING id, session_id AS "sessionId", seq, kind::text AS kind, topic_id AS "topicId", body, search_text AS "searchText",
               author_name AS "authorName", author_key AS "authorKey", citizen_id AS "citizenId", contact, status::text AS status,
               reject_reason AS "rejectReason", moderation_reason::text AS "moderationReason", original_body AS "originalBody", upvotes, idempotency_key AS "idempotencyKey", first_response_at AS "firstResponseAt",
               created_at AS "createdAt", updated_at AS "updatedAt"`;
    } catch (error) {
      // A concurrent retry with the same key won the race: answer with its opinion. Looked up
      // rather than told by the error code, which not every driver sets (PGlite's gives no P2002).
      if (ownKey) {
        const earlier = await this.findByIdempotencyKey({ sessionId, authorKey, key: ownKey }, { body, kind });
        if (earlier) return earlier;
      }
      throw error;
    }
    if (rows.length === 0) await this.explainRefusal({ sessionId, topicId, authorName });
    const opinion = { ...rows[0], createdAt: new Date(rows[0].createdAt), updatedAt: new Date(rows[0].updatedAt) };
    this.events.publish({ type: 'opinionSubmitted', sessionId, opinion: opinionSnapshot(opinion) });
    return opinion;
  }

  /** Why the insert found no LIVE session to take the opinion, as the client should hear it. */
  private async explainRefusal({ sessionId, topicId, authorName }: { sessionId: string; topicId: string | null; authorName: string | null }): Promise<never> {
    const session = await this.prisma.forumSession.findUnique({ where: { id: sessionId } });
    if (!session) throw notFound('Session');
    if (session.status !== SessionStatus.LIVE) throw conflict(`The session is ${session.status}: it accepts opinions only while LIVE`);
    if (!authorName && !session.allowAnonymous) {
      throw badInput('This session does not take anonymous opinions: give your name in authorName', { field: 'authorName' });
    }
    if (topicId) throw badInput('topicId is not a topic of this session', { field: 'topicId' });
    throw conflict('The session changed meanwhile; try again');
  }

  /** The poster's own earlier opinion with this key; only ever looked up within one poster's keys. */
  private async findByIdempotencyKey(scope: { sessionId: string; authorKey: string; key: string }, content: { body: string; kind: string }) {
    const earlier = await this.prisma.opinion.findUnique({
      where: { sessionId_authorKey_idempotencyKey: { sessionId: scope.sessionId, authorKey: scope.authorKey, idempotencyKey: scope.key } },
    });
    if (earlier && (earlier.body !== content.body || earlier.kind !== content.kind)) {
      throw conflict('idempotencyKey was already used for a different opinion');
    }
    return earlier;
  }

  /** One upvote per citizen and opinion; a repeat changes nothing. */
  async upvote({ viewer, id }: { viewer: Viewer; id: string }): Promise<OpinionRow> {
    if (viewer.kind === 'anonymous') throw unauthenticated('Upvoting needs a citizen token (joinAsCitizen)');
    if (viewer.kind !== 'citizen') throw forbidden('Only citizens upvote');
    const opinion = await this.prisma.opinion.findUnique({ where: { id }, include: { session: { select: { unitId: true, status: true } } } });
    if (!opinion || !canSeeOpinion(viewer, opinion.session.unitId, opinion)) throw notFound('Opinion');
    // Public ones only: its author sees a tip too, but a tip's count must not move.
    if (!isPublicOpinion(opinion)) throw conflict('Only published opinions can be upvoted');
    if (opinion.session.status !== SessionStatus.LIVE) throw conflict('Upvoting is open only while the session is LIVE');
    let rows: { upvotes: number }[];
    try {
      // Insert-or-nothing and the counter move together in one statement.
      rows = await this.prisma.$queryRaw<{ upvotes: number }[]>`
        WITH vote AS (
          INSERT INTO upvote (opinion_id, citizen_id) VALUES (${id}, ${viewer.id})
          ON CONFLICT DO NOTHING RETURNING opinion_id)
        UPDATE opinion SET upvotes = upvotes + 1, updated_at = now()
         WHERE id IN (SELECT opinion_id FROM vote)
     RETURNING upvotes`;
    } catch (error) {
      // A token can outlive its citizen (the vote's foreign key fails). Not every driver names
      // that failure (PGlite's adapter reports no SQL code), so ask the database instead.
      if ((await this.prisma.citizen.count({ where: { id: viewer.id } })) === 0) {
        throw unauthenticated('This citizen token is no longer known: join again');
      }
      throw error;
    }
    const { session: _session, ...row } = opinion;
    if (rows.length === 0) {
      // Already voted. The count read above may predate that vote (a concurrent double click):
      // answer with the count as it is now.
      const current = await this.prisma.opinion.findUnique({ where: { id }, select: { upvotes: true } });
      return { ...row, upvotes: current?.upvotes ?? row.upvotes };
    }
    const updated = { ...row, upvotes: rows[0].upvotes };
    this.events.publish({ type: 'opinionChanged', sessionId: opinion.sessionId, opinion: opinionSnapshot(updated), previousStatus: row.status, change: 'upvotes' });
    return updated;
  }

  /**
   * Moderators and admins of the session's unit. REJECT and HIDE need a reason and a reason
   * code (which the author sees); every change is on the session's record.
   */
  async moderate({ viewer, id, action, reason, reasonCode }: ModerateData): Promise<OpinionRow> {
    const cleanReason = optionalText(reason, { field: 'reason', max: 500 });
    const removes = action === ModerationAction.REJECT || action === ModerationAction.HIDE;
    if (removes && !cleanReason) throw badInput(`${action} needs a reason`, { field: 'reason' });
    if (removes && !reasonCode) throw badInput(`${action} needs a reasonCode`, { field: 'reasonCode' });
    const opinion = await this.prisma.opinion.findUnique({ where: { id }, include: { session: { select: { unitId: true } } } });
    if (!opinion) throw notFound('Opinion');
    const unitId = opinion.session.unitId;
    if (!hasUnitRole(viewer, unitId, [Role.MODERATOR, Role.ADMIN])) {
      throw forbidden('Only moderators and admins of the session\'s unit moderate its opinions');
    }
    const { session: _session, ...row } = opinion;
    const from = opinion.status as OpinionStatus;
    const to = moderationResult(action, from);
    if (to === from) return row;
    if (!to) throw conflict(`Cannot ${action} an opinion that is ${from}`);
    const keepsReason = to === OpinionStatus.REJECTED || to === OpinionStatus.HIDDEN;
    let updated: OpinionRow;
    try {
      updated = await this.prisma.$transaction(async (tx) => {
        const changed = await tx.opinion.update({
          where: { id, status: from },
          data: { status: to, rejectReason: keepsReason ? cleanReason : null, moderationReason: keepsReason ? reasonCode : null },
        });
        await appendAudit(tx, {
          chain: { sessionId: opinion.sessionId },
          actor: viewer,
          action: MODERATION_RECORDED[action],
          entityType: 'Opinion',
          entityId: id,
          unitId,
          sessionId: opinion.sessionId,
          fromStatus: from,
          toStatus: to,
          reason: cleanReason,
          reasonCode: keepsReason ? reasonCode : null,
          state: opinionState(changed),
        });
        return changed;
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'P2025') throw error;
      // Someone moderated it meanwhile. The same action (two moderators clicking one button) is a
      // no-op like any repeat; anything else is a conflict.
      const current = await this.prisma.opinion.findUnique({ where: { id } });
      if (current && moderationResult(action, current.status as OpinionStatus) === current.status) return current;
      throw conflict('Someone moderated this opinion meanwhile; reload it');
    }
    this.events.publish({ type: 'opinionChanged', sessionId: opinion.sessionId, opinion: opinionSnapshot(updated), previousStatus: from, change: 'status' });
    return updated;
  }

  /**
   * Replaces the public text of an opinion (a phone number, a plate, a neighbour's address cut
   * out) for the unit's moderators and admins. The text as posted stays for staff in
   * `originalBody` (the first original, however often it is redacted); the change is on the record.
   */
  async redact({ viewer, id, body, reason }: { viewer: Viewer; id: string; body: string; reason: string }): Promise<OpinionRow> {
    const newBody = requireText(body, { field: 'body', max: BODY_MAX, multiline: true });
    const cleanReason = requireText(reason, { field: 'reason', max: 500 });
    const opinion = await this.prisma.opinion.findUnique({ where: { id }, include: { session: { select: { unitId: true } } } });
    if (!opinion) throw notFound('Opinion');
    const unitId = opinion.session.unitId;
    if (!hasUnitRole(viewer, unitId, [Role.MODERATOR, Role.ADMIN])) {
      throw forbidden('Only moderators and admins of the session\'s unit redact its opinions');
    }
    const { session: _session, ...row } = opinion;
    if (newBody === row.body) return row;
    const updated = await this.prisma.$transaction(async (tx) => {
      let changed: OpinionRow;
      try {
        // Conditional on the text we read, so two moderators redacting at once cannot lose the original.
        changed = await tx.opinion.update({
          where: { id, body: row.body },
          data: { body: newBody, searchText: foldForSearch(newBody), originalBody: row.originalBody ?? row.body },
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2025') throw conflict('Someone changed this opinion meanwhile; reload it');
        throw error;
      }
      await appendAudit(tx, {
        chain: { sessionId: opinion.sessionId },
        actor: viewer,
        action: 'OPINION_REDACTED',
        entityType: 'Opinion',
        entityId: id,
        unitId,
        sessionId: opinion.sessionId,
        fromStatus: row.status,
        toStatus: row.status,
        reason: cleanReason,
        state: opinionState(changed),
      });
      return changed;
    });
    this.events.publish({ type: 'opinionChanged', sessionId: opinion.sessionId, opinion: opinionSnapshot(updated), previousStatus: row.status, change: 'redaction' });
    return updated;
  }
}
