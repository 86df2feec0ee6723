import type { Prisma } from '../../db/client.js';
import { canManageUnit, hasUnitRole, Role, type Viewer } from '../../auth/viewer.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors.js';
import { ModerationMode, SessionStatus } from '../../common/enums.js';
import { decodeCursor, encodeCursor, pageSize, toPage } from '../../common/pagination.js';
import { optionalText, requireText } from '../../common/text.js';
import { sessionSnapshot } from '../../record/events.js';
import { sessionState, sessionSubject } from '../../record/chain.js';
import type { Recorder } from '../../record/recorder.js';
import { AuditAction, JournalType } from '../../record/vocabulary.js';
import { newJoinCode, normalizeJoinCode } from './join-code.js';

export interface CreateSessionData {
  unitId: string;
  title: string;
  description?: string | null;
  location?: string | null;
  startsAt: Date;
  endsAt?: Date | null;
  moderationMode?: string | null;
  allowAnonymous?: boolean | null;
  topics?: string[] | null;
}

export interface UpdateSessionData {
  id: string;
  /** Absent or null: unchanged. */
  title?: string | null;
  /** Absent: unchanged; null or blank: cleared. Same for location and endsAt. */
  description?: string | null;
  location?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  moderationMode?: string | null;
  allowAnonymous?: boolean | null;
  addTopics?: string[] | null;
  renameTopics?: { id: string; name: string }[] | null;
}

export interface SessionListArgs {
  status?: string | null;
  unitId?: string | null;
  first?: number | null;
  after?: string | null;
}

export type SessionRow = Awaited<ReturnType<Prisma['forumSession']['findUniqueOrThrow']>>;

const MAX_TOPICS = 50;
// A fresh code meets an existing one about once in 887 million / sessions; five draws never all do.
const JOIN_CODE_ATTEMPTS = 5;

// Allowed moves; CLOSED → LIVE is the admin's alone (reopening a record), see setStatus.
const TRANSITIONS: Record<string, string[]> = {
  [SessionStatus.SCHEDULED]: [SessionStatus.LIVE, SessionStatus.CLOSED],
  [SessionStatus.LIVE]: [SessionStatus.CLOSED],
  [SessionStatus.CLOSED]: [SessionStatus.LIVE],
};

/** Forum sessions: scheduling, going live, closing. */
export class ForumSessionService {
  constructor(
    private readonly prisma: Prisma,
    private readonly recorder: Recorder,
  ) {}

  /** Sessions, most recent start first. */
  async list(args: SessionListArgs) {
    const size = pageSize(args.first);
    const where = {
      ...(args.status ? { status: args.status as SessionStatus } : {}),
      ...(args.unitId ? { unitId: args.unitId } : {}),
    };
    let cursorWhere = {};
    if (args.after) {
      const [startsAt, id] = decodeCursor(args.after, 'session', ['number', 'string']) as [number, string];
      const at = new Date(startsAt);
      // A finite number can still lie outside the Date range (±8.64e15 ms).
      if (Number.isNaN(at.getTime())) throw badInput('cursor.invalid', { field: 'after' });
      cursorWhere = { OR: [{ startsAt: { lt: at } }, { startsAt: at, id: { lt: id } }] };
    }
    const [rows, totalCount] = await Promise.all([
      this.prisma.forumSession.findMany({
        where: { AND: [where, cursorWhere] },
        orderBy: [{ startsAt: 'desc' }, { id: 'desc' }],
        take: size + 1,
      }),
      this.prisma.forumSession.count({ where }),
    ]);
    return toPage(rows, size, totalCount, (s) => encodeCursor('session', [s.startsAt.getTime(), s.id]));
  }

  /** The session a citizen reaches by its join code; case, spaces, dashes, full-width forms and invisible characters ignored; null when unknown. */
  async byJoinCode(typed: string) {
    const code = normalizeJoinCode(typed);
    return code ? this.prisma.forumSession.findUnique({ where: { joinCode: code } }) : null;
  }

