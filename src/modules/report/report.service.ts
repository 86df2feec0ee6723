import type { Prisma } from '../../db/client.js';
import type { Viewer } from '../../auth/viewer.js';
import { badInput, forbidden, notFound, unauthenticated } from '../../common/errors.js';
import { OpinionKind } from '../../common/enums.js';
import { csvRow, UTF8_BOM } from '../../common/csv.js';
import { canSeeStaffFields, countsInReportSql, countsInStats, countsInTipFiguresSql, reportScope, staffUnitsOf } from '../../auth/visibility.js';
import { CASE_STATUSES, tipStatusOf } from '../tip/tip.service.js';

export interface UnitReport {
  unit: { id: string; name: string; parentId: string | null };
  from: Date;
  to: Date;
  sessions: number;
  participants: number;
  opinions: number;
  byKind: { kind: string; count: number }[];
  byTopicName: { name: string; count: number }[];
  answered: number;
  medianResponseSeconds: number | null;
  tipsReceived: number;
  tipsVerified: number;
  casesOpened: number;
  suspects: number;
  byUnit: UnitReport[];
  /** What `bySession` needs to count the same sessions the same way; not a field. */
  scope: ReportScope & { unitIds: string[] };
}

/** One session's figures within a unit report. */
export interface SessionReport {
  session: Awaited<ReturnType<Prisma['forumSession']['findMany']>>[number];
  opinions: number;
  participants: number;
  answered: number;
  medianResponseSeconds: number | null;
}

type UnitNode = { id: string; name: string; parentId: string | null };

interface ReportScope {
  /** Units of the tree whose tips and staff-only figures the viewer may count. */
  staffUnits: string[];
  from: Date;
  to: Date;
}

const EXPORT_PAGE = 500;
const KINDS = Object.values(OpinionKind);

/** Figures for leadership: unit reports over a period, and CSV exports for the unit's staff. */
export class ReportService {
  constructor(private readonly prisma: Prisma) {}

