import crypto from 'node:crypto';
import type { Prisma } from '../../db/client.js';
import { intakeKey, isIntake, posterKey } from '../../auth/poster.js';
import { isUnitStaff, type Viewer } from '../../auth/viewer.js';
import { badInput, conflict, forbidden, notFound, unauthenticated, type AppError } from '../../common/errors.js';
import { Channel, OpinionKind, OpinionOrder, type OpinionStatus, SessionStatus } from '../../common/enums.js';
import { decodeCursor, encodeCursor, pageSize, toPage } from '../../common/pagination.js';
import { foldForSearch, optionalText, requireText, searchTerms } from '../../common/text.js';
import { opinionFromSnapshot, type OpinionSnapshot } from '../../record/events.js';
import type { Recorder } from '../../record/recorder.js';
import { SubmissionWriter, type Written } from './submission-writer.js';
import { canSeeOpinion, isPublicOpinion, listedOpinionWhere, ownOpinionWhere, publicOpinionSql, viewScope, type OpinionFacts } from '../../auth/visibility.js';

export type OpinionRow = Awaited<ReturnType<Prisma['opinion']['findUniqueOrThrow']>>;

export interface SubmitOpinionData {
  sessionId: string;
  body: string;
  kind?: string | null;
  topicId?: string | null;
  authorName?: string | null;
  contact?: string | null;
  idempotencyKey?: string | null;
  channel?: string | null;
  receivedAt?: Date | null;
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

/** The longest opinion text, as posted or as redacted. */
export const BODY_MAX = 5000;

/** How far ahead of this server's clock a given receivedAt may be (the typing device's clock skew). */
export const RECEIVED_AT_SKEW_MS = 5 * 60_000;

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

/** Opinions: submission, listing and upvotes (moderation is ModerationService's). */
export class OpinionService {
  private readonly writer: SubmissionWriter;

  /** `writeConcurrency`: submission batches written at once (SubmissionWriter). */
  constructor(
    private readonly prisma: Prisma,
    private readonly recorder: Recorder,
    { writeConcurrency = 1 }: { writeConcurrency?: number } = {},
  ) {
    this.writer = new SubmissionWriter(prisma, writeConcurrency);
  }

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
    // Outside the unit's staff the list holds no tips and is keyed by the public seq (same order
    // as seq): a cursor holding the real seq would count the tips between two opinions.
    const key = viewScope(viewer, session.unitId) === 'staff' ? ('seq' as const) : ('publicSeq' as const);
    const cursorKey = `opinion:${order}`;
    let cursorWhere = {};
    if (args.after) {
      if (order === OpinionOrder.TOP) {
        const [upvotes, seq] = decodeCursor(args.after, cursorKey, ['number', 'number']) as [number, number];
        cursorWhere = { OR: [{ upvotes: { lt: upvotes } }, { upvotes, [key]: { lt: seq } }] };
      } else {
        const [seq] = decodeCursor(args.after, cursorKey, ['number']) as [number];
        cursorWhere = { [key]: order === OpinionOrder.OLDEST ? { gt: seq } : { lt: seq } };
      }
    }
    const orderBy =
      order === OpinionOrder.TOP
        ? [{ upvotes: 'desc' as const }, { [key]: 'desc' as const }]
        : [{ [key]: order === OpinionOrder.OLDEST ? ('asc' as const) : ('desc' as const) }];
    const [rows, totalCount] = await Promise.all([
      this.prisma.opinion.findMany({ where: { AND: [where, cursorWhere] }, orderBy, take: size + 1 }),
      this.prisma.opinion.count({ where }),
    ]);
    return toPage(rows, size, totalCount, (o) => {
      const seq = o[key] ?? 0;
      return encodeCursor(cursorKey, order === OpinionOrder.TOP ? [o.upvotes, seq] : [seq]);
    });
  }

