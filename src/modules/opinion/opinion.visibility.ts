import { isUnitStaff, type Viewer } from '../../auth/viewer.js';
import { OpinionKind, OpinionStatus } from '../../common/enums.js';

/** What visibility rules need to know about an opinion. */
export interface OpinionFacts {
  kind: string;
  status: string;
  citizenId: string | null;
}

/** True when `viewer` is the citizen token that posted the opinion. */
export function isAuthor(viewer: Viewer, opinion: Pick<OpinionFacts, 'citizenId'>): boolean {
  return viewer.kind === 'citizen' && opinion.citizenId !== null && opinion.citizenId === viewer.id;
}

/**
 * Whether `viewer` may see an opinion of a session of `unitId`:
 * the unit's staff see everything; the citizen who posted it follows it in any status, tips
 * included; everyone else sees APPROVED opinions that are not tips.
 */
export function canSeeOpinion(viewer: Viewer, unitId: string, opinion: OpinionFacts): boolean {
  if (isUnitStaff(viewer, unitId) || isAuthor(viewer, opinion)) return true;
  return isPublic(opinion);
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

/** Why an opinion was rejected or hidden (free text and code): the unit's staff and the opinion's author. */
export function canSeeModerationReason(viewer: Viewer, unitId: string, opinion: Pick<OpinionFacts, 'citizenId'>): boolean {
  return isUnitStaff(viewer, unitId) || isAuthor(viewer, opinion);
}

/** Whether an opinion in this state is public (what `opinionPublished` carries). */
export function isPublic(opinion: Pick<OpinionFacts, 'kind' | 'status'>): boolean {
  return opinion.kind !== OpinionKind.TIP && opinion.status === OpinionStatus.APPROVED;
}
