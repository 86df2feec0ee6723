// Who may see what, in one place: opinions, tips, staff fields, figures, the session record, the
// fingerprint, the audit log and which live executions viewers share. Each rule is a predicate
// (for rows and events in hand) and, beside it where a query needs it, the same rule as a Prisma
// `where` or SQL. Change both or neither: test/auth/visibility.test.ts checks every pair against
// a real database, viewer by viewer, kind by kind, status by status.
import prismaModule from '@prisma/client';
import type { Prisma as PrismaTypes } from '@prisma/client';
import { OpinionStatus, SessionStatus } from '../common/enums.js';
import { countsInStats, isTip, showsOpinion, type ViewScope } from '../shared/visibility.js';
import { ANONYMOUS, canManageUnit, isUnitStaff, type Viewer } from './viewer.js';

export { countsInPublicStats, countsInStats, isPublicOpinion, isTip, showsOpinion, type OpinionState, type ViewScope } from '../shared/visibility.js';

const { Prisma: PrismaSql } = prismaModule;

/** What visibility rules need to know about an opinion. */
export interface OpinionFacts {
  kind: string;
  status: string;
  citizenId: string | null;
}

/** A session as far as visibility goes: whose it is and whether it has closed. */
export interface SessionFacts {
  unitId: string;
  status: string;
}

/** An opinion table or its alias in a query. */
type OpinionTable = 'opinion' | 'o' | 'target';

/**
 * The view of a session of `unitId` that `viewer` gets: 'staff' for staff of the unit or a unit
 * above it (any role), 'public' for everyone else (citizens, other units' staff, the bootstrap
 * ADMIN). Decides the opinions listed, the figures counted, the record's numbering and cursors.
 */
export function viewScope(viewer: Viewer, unitId: string): ViewScope {
  return isUnitStaff(viewer, unitId) ? 'staff' : 'public';
}

/** `isPublicOpinion` as a Prisma filter. */
export const publicOpinionWhere = { status: OpinionStatus.APPROVED, kind: { not: 'TIP' } } satisfies PrismaTypes.OpinionWhereInput;

/** `isPublicOpinion` as SQL over the opinion table (or its alias) `table`. */
export function publicOpinionSql(table: OpinionTable): PrismaTypes.Sql {
  return PrismaSql.raw(`(${table}.status = '${OpinionStatus.APPROVED}' AND ${table}.kind <> 'TIP')`);
}

/** `isTip` as SQL over the opinion table (or its alias) `table`. */
function isTipSql(table: OpinionTable): PrismaTypes.Sql {
  return PrismaSql.raw(`${table}.kind = 'TIP'`);
}

/**
 * Whether `viewer` may see an opinion of a session of `unitId`:
 * the unit's staff see everything; everyone else sees public opinions; the citizen token that
 * posted an opinion follows it in any status, tips included.
 */
export function canSeeOpinion(viewer: Viewer, unitId: string, opinion: OpinionFacts): boolean {
  return showsOpinion(viewScope(viewer, unitId), opinion) || isOwnOpinion(viewer, opinion);
}

/** An opinion the viewer posted with their citizen token, which they follow in any status, tips included. */
export function isOwnOpinion(viewer: Viewer, opinion: Pick<OpinionFacts, 'citizenId'>): boolean {
  return viewer.kind === 'citizen' && opinion.citizenId !== null && opinion.citizenId === viewer.id;
}

/** `isOwnOpinion` as a Prisma filter, for a citizen. */
export function ownOpinionWhere(citizenId: string) {
  return { citizenId } satisfies PrismaTypes.OpinionWhereInput;
}

/** `showsOpinion` as a Prisma filter: everything in the staff view, the public opinions in the public view. */
export function shownOpinionWhere(scope: ViewScope): PrismaTypes.OpinionWhereInput {
  return scope === 'staff' ? {} : publicOpinionWhere;
}

/** What a session's opinion lists show `viewer`: everything to the unit's staff, public opinions to others. */
export function listedOpinionWhere(viewer: Viewer, unitId: string): PrismaTypes.OpinionWhereInput {
  return shownOpinionWhere(viewScope(viewer, unitId));
}

/**
 * Contact details, the text as posted before a redaction and the personal data found in it: the
 * session unit's staff only. Not even the author: a citizen token lives on a phone that is passed
 * around in the hall, and following one's opinion needs none of it (a redaction removed that
 * text precisely so that no screen outside the unit shows it again).
 */
export function canSeeStaffFields(viewer: Viewer, unitId: string): boolean {
  return viewScope(viewer, unitId) === 'staff';
}

/**
 * A tip's follow-up (status, case number, suspects, history): the unit's staff alone, never the
 * public, other citizens nor the tip's author; nobody for an opinion that is not a tip.
 */
export function canSeeTipFollowUp(viewer: Viewer, unitId: string, opinion: Pick<OpinionFacts, 'kind'>): boolean {
  return isTip(opinion) && canSeeStaffFields(viewer, unitId);
}

/** `countsInPublicStats` as SQL over the opinion table (or its alias) `table`. */
export function countsInPublicStatsSql(table: 'opinion' | 'o'): PrismaTypes.Sql {
  return PrismaSql.raw(`${table}.kind <> 'TIP'`);
}