  /** A citizen's own opinions in a session, tips included: the author follows what they sent. */
  async mine({ viewer, sessionId }: { viewer: Viewer; sessionId: string }) {
    if (viewer.kind !== 'citizen') throw unauthenticated('opinion.mineNeedsCitizen');
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
    const channel = (input.channel ?? Channel.APP) as Channel;
    const intake = isIntake(viewer, channel);
    if (intake) await this.checkIntake(viewer, sessionId);
    else if (channel !== Channel.APP) throw forbidden('opinion.otherChannelPostAsApp');
    const receivedAt = receivedAtOf(input.receivedAt, intake);
    const id = crypto.randomUUID();
    // Keys belong to whoever sent them. An intake entry is its own participant (author_key unique
    // per row), so there the staff member's key is folded into the stored key instead, and a
    // partial unique index on (session, key) for intake rows stops concurrent retries
    // (migration 20261130050000_journal_chain); the loser finds the winner's opinion below.
    const keyOwner = posterKey(viewer, poster.deviceKey);
    const authorKey = intake ? intakeKey(id) : keyOwner;
    const citizenId = viewer.kind === 'citizen' ? viewer.id : null;
    const posterKeyed = idempotencyKey ? posterIdempotencyKey({ authorKey: keyOwner, key: idempotencyKey, kind, body }) : null;
    const ownKey = posterKeyed && intake ? `${keyOwner}/${posterKeyed}` : posterKeyed;
    const keyScope = { sessionId, authorKey: intake ? null : authorKey };
    if (ownKey) {
      const earlier = await this.findByIdempotencyKey({ ...keyScope, key: ownKey }, { body, kind });
      if (earlier) return earlier;
    }

    // submit_opinion (migration 20261130060000_submit_function) takes the next seq and the next
    // journal position from the session row under its row lock, inserts the opinion with them and
    // appends its journal entry, or writes nothing (not LIVE, anonymous where names are required,
    // a topic of another session, the poster's idempotency key taken by a racing retry:
    // migration 20261202020000_submit_idempotent). Seqs and positions stay gap-free across instances because a
    // failed insert rolls the increments back with it. Submissions that arrive together are
    // written together (SubmissionWriter: group commit).
    let written: Written;
    try {
      written = await this.writer.write({
        sessionId, intake, id, kind, topicId, body, searchText: foldForSearch(body), authorName, authorKey, citizenId, contact, idempotencyKey: ownKey, channel, receivedAt,
      });
    } catch (error) {
      // A concurrent retry with the same key won the race: answer with its opinion. Looked up
      // rather than told by the error code, which not every driver sets (PGlite's gives no P2002).
      if (ownKey) {
        const earlier = await this.findByIdempotencyKey({ ...keyScope, key: ownKey }, { body, kind });
        if (earlier) return earlier;
      }
      throw error;
    }
    if (!written) {
      // Not written: the poster's key was taken meanwhile (answered with its opinion, or
      // CONFLICT for another text), or the session does not take it (explained).
      const earlier = ownKey ? await this.findByIdempotencyKey({ ...keyScope, key: ownKey }, { body, kind }) : null;
      return earlier ?? this.explainRefusal({ sessionId, topicId, authorName, intake });
    }
    const { position, type, payload, ...row } = written;
    const opinion: OpinionRow = {
      ...row,
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
      receivedAt: row.receivedAt === null ? null : new Date(row.receivedAt),
    };
    this.recorder.published({ sessionId, position, type, payload, createdAt: opinion.createdAt });
    return opinion;
  }

  /** Why the insert found no LIVE session to take the opinion, as the client should hear it. */
  private async explainRefusal({ sessionId, topicId, authorName, intake }: { sessionId: string; topicId: string | null; authorName: string | null; intake: boolean }): Promise<never> {
    const session = await this.prisma.forumSession.findUnique({ where: { id: sessionId } });
    if (!session) throw notFound('session.notFound');
    if (intake && session.status === SessionStatus.SCHEDULED) throw conflict('opinion.intakeBeforeLive');
    if (!intake && session.status !== SessionStatus.LIVE) throw conflict({ id: 'opinion.sessionNotLive', params: { status: session.status } });
    if (!authorName && !session.allowAnonymous) {
      throw badInput('opinion.anonymousNotAllowed', { field: 'authorName' });
    }
    if (topicId) throw badInput('opinion.topicNotInSession', { field: 'topicId' });
    throw conflict('session.changedRetry');
  }

  /** Entries from other channels: staff of the session's unit only (checked before the insert). */
  private async checkIntake(viewer: Viewer, sessionId: string): Promise<void> {
    const session = await this.prisma.forumSession.findUnique({ where: { id: sessionId }, select: { unitId: true } });
    if (!session) throw notFound('session.notFound');
    if (!isUnitStaff(viewer, session.unitId)) throw forbidden('opinion.otherChannelNotAllowed');
  }

