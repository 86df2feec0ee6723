import { isUnitStaff, type Viewer } from '../../auth/viewer.js';
import { OpinionKind, OpinionStatus } from '../../common/enums.js';

/** What visibility rules need to know about an opinion. */
export interface OpinionFacts {
  kind: string;
  status: string;
  citizenId: string | null;
}

/**
 * Whether `viewer` may see an opinion of a session of `unitId`:
 * the unit's staff see everything; everyone else sees APPROVED opinions that are not tips;
 * a citizen also follows their own opinions in any status, tips excepted (tips are for the
 * unit's staff only, whoever wrote them).
 */
export function canSeeOpinion(viewer: Viewer, unitId: string, opinion: OpinionFacts): boolean {
  if (isUnitStaff(viewer, unitId)) return true;
  if (opinion.kind === OpinionKind.TIP) return false;
  if (opinion.status === OpinionStatus.APPROVED) return true;
  return viewer.kind === 'citizen' && opinion.citizenId === viewer.id;
}

/** Contact details and moderation reasons: the session unit's staff only. */
export function canSeeStaffFields(viewer: Viewer, unitId: string): boolean {
  return isUnitStaff(viewer, unitId);
}

/** Whether an opinion in this state is public (what `opinionPublished` carries). */
export function isPublic(opinion: Pick<OpinionFacts, 'kind' | 'status'>): boolean {
  return opinion.kind !== OpinionKind.TIP && opinion.status === OpinionStatus.APPROVED;
}