/** `countsInStats` as SQL over the opinion table (or its alias) `table`. */
export function countsInStatsSql(scope: ViewScope, table: 'opinion' | 'o'): PrismaTypes.Sql {
  return scope === 'staff' ? PrismaSql.raw('TRUE') : countsInPublicStatsSql(table);
}

/** Why an opinion was rejected or hidden (free text and code): the unit's staff and the opinion's author. */
export function canSeeModerationReason(viewer: Viewer, unitId: string, opinion: Pick<OpinionFacts, 'citizenId'>): boolean {
  return canSeeStaffFields(viewer, unitId) || isOwnOpinion(viewer, opinion);
}

/**
 * The `seq` shown outside the unit's staff: the opinion's public seq (its place among the
 * session's opinions that are not tips), or 0 for a tip (its author sees it; its place would
 * count the tips before it).
 */
export function publicSeqShown(publicSeq: number | null | undefined): number {
  return publicSeq ?? 0;
}

/**
 * Whether `viewer` may know a session's tip totals: its unit's staff, and everyone once the
 * session is CLOSED, so that nobody outside the unit can watch tips arrive or move on while it
 * runs. Decides the tip figures of reports and which fingerprint is shown (full or public).
 */
export function seesTipTotals(viewer: Viewer, session: SessionFacts): boolean {
  return canSeeStaffFields(viewer, session.unitId) || session.status === SessionStatus.CLOSED;
}

/** Of `unitIds`, those whose tips and staff-only figures `viewer` may count in a report. */
export function staffUnitsOf(viewer: Viewer, unitIds: readonly string[]): string[] {
  return unitIds.filter((unitId) => canSeeStaffFields(viewer, unitId));
}

/** The scope of a report over `unitIds` for a viewer who is staff of `staffUnits`: 'staff' when any of them (tips show by kind). */
export function reportScope(staffUnits: readonly string[], unitIds: readonly string[]): ViewScope {
  return unitIds.some((unitId) => staffUnits.includes(unitId)) ? 'staff' : 'public';
}

/**
 * Whether a report counts an opinion of `session` in its opinion figures (opinions, participants,
 * answers, kinds, topics): as the session's stats count it for the same viewer.
 */
export function countsInReport(viewer: Viewer, session: SessionFacts, opinion: Pick<OpinionFacts, 'kind'>): boolean {
  return countsInStats(viewScope(viewer, session.unitId), opinion);
}

/** `countsInReport` as SQL over `opinion o JOIN forum_session s`, for a viewer who is staff of `staffUnits` (staffUnitsOf). */
export function countsInReportSql(staffUnits: readonly string[]): PrismaTypes.Sql {
  return PrismaSql.sql`(${countsInPublicStatsSql('o')} OR s.unit_id = ANY(${[...staffUnits]}::text[]))`;
}

/** Whether a report counts an opinion of `session` in its tip figures (received, verified, cases, suspects). */
export function countsInTipFigures(viewer: Viewer, session: SessionFacts, opinion: Pick<OpinionFacts, 'kind'>): boolean {
  return isTip(opinion) && seesTipTotals(viewer, session);
}

/** `countsInTipFigures` as SQL over `opinion o JOIN forum_session s`, for a viewer who is staff of `staffUnits` (staffUnitsOf). */
export function countsInTipFiguresSql(staffUnits: readonly string[]): PrismaTypes.Sql {
  return PrismaSql.sql`(${isTipSql('o')} AND (s.unit_id = ANY(${[...staffUnits]}::text[]) OR s.status = 'CLOSED'))`;
}

/**
 * Who reads a unit's audit log (moderators' reasons, tip follow-ups, staff changes): its own staff,
 * an ADMIN of a unit above it, the bootstrap ADMIN. Never sideways or upwards, and no other role
 * from above.
 */
export function canReadAuditLog(viewer: Viewer, unitId: string): boolean {
  return (viewer.kind === 'staff' && viewer.unitId === unitId) || canManageUnit(viewer, unitId);
}

// Live feeds whose output is the same for everyone outside the session's staff: a citizen's own
// opinions never appear in them, so citizens execute them as the public (executingViewer) and
// share one execution with anonymous viewers.
const PUBLIC_FEEDS: ReadonlySet<string> = new Set(['opinionPublished', 'sessionStatsChanged', 'sessionEvents']);

/**
 * The viewer a subscription to the live feed `field` executes as. Everyone outside the session's
 * staff sees the same of a public feed, so a citizen executes it as the public: a shared execution
 * then never resolves a field for one member's eyes (the moderation reason its author may read)
 * and sends it to all.
 */
export function executingViewer(viewer: Viewer, field: string | null): Viewer {
  return viewer.kind === 'citizen' && field !== null && PUBLIC_FEEDS.has(field) ? ANONYMOUS : viewer;
}

/**
 * Who sees the same of the live feed `field` (viewers with one key may share an execution): staff
 * of one unit see the same, anonymous viewers see the same, a citizen sees the public view plus
 * their own opinions (so shares only the public feeds).
 */
export function audienceOf(viewer: Viewer, field: string): string {
  // Staff see what their units cover: one key per unit and version of the unit tree.
  if (viewer.kind === 'staff') return `staff:${viewer.coverage?.key ?? viewer.unitId ?? '-'}`;
  if (viewer.kind === 'citizen' && !PUBLIC_FEEDS.has(field)) return `citizen:${viewer.id}`;
  return 'public';
}