  /** A unit's report over [from, to), with one per unit below it; figures as `viewer` may see them. */
  async unitReport({ viewer, unitId, from, to }: { viewer: Viewer; unitId: string; from: Date; to: Date }): Promise<UnitReport> {
    checkPeriod(from, to);
    const units = await this.prisma.unit.findMany({ select: { id: true, name: true, parentId: true } });
    const root = units.find((u) => u.id === unitId);
    if (!root) throw notFound('unit.notFound');
    const children = new Map<string, UnitNode[]>();
    for (const unit of units) {
      if (unit.parentId) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit]);
    }
    const scope = { staffUnits: staffUnitsOf(viewer, units.map((u) => u.id)), from, to };
    return this.reportOf(root, children, scope);
  }

  private async reportOf(unit: UnitNode, children: Map<string, UnitNode[]>, scope: ReportScope): Promise<UnitReport> {
    const subtree = descendants(unit, children).map((u) => u.id);
    const below = (children.get(unit.id) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
    const [figures, byUnit] = await Promise.all([this.figures(subtree, scope), Promise.all(below.map((child) => this.reportOf(child, children, scope)))]);
    return { unit, from: scope.from, to: scope.to, ...figures, byUnit, scope: { ...scope, unitIds: subtree } };
  }

  /**
   * The sessions a report counts, newest first, at most `first`, each with its figures counted
   * as the report counts them (`countsInReport`: tips only for staff of the session's unit).
   */
  async bySession({ report, first }: { report: Pick<UnitReport, 'scope'>; first: number }): Promise<SessionReport[]> {
    const { unitIds, staffUnits, from, to } = report.scope;
    const sessions = await this.prisma.forumSession.findMany({
      where: { unitId: { in: unitIds }, startsAt: { gte: from, lt: to } },
      orderBy: [{ startsAt: 'desc' }, { id: 'asc' }],
      take: first,
    });
    if (sessions.length === 0) return [];
    const rows = await this.prisma.$queryRaw<{ session_id: string; opinions: number; participants: number; answered: number; median: number | null }[]>`
      WITH o AS (SELECT o.session_id, o.author_key, o.first_response_at, o.created_at
                   FROM opinion o JOIN forum_session s ON s.id = o.session_id
                  WHERE o.session_id = ANY(${sessions.map((x) => x.id)}::text[])
                    AND ${countsInReportSql(staffUnits)})
      SELECT session_id,
             count(*)::int AS opinions,
             count(DISTINCT author_key)::int AS participants,
             count(*) FILTER (WHERE first_response_at IS NOT NULL)::int AS answered,
             (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
                FILTER (WHERE first_response_at IS NOT NULL))::float8 AS median
        FROM o
       GROUP BY session_id`;
    const figures = new Map(rows.map((r) => [r.session_id, r]));
    return sessions.map((session) => {
      const row = figures.get(session.id);
      return {
        session,
        opinions: row?.opinions ?? 0,
        participants: row?.participants ?? 0,
        answered: row?.answered ?? 0,
        medianResponseSeconds: row?.median == null ? null : Number(row.median),
      };
    });
  }

  /**
   * The figures of the sessions of `unitIds` starting in the period, counted as the viewer may
   * (src/auth/visibility.ts): opinions as the session stats count them (`countsInReport`), tips in
   * the tip figures for the unit's staff and for everyone once the session is CLOSED
   * (`countsInTipFigures`), so that nobody can watch tips arrive during a session.
   */
  private async figures(unitIds: string[], { staffUnits, from, to }: ReportScope) {
    const [totals, kinds, topics] = await Promise.all([
      this.prisma.$queryRaw<
        {
          sessions: number; participants: number; opinions: number; answered: number; median: number | null;
          tips_received: number; tips_verified: number; cases_opened: number; suspects: number;
        }[]
      >`
        WITH s AS (SELECT id, unit_id, status FROM forum_session WHERE unit_id = ANY(${unitIds}::text[]) AND starts_at >= ${from} AND starts_at < ${to}),
             o AS (SELECT o.author_key, o.kind, o.first_response_at, o.created_at, o.tip_status, o.case_number, o.suspects,
                          ${countsInReportSql(staffUnits)} AS counted,
                          ${countsInTipFiguresSql(staffUnits)} AS tip_counted
                     FROM opinion o JOIN s ON s.id = o.session_id),
             cases AS (SELECT case_number, max(coalesce(suspects, 0)) AS suspects FROM o
                        WHERE tip_counted AND tip_status::text = ANY(${[...CASE_STATUSES]}::text[]) AND case_number IS NOT NULL
                        GROUP BY case_number)
        SELECT (SELECT count(*) FROM s)::int AS sessions,
               count(DISTINCT author_key) FILTER (WHERE counted)::int AS participants,
               count(*) FILTER (WHERE counted)::int AS opinions,
               count(*) FILTER (WHERE counted AND first_response_at IS NOT NULL)::int AS answered,
               (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
                  FILTER (WHERE counted AND first_response_at IS NOT NULL))::float8 AS median,
               count(*) FILTER (WHERE tip_counted)::int AS tips_received,
               count(*) FILTER (WHERE tip_counted AND tip_status::text = ANY(${[...CASE_STATUSES]}::text[]))::int AS tips_verified,
               (SELECT count(*) FROM cases)::int AS cases_opened,
               (SELECT coalesce(sum(suspects), 0) FROM cases)::int AS suspects
          FROM o`,
      this.prisma.$queryRaw<{ kind: string; count: number }[]>`
        SELECT o.kind::text AS kind, count(*)::int AS count
          FROM opinion o JOIN forum_session s ON s.id = o.session_id
         WHERE s.unit_id = ANY(${unitIds}::text[]) AND s.starts_at >= ${from} AND s.starts_at < ${to}
           AND ${countsInReportSql(staffUnits)}
         GROUP BY o.kind`,
      this.prisma.$queryRaw<{ name: string; count: number }[]>`
        SELECT t.name, count(*)::int AS count
          FROM opinion o JOIN forum_session s ON s.id = o.session_id JOIN topic t ON t.id = o.topic_id
         WHERE s.unit_id = ANY(${unitIds}::text[]) AND s.starts_at >= ${from} AND s.starts_at < ${to}
           AND ${countsInReportSql(staffUnits)}
         GROUP BY t.name
         ORDER BY count(*) DESC, t.name`,
    ]);
    const row = totals[0];
    const kindScope = reportScope(staffUnits, unitIds);
    const counts = new Map(kinds.map((k) => [k.kind, k.count]));
    return {
      sessions: row.sessions,
      participants: row.participants,
      opinions: row.opinions,
      byKind: KINDS.filter((kind) => countsInStats(kindScope, { kind })).map((kind) => ({ kind, count: counts.get(kind) ?? 0 })),
      byTopicName: topics,
      answered: row.answered,
      medianResponseSeconds: row.median === null ? null : Number(row.median),
      tipsReceived: row.tips_received,
      tipsVerified: row.tips_verified,
      casesOpened: row.cases_opened,
      suspects: row.suspects,
    };
  }

  /**
   * The CSV export of a session's opinions, for staff of its unit (who see every opinion): checks
   * first, then rows streamed a page at a time, so a session of any size never sits in memory.
   */
  async sessionOpinionsCsv({ viewer, sessionId }: { viewer: Viewer; sessionId: string }): Promise<AsyncGenerator<string>> {
    requireStaff(viewer);
    const session = await this.prisma.forumSession.findUnique({ where: { id: sessionId } });
    if (!session) throw notFound('session.notFound');
    if (!canSeeStaffFields(viewer, session.unitId)) throw forbidden('export.opinionsNotAllowed');
    return this.opinionRows(session.id);
  }

  private async *opinionRows(sessionId: string): AsyncGenerator<string> {
    yield UTF8_BOM +
      csvRow([
        'seq', 'createdAt', 'channel', 'kind', 'topic', 'status', 'authorName', 'contact', 'body', 'rejectReason',
        'upvotes', 'responses', 'tipStatus', 'caseNumber', 'suspects', 'receivedAt',
      ]);
    let after = 0;
    for (;;) {
      const page = await this.prisma.opinion.findMany({
        where: { sessionId, seq: { gt: after } },
        orderBy: { seq: 'asc' },
        take: EXPORT_PAGE,
        include: { topic: true, responses: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], include: { responder: { select: { displayName: true } } } } },
      });
      for (const o of page) {
        const responses = o.responses
          .map((r) => `[${r.outcome}${r.editedAt ? ', corrected' : ''}] ${r.body} (${r.responder.displayName}, ${r.createdAt.toISOString()})`)
          .join('\n');
        yield csvRow([
          o.seq, o.createdAt, o.channel, o.kind, o.topic?.name, o.status, o.authorName, o.contact, o.body, o.rejectReason,
          o.upvotes, responses, tipStatusOf(o), o.caseNumber, o.suspects, o.receivedAt ?? o.createdAt,
        ]);
      }
      if (page.length < EXPORT_PAGE) return;
      after = page[page.length - 1].seq;
    }
  }

  /** The CSV of a unit report: one row per unit, the unit first, then those below it, depth first. */
  async unitReportCsv({ viewer, unitId, from, to }: { viewer: Viewer; unitId: string; from: Date; to: Date }): Promise<AsyncGenerator<string>> {
    requireStaff(viewer);
    checkPeriod(from, to);
    if (!(await this.prisma.unit.findUnique({ where: { id: unitId } }))) throw notFound('unit.notFound');
    if (!canSeeStaffFields(viewer, unitId)) throw forbidden('export.reportNotAllowed');
    const report = await this.unitReport({ viewer, unitId, from, to });
    return reportRows(report);
  }
}

