// "What the public may see", in one place: each rule as a predicate (for rows and events in hand)
// and, beside it, the same rule as a Prisma `where` or SQL (for queries). Change both or neither;
// test/modules/opinion/opinion.visibility.test.ts checks that each pair agrees row by row.
import prismaModule from '@prisma/client';
import type { Prisma as PrismaTypes } from '@prisma/client';
import { isUnitStaff, type Viewer } from '../../auth/viewer.js';
import { OpinionKind, OpinionStatus } from '../../common/enums.js';

const { Prisma: PrismaSql } = prismaModule;

/** What visibility rules need to know about an opinion. */
export interface OpinionFacts {
  kind: string;
  status: string;
  citizenId: string | null;
}

/** Whether an opinion in this state is public: APPROVED and not a tip (what `opinionPublished` carries). */
export function isPublicOpinion(opinion: Pick<OpinionFacts, 'kind' | 'status'>): boolean {
  return opinion.kind !== OpinionKind.TIP && opinion.status === OpinionStatus.APPROVED;
}

/** `isPublicOpinion` as a Prisma filter. */
export const publicOpinionWhere = { status: OpinionStatus.APPROVED, kind: { not: OpinionKind.TIP } } satisfies PrismaTypes.OpinionWhereInput;

/** `isPublicOpinion` as SQL over the opinion table (or its alias) `table`. */
export function publicOpinionSql(table: 'opinion' | 'o' | 'target'): PrismaTypes.Sql {
  return PrismaSql.raw(`(${table}.status = '${OpinionStatus.APPROVED}' AND ${table}.kind <> '${OpinionKind.TIP}')`);
}

/**
 * Whether `viewer` may see an opinion of a session of `unitId`:
 * the unit's staff see everything; everyone else sees public opinions; the citizen token that
 * posted an opinion follows it in any status, tips included.
 */
export function canSeeOpinion(viewer: Viewer, unitId: string, opinion: OpinionFacts): boolean {
  if (isUnitStaff(viewer, unitId)) return true;
  if (isPublicOpinion(opinion)) return true;
  return isOwnOpinion(viewer, opinion);
}

/** An opinion the viewer posted with their citizen token, which they follow in any status, tips included. */
export function isOwnOpinion(viewer: Viewer, opinion: Pick<OpinionFacts, 'citizenId'>): boolean {
  return viewer.kind === 'citizen' && opinion.citizenId !== null && opinion.citizenId === viewer.id;
}

/** `isOwnOpinion` as a Prisma filter, for a citizen. */
export function ownOpinionWhere(citizenId: string) {
  return { citizenId } satisfies PrismaTypes.OpinionWhereInput;
}

/** What a session's opinion lists show `viewer`: everything to the unit's staff, public opinions to others. */
export function listedOpinionWhere(viewer: Viewer, unitId: string): PrismaTypes.OpinionWhereInput {
  return isUnitStaff(viewer, unitId) ? {} : publicOpinionWhere;
}

/**
 * Contact details, the text as posted before a redaction and the personal data found in it: the
 * session unit's staff only. Not even the author: a citizen token lives on a phone that is passed
 * around in the hall, and following one's opinion needs none of it (a redaction removed that
 * text precisely so that no screen outside the unit shows it again).
 */
export function canSeeStaffFields(viewer: Viewer, unitId: string): boolean {
  return isUnitStaff(viewer, unitId);
}

/**
 * Whether the public figures (`stats` for anyone but the unit's staff) count an opinion: every
 * status, but no tips, so the number of tips in a session is not given away.
 */
export function countsInPublicStats(opinion: Pick<OpinionFacts, 'kind'>): boolean {
  return opinion.kind !== OpinionKind.TIP;
}

/** `countsInPublicStats` as SQL over the opinion table (or its alias) `table`. */
export function countsInPublicStatsSql(table: 'opinion' | 'o'): PrismaTypes.Sql {
  return PrismaSql.raw(`${table}.kind <> 'TIP'`);
}

/** Why an opinion was rejected or hidden (free text and code): the unit's staff and the opinion's author. */
export function canSeeModerationReason(viewer: Viewer, unitId: string, opinion: Pick<OpinionFacts, 'citizenId'>): boolean {
  return isUnitStaff(viewer, unitId) || isOwnOpinion(viewer, opinion);
}

/**
 * The `seq` shown outside the unit's staff: the opinion's public seq (its place among the
 * session's opinions that are not tips), or 0 for a tip (its author sees it; its place would
 * count the tips before it).
 */
export function publicSeqShown(publicSeq: number | null | undefined): number {
  return publicSeq ?? 0;
}
