import type { Prisma } from '../../db/client.js';
import { hasUnitRole, isAdmin, Role, type Viewer } from '../../auth/viewer.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors.js';
import { ModerationMode, SessionStatus } from '../../common/enums.js';
import { decodeCursor, encodeCursor, pageSize, toPage } from '../../common/pagination.js';
import { optionalText, requireText } from '../../common/text.js';
import type { EventPublisher } from '../../live/events.js';
import { appendAudit, sessionState } from '../record/record.chain.js';

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

export interface SessionListArgs {
  status?: string | null;
  unitId?: string | null;
  first?: number | null;
  after?: string | null;
}

export type SessionRow = Awaited<ReturnType<Prisma['forumSession']['findUniqueOrThrow']>>;

const MAX_TOPICS = 50;

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
    private readonly events: EventPublisher,
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
      if (Number.isNaN(at.getTime())) throw badInput('Invalid cursor', { field: 'after' });
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

  /** ADMIN anywhere, or a MODERATOR of the unit. Topics are created with the session. */
  async create({ viewer, input }: { viewer: Viewer; input: CreateSessionData }) {
    if (!isAdmin(viewer) && !hasUnitRole(viewer, input.unitId, [Role.MODERATOR])) {
      throw forbidden('Only an admin or a moderator of this unit can create its sessions');
    }
    const title = requireText(input.title, { field: 'title', max: 200 });
    const description = optionalText(input.description, { field: 'description', max: 5000, multiline: true });
    const location = optionalText(input.location, { field: 'location', max: 200 });
    checkDate(input.startsAt, 'startsAt');
    if (input.endsAt) {
      checkDate(input.endsAt, 'endsAt');
      if (input.endsAt.getTime() <= input.startsAt.getTime()) throw badInput('endsAt must be after startsAt', { field: 'endsAt' });
    }
    const topics = uniqueTopics(input.topics ?? []);
    const unit = await this.prisma.unit.findUnique({ where: { id: input.unitId } });
    if (!unit) throw notFound('Unit');
    return this.prisma.$transaction(async (tx) => {
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
          topics: { create: topics.map((name, position) => ({ name, position })) },
        },
      });
      // The first entry of the session's own chain.
      await appendAudit(tx, {
        chain: { sessionId: created.id },
        actor: viewer,
        action: 'SESSION_CREATED',
        entityType: 'ForumSession',
        entityId: created.id,
        unitId: unit.id,
        sessionId: created.id,
        toStatus: created.status,
        state: sessionState(created),
      });
      return created;
    });
  }

  /**
   * SCHEDULED → LIVE → CLOSED (SCHEDULED → CLOSED cancels). Reopening a CLOSED session is the
   * admin's alone. Setting the current status again is a no-op.
   */
  async setStatus({ viewer, id, status }: { viewer: Viewer; id: string; status: string }) {
    const session = await this.prisma.forumSession.findUnique({ where: { id } });
    if (!session) throw notFound('Session');
    if (!isAdmin(viewer) && !hasUnitRole(viewer, session.unitId, [Role.MODERATOR])) throw forbidden('Only an admin or a moderator of this unit can change this session');
    if (session.status === status) return session;
    if (!TRANSITIONS[session.status]?.includes(status)) {
      throw conflict(`A ${session.status} session cannot become ${status}`);
    }
    if (session.status === SessionStatus.CLOSED && !isAdmin(viewer)) throw forbidden('Only an admin can reopen a closed session');
    const updated = await this.prisma
      .$transaction(async (tx) => {
        const changed = await tx.forumSession.update({ where: { id, status: session.status }, data: { status: status as SessionStatus } });
        await appendAudit(tx, {
          chain: { sessionId: id },
          actor: viewer,
          action: 'SESSION_STATUS_CHANGED',
          entityType: 'ForumSession',
          entityId: id,
          unitId: session.unitId,
          sessionId: id,
          fromStatus: session.status,
          toStatus: status,
          state: sessionState(changed),
        });
        return changed;
      })
      .catch((error) => {
        // The conditional update found the row changed under us.
        if ((error as { code?: string }).code === 'P2025') throw conflict('The session changed meanwhile; reload and try again');
        throw error;
      });
    this.events.publish({ type: 'sessionChanged', sessionId: id, status });
    return updated;
  }
}

function checkDate(value: Date, field: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badInput(`${field} is not a valid date`, { field });
}

function uniqueTopics(names: string[]): string[] {
  const seen = new Set<string>();
  const topics: string[] = [];
  for (const raw of names) {
    const name = requireText(raw, { field: 'topics', max: 120 });
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    topics.push(name);
  }
  if (topics.length > MAX_TOPICS) throw badInput(`A session has at most ${MAX_TOPICS} topics`, { field: 'topics' });
  return topics;
}