async function* reportRows(report: UnitReport): AsyncGenerator<string> {
  yield UTF8_BOM +
    csvRow([
      'unit', 'level', 'from', 'to', 'sessions', 'participants', 'opinions',
      ...KINDS.map((kind) => `opinions ${kind}`),
      'answered', 'medianResponseSeconds', 'tipsReceived', 'tipsVerified', 'casesOpened', 'suspects',
    ]);
  const walk = function* (r: UnitReport, level: number): Generator<string> {
    const kinds = new Map(r.byKind.map((k) => [k.kind, k.count]));
    yield csvRow([
      r.unit.name, level, r.from, r.to, r.sessions, r.participants, r.opinions,
      ...KINDS.map((kind) => kinds.get(kind) ?? null),
      r.answered, r.medianResponseSeconds, r.tipsReceived, r.tipsVerified, r.casesOpened, r.suspects,
    ]);
    for (const child of r.byUnit) yield* walk(child, level + 1);
  };
  yield* walk(report, 0);
}

function descendants(unit: UnitNode, children: Map<string, UnitNode[]>): UnitNode[] {
  const all = [unit];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i].id) ?? []));
  return all;
}

// Four-digit years: what ISO 8601 dates, Prisma and every spreadsheet read alike. JavaScript
// dates reach year 275760 and −271821, PostgreSQL's timestamps neither, and a query with such a
// bound fails inside the database instead of being refused here.
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;

function checkPeriod(from: Date, to: Date): void {
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw badInput({ id: 'date.invalid', params: { field } }, { field });
    const year = value.getUTCFullYear();
    if (year < FIRST_YEAR || year > LAST_YEAR) throw badInput({ id: 'report.yearOutOfRange', params: { field, first: FIRST_YEAR, last: LAST_YEAR } }, { field });
  }
  if (to.getTime() <= from.getTime()) throw badInput('report.toBeforeFrom', { field: 'to' });
}

function requireStaff(viewer: Viewer): void {
  if (viewer.kind === 'anonymous') throw unauthenticated('export.needsStaffToken');
  if (viewer.kind !== 'staff') throw forbidden('export.staffOnly');
}