  /** An ADMIN of the unit or of a unit above it, or a MODERATOR of the unit. Topics are created with the session. */
  async create({ viewer, input }: { viewer: Viewer; input: CreateSessionData }) {
    if (!canManageUnit(viewer, input.unitId) && !hasUnitRole(viewer, input.unitId, [Role.MODERATOR])) {
      throw forbidden('session.createNotAllowed');
    }
    const title = requireText(input.title, { field: 'title', max: 200 });
    const description = optionalText(input.description, { field: 'description', max: 5000, multiline: true });
    const location = optionalText(input.location, { field: 'location', max: 200 });
    checkTimes(input.startsAt, input.endsAt ?? null);
    const topics = uniqueTopics(input.topics ?? []);
    const unit = await this.prisma.unit.findUnique({ where: { id: input.unitId } });
    if (!unit) throw notFound('unit.notFound');
    for (let attempt = 1; ; attempt++) {
      const joinCode = newJoinCode();
      try {
        return await this.recorder.commit(async (tx) => {
          const created = await tx.forumSession.create({
            data: {
              unitId: unit.id,
              title,
              description,
              location,
              startsAt: input.startsAt,
              endsAt: input.endsAt ?? null,
              moderationMode: (input.moderationMode ?? ModerationMode.PRE) as ModerationMode,
              allowAnonymous: input.allowAnonymous ?? true,
              joinCode,
              topics: { create: topics.map((name, position) => ({ name, position })) },
            },
          });
          // The first entry of the session's own chain.
          const audit = { ...sessionSubject(created), actor: viewer, action: AuditAction.SESSION_CREATED, toStatus: created.status, state: sessionState(created) };
          return { result: created, audit };
        });
      } catch (error) {
        // Asked rather than read from the error code, which PGlite's adapter does not set.
        const taken = (await this.prisma.forumSession.count({ where: { joinCode } })) > 0;
        if (!taken || attempt >= JOIN_CODE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * ADMIN, or a MODERATOR of the session's unit: details, times, moderation, anonymity, topics
   * added and renamed; validated as at creation, in any status (a closed session's record may
   * need a corrected place or title). One audit entry names what changed.
   */
  async update({ viewer, input }: { viewer: Viewer; input: UpdateSessionData }) {
    const session = await this.prisma.forumSession.findUnique({ where: { id: input.id } });
    if (!session) throw notFound('session.notFound');
    if (!canManageUnit(viewer, session.unitId) && !hasUnitRole(viewer, session.unitId, [Role.MODERATOR])) {
      throw forbidden('session.changeNotAllowed');
    }
    const data: Record<string, unknown> = {};
    if (input.title != null) data.title = requireText(input.title, { field: 'title', max: 200 });
    if (input.description !== undefined) data.description = optionalText(input.description, { field: 'description', max: 5000, multiline: true });
    if (input.location !== undefined) data.location = optionalText(input.location, { field: 'location', max: 200 });
    if (input.startsAt != null) data.startsAt = input.startsAt;
    if (input.endsAt !== undefined) data.endsAt = input.endsAt;
    checkTimes((data.startsAt as Date | undefined) ?? session.startsAt, data.endsAt !== undefined ? (data.endsAt as Date | null) : session.endsAt);
    if (input.moderationMode != null) data.moderationMode = input.moderationMode as ModerationMode;
    if (input.allowAnonymous != null) data.allowAnonymous = input.allowAnonymous;
    const changed = Object.keys(data).filter((key) => !sameValue(data[key], session[key as keyof SessionRow]));

    const existing = await this.prisma.topic.findMany({ where: { sessionId: session.id }, orderBy: { position: 'asc' } });
    const renames = topicRenames(existing, input.renameTopics ?? []);
    const renamedKeys = new Set(renames.map((r) => topicKey(r.name)));
    const keptKeys = new Set(existing.filter((t) => !renames.some((r) => r.id === t.id)).map((t) => topicKey(t.name)));
    for (const key of renamedKeys) if (keptKeys.has(key)) throw conflict('session.topicNameTaken');
    const added = uniqueTopics(input.addTopics ?? []).filter((name) => !keptKeys.has(topicKey(name)) && !renamedKeys.has(topicKey(name)));
    if (existing.length + added.length > MAX_TOPICS) throw badInput({ id: 'session.tooManyTopics', params: { max: MAX_TOPICS } }, { field: 'addTopics' });

    const summary = [
      ...changed,
      ...renames.map((r) => `topic "${r.from}" → "${r.name}"`),
      ...added.map((name) => `topic "${name}" added`),
    ];
    if (summary.length === 0) return session;
    const nextPosition = existing.reduce((max, t) => Math.max(max, t.position + 1), 0);
    return this.recorder.commit(async (tx) => {
      // Two passes, so that swapping two names never meets the unique (session, name) index midway.
      for (const rename of renames) await tx.topic.update({ where: { id: rename.id }, data: { name: `renaming ${rename.id}` } });
      for (const rename of renames) await tx.topic.update({ where: { id: rename.id }, data: { name: rename.name } });
      if (added.length > 0) {
        await tx.topic.createMany({ data: added.map((name, i) => ({ sessionId: session.id, name, position: nextPosition + i })) });
      }
      const updated = await tx.forumSession.update({ where: { id: session.id }, data });
      return {
        result: updated,
        audit: { ...sessionSubject(session), actor: viewer, action: AuditAction.SESSION_UPDATED, reason: summary.join('; ').slice(0, 2000), state: sessionState(updated) },
        journal: { sessionId: session.id, type: JournalType.SESSION_UPDATED, session: sessionSnapshot(updated) },
      };
    });
  }

  /**
   * SCHEDULED → LIVE → CLOSED (SCHEDULED → CLOSED cancels). Reopening a CLOSED session is the
   * admin's alone. Setting the current status again is a no-op.
   */
  async setStatus({ viewer, id, status }: { viewer: Viewer; id: string; status: string }) {
    const session = await this.prisma.forumSession.findUnique({ where: { id } });
    if (!session) throw notFound('session.notFound');
    if (!canManageUnit(viewer, session.unitId) && !hasUnitRole(viewer, session.unitId, [Role.MODERATOR])) throw forbidden('session.changeNotAllowed');
    if (session.status === status) return session;
    if (!TRANSITIONS[session.status]?.includes(status)) {
      throw conflict({ id: 'session.transition', params: { from: session.status, to: status } });
    }
    if (session.status === SessionStatus.CLOSED && !canManageUnit(viewer, session.unitId)) throw forbidden('session.reopenNeedsAdmin');
    return this.recorder
      .commit(async (tx) => {
        const changed = await tx.forumSession.update({ where: { id, status: session.status }, data: { status: status as SessionStatus } });
        const transition = { fromStatus: session.status, toStatus: status, state: sessionState(changed) };
        return {
          result: changed,
          audit: { ...sessionSubject(session), actor: viewer, action: AuditAction.SESSION_STATUS_CHANGED, ...transition },
          journal: { sessionId: id, type: JournalType.SESSION_STATUS_CHANGED, status, previousStatus: session.status },
        };
      })
      .catch((error) => {
        // The conditional update found the row changed under us.
        if ((error as { code?: string }).code === 'P2025') throw conflict('session.changedReload');
        throw error;
      });
  }
}

function checkDate(value: Date, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badInput({ id: 'date.invalid', params: { field } }, { field });
}

/** Valid dates, and an end (if any) after the start: at creation and after every update. */
function checkTimes(startsAt: Date, endsAt: Date | null): void {
  checkDate(startsAt, 'startsAt');
  if (!endsAt) return;
  checkDate(endsAt, 'endsAt');
  if (endsAt.getTime() <= startsAt.getTime()) throw badInput('session.endsBeforeStart', { field: 'endsAt' });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

/** How topic names compare: letter case and Unicode form aside (requireText already folded spaces and NFC). */
const topicKey = (name: string) => name.toLowerCase();

/** The renames that change something, checked: the session's own topics, each at most once, valid names. */
function topicRenames(existing: { id: string; name: string }[], renames: { id: string; name: string }[]) {
  const result: { id: string; from: string; name: string }[] = [];
  const seen = new Set<string>();
  for (const rename of renames) {
    const topic = existing.find((t) => t.id === rename.id);
    if (!topic) throw badInput('session.renameUnknownTopic', { field: 'renameTopics' });
    if (seen.has(topic.id)) throw badInput('session.renameTwice', { field: 'renameTopics' });
    seen.add(topic.id);
    const name = requireText(rename.name, { field: 'renameTopics', max: 120 });
    if (name !== topic.name) result.push({ id: topic.id, from: topic.name, name });
  }
  const keys = result.map((r) => topicKey(r.name));
  if (new Set(keys).size !== keys.length) throw conflict('session.topicNamesRepeat');
  return result;
}

function uniqueTopics(names: string[]): string[] {
  const seen = new Set<string>();
  const topics: string[] = [];
  for (const raw of names) {
    const name = requireText(raw, { field: 'topics', max: 120 });
    const key = topicKey(name);
    if (seen.has(key)) continue;
    seen.add(key);
    topics.push(name);
  }
  if (topics.length > MAX_TOPICS) throw badInput({ id: 'session.tooManyTopics', params: { max: MAX_TOPICS } }, { field: 'topics' });
  return topics;
}