  /** The poster's own earlier opinion with this key; only ever looked up within one poster's keys (intake keys name their staff member). */
  private async findByIdempotencyKey(scope: { sessionId: string; authorKey: string | null; key: string }, content: { body: string; kind: string }) {
    const earlier = scope.authorKey
      ? await this.prisma.opinion.findUnique({
          where: { sessionId_authorKey_idempotencyKey: { sessionId: scope.sessionId, authorKey: scope.authorKey, idempotencyKey: scope.key } },
        })
      : await this.prisma.opinion.findFirst({ where: { sessionId: scope.sessionId, idempotencyKey: scope.key }, orderBy: { seq: 'asc' } });
    if (earlier && (earlier.body !== content.body || earlier.kind !== content.kind)) {
      throw conflict('opinion.idempotencyKeyReused');
    }
    return earlier;
  }

  /** One upvote per citizen and opinion; a repeat changes nothing. */
  async upvote({ viewer, id }: { viewer: Viewer; id: string }): Promise<OpinionRow> {
    if (viewer.kind === 'anonymous') throw unauthenticated('upvote.needsCitizenToken');
    if (viewer.kind !== 'citizen') throw forbidden('upvote.onlyCitizens');
    const opinion = await this.prisma.opinion.findUnique({ where: { id }, include: { session: { select: { unitId: true, status: true } } } });
    if (!opinion) throw notFound('opinion.notFound');
    const refused = upvoteRefusal(viewer, opinion.session.unitId, opinion, opinion.session.status);
    if (refused) throw refused;
    let vote: Awaited<ReturnType<Recorder['upvote']>>;
    try {
      // The checks above may be stale by the time the statement runs: it makes them again on the
      // rows it locks (castUpvote), with the one rule of what is public.
      vote = await this.recorder.upvote({ opinionId: id, citizenId: viewer.id, isPublic: publicOpinionSql('target') });
    } catch (error) {
      // A token can outlive its citizen (the vote's foreign key fails). Not every driver names
      // that failure (PGlite's adapter reports no SQL code), so ask the database instead.
      if ((await this.prisma.citizen.count({ where: { id: viewer.id } })) === 0) {
        throw unauthenticated('citizen.tokenUnknown');
      }
      throw error;
    }
    const { session: _session, ...row } = opinion;
    const { row: result, entry } = vote;
    if (!result) throw notFound('opinion.notFound');
    if (!entry) {
      // Nothing written: hidden or closed meanwhile (refused as the checks above would now), or
      // already voted (a concurrent double click), answered with the count as it is now.
      const now = { ...opinion, status: result.opinionStatus, kind: result.opinionKind };
      const refusedNow = upvoteRefusal(viewer, opinion.session.unitId, now, result.sessionStatus ?? SessionStatus.CLOSED);
      if (refusedNow) throw refusedNow;
      return { ...row, upvotes: result.currentUpvotes };
    }
    return { ...row, ...opinionFromSnapshot((entry as { opinion: OpinionSnapshot }).opinion) } as OpinionRow;
  }
}

/**
 * Why `viewer` may not upvote an opinion in this state (null when it may): one that it may not see
 * looks missing; a tip its author follows, or a session no longer LIVE, is a CONFLICT.
 */
/**
 * When the unit received an opinion, as given at intake: only staff typing in another channel's
 * opinion may say (a citizen's post is received when it is posted), and never later than now
 * (give or take the typing device's clock skew). Earlier than the session's start is fine: a slip
 * handed in before the forum it is for. Null: received when written.
 */
function receivedAtOf(value: Date | null | undefined, intake: boolean): Date | null {
  if (value === null || value === undefined) return null;
  if (!intake) throw badInput('opinion.receivedAtIntakeOnly', { field: 'receivedAt' });
  if (value.getTime() > Date.now() + RECEIVED_AT_SKEW_MS) throw badInput('opinion.receivedAtInFuture', { field: 'receivedAt' });
  return value;
}

function upvoteRefusal(viewer: Viewer, unitId: string, opinion: OpinionFacts, sessionStatus: string): AppError | null {
  if (!canSeeOpinion(viewer, unitId, opinion)) return notFound('opinion.notFound');
  // Public ones only: its author sees a tip too, but a tip's count must not move.
  if (!isPublicOpinion(opinion)) return conflict('upvote.onlyPublished');
  if (sessionStatus !== SessionStatus.LIVE) return conflict('upvote.onlyWhileLive');
  return null;
}
