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

/**
 * Whether `viewer` may see an opinion of a session of `unitId`:
 * the unit's staff see everything; everyone else sees public opinions; a citizen also follows
 * their own opinions in any status, tips excepted (tips are for the unit's staff only, whoever
 * wrote them).
 */
export function canSeeOpinion(viewer: Viewer, unitId: string, opinion: OpinionFacts): boolean {
  if (isUnitStaff(viewer, unitId)) return true;
  if (isPublicOpinion(opinion)) return true;
  return isOwnOpinion(viewer, opinion);
}

/** A citizen's own opinion that they may follow in any status: anything but a tip. */
export function isOwnOpinion(viewer: Viewer, opinion: Pick<OpinionFacts, 'kind' | 'citizenId'>): boolean {
  return viewer.kind === 'citizen' && opinion.citizenId === viewer.id && opinion.kind !== OpinionKind.TIP;
}

/** `isOwnOpinion` as a Prisma filter, for a citizen. */
export function ownOpinionWhere(citizenId: string) {
  return { citizenId, kind: { not: OpinionKind.TIP } } satisfies PrismaTypes.OpinionWhereInput;
}

/** What a session's opinion lists show `viewer`: everything to the unit's staff, public opinions to others. */
export function listedOpinionWhere(viewer: Viewer, unitId: string): PrismaTypes.OpinionWhereInput {
  return isUnitStaff(viewer, unitId) ? {} : publicOpinionWhere;
}

/** Contact details and moderation reasons: the session unit's staff only. */
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
