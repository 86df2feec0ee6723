import crypto from 'node:crypto';
import type { Prisma } from '../../db/client.js';
import { posterKey } from '../../auth/poster.js';
import { actorOf, hasUnitRole, Role, type Viewer } from '../../auth/viewer.js';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../../common/errors.js';
import { ModerationAction, OpinionKind, OpinionOrder, OpinionStatus, SessionStatus } from '../../common/enums.js';
import { decodeCursor, encodeCursor, pageSize, toPage } from '../../common/pagination.js';
import { foldForSearch, optionalText, requireText, searchTerms } from '../../common/text.js';
import { opinionSnapshot, type EventPublisher } from '../../live/events.js';
import { canSeeOpinion, listedOpinionWhere, ownOpinionWhere } from './opinion.visibility.js';

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

/** Who is posting, as far as counting participants goes (see SessionStats.participants). */
export interface Poster {
  viewer: Viewer;
  /** A device id from the client, or a hash of its address, for posters without a token. */
  deviceKey: string;
}

const BODY_MAX = 5000;

// What each moderation action does, from which status. Any other pair is a CONFLICT; an action
// whose result is the current status is a no-op (two moderators clicking the same button).
const MODERATION: Record<ModerationAction, Partial<Record<OpinionStatus, OpinionStatus>>> = {
  APPROVE: { PENDING: 'APPROVED' },
  REJECT: { PENDING: 'REJECTED' },
  HIDE: { APPROVED: 'HIDDEN' },
  // Back to where it was before: a hidden opinion had been public, a rejected one waits again.
  RESTORE: { HIDDEN: 'APPROVED', REJECTED: 'PENDING' },
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

  /** A citizen's own opinions in a session (tips excluded: those are for the unit's staff). */
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
    if (idempotencyKey) {
      const earlier = await this.findByIdempotencyKey(sessionId, idempotencyKey, { body, kind });
      if (earlier) return earlier;
    }
    const authorKey = posterKey(viewer, poster.deviceKey);
    const citizenId = viewer.kind === 'citizen' ? viewer.id : null;

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
               (CASE WHEN s.moderation_mode = 'POST' THEN 'APPROVED' ELSE 'PENDING' END)::"OpinionStatus", ${idempotencyKey}::text, now()
          FROM s
     RETURNING id, session_id AS "sessionId", seq, kind::text AS kind, topic_id AS "topicId", body, search_text AS "searchText",
               author_name AS "authorName", author_key AS "authorKey", citizen_id AS "citizenId", contact, status::text AS status,
               reject_reason AS "rejectReason", upvotes, idempotency_key AS "idempotencyKey", first_response_at AS "firstResponseAt",
               created_at AS "createdAt", updated_at AS "updatedAt"`;
    } catch (error) {
      // A concurrent retry with the same key won the race: answer with its opinion. Looked up
      // rather than told by the error code, which not every driver sets (PGlite's gives no P2002).
      if (idempotencyKey) {
        const earlier = await this.findByIdempotencyKey(sessionId, idempotencyKey, { body, kind });
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

  private async findByIdempotencyKey(sessionId: string, key: string, content: { body: string; kind: string }) {
    const earlier = await this.prisma.opinion.findUnique({ where: { sessionId_idempotencyKey: { sessionId, idempotencyKey: key } } });
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
    if (opinion.status !== OpinionStatus.APPROVED) throw conflict('Only published opinions can be upvoted');
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

  /** Moderators and admins of the session's unit. REJECT and HIDE need a reason; every change is audited. */
  async moderate({ viewer, id, action, reason }: { viewer: Viewer; id: string; action: ModerationAction; reason?: string | null }): Promise<OpinionRow> {
    const cleanReason = optionalText(reason, { field: 'reason', max: 500 });
    if ((action === ModerationAction.REJECT || action === ModerationAction.HIDE) && !cleanReason) {
      throw badInput(`${action} needs a reason`, { field: 'reason' });
    }
    const opinion = await this.prisma.opinion.findUnique({ where: { id }, include: { session: { select: { unitId: true } } } });
    if (!opinion) throw notFound('Opinion');
    if (!hasUnitRole(viewer, opinion.session.unitId, [Role.MODERATOR, Role.ADMIN])) {
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
      [updated] = await this.prisma.$transaction([
        this.prisma.opinion.update({
          where: { id, status: from },
          data: { status: to, rejectReason: keepsReason ? cleanReason : null },
        }),
        this.prisma.auditEntry.create({
          data: {
            ...actorOf(viewer),
            action: `MODERATE_${action}`,
            entityType: 'Opinion',
            entityId: id,
            sessionId: opinion.sessionId,
            fromStatus: from,
            toStatus: to,
            reason: cleanReason,
          },
        }),
      ]);
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
}

