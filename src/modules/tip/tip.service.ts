import type { Prisma } from '../../db/client.js';
import { actorOf, hasUnitRole, Role, type Viewer } from '../../auth/viewer.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors.js';
import { TipStatus } from '../../common/enums.js';
import { isTip } from '../../auth/visibility.js';
import { optionalText } from '../../common/text.js';
import { opinionState, opinionSubject } from '../../record/chain.js';
import type { Recorder } from '../../record/recorder.js';
import { AuditAction, JournalType } from '../../record/vocabulary.js';

export interface TipFollowUpData {
  opinionId: string;
  status: string;
  caseNumber?: string | null;
  suspects?: number | null;
  note?: string | null;
}

const FOLLOWERS = [Role.OFFICER, Role.MODERATOR, Role.ADMIN] as const;
const MAX_SUSPECTS = 10_000;

/**
 * Where a tip may go next. UNFOUNDED reopens to VERIFYING when new information comes in; a
 * CLOSED case stays closed. Staying in the same status records new details or a note.
 */
const NEXT: Record<TipStatus, TipStatus[]> = {
  RECEIVED: [TipStatus.VERIFYING, TipStatus.CASE_OPENED, TipStatus.UNFOUNDED],
  VERIFYING: [TipStatus.CASE_OPENED, TipStatus.UNFOUNDED],
  CASE_OPENED: [TipStatus.CLOSED],
  UNFOUNDED: [TipStatus.VERIFYING],
  CLOSED: [],
};

/** The statuses in which a tip has led to a case. */
export const CASE_STATUSES: readonly TipStatus[] = [TipStatus.CASE_OPENED, TipStatus.CLOSED];

/** A tip's status as stored: null until the first follow-up, which reads as RECEIVED. */
export function tipStatusOf(opinion: { kind: string; tipStatus?: string | null }): TipStatus | null {
  if (!isTip(opinion)) return null;
  return (opinion.tipStatus ?? TipStatus.RECEIVED) as TipStatus;
}

/** Tips into cases: the unit's follow-up of confidential tips, with its history. */
export class TipService {
  constructor(
    private readonly prisma: Prisma,
    private readonly recorder: Recorder,
  ) {}

  /** Officers, moderators and admins of the session's unit move a tip on; history kept, audited. */
  async followUp({ viewer, input }: { viewer: Viewer; input: TipFollowUpData }) {
    const opinion = await this.prisma.opinion.findUnique({ where: { id: input.opinionId }, include: { session: { select: { unitId: true } } } });
    if (!opinion) throw notFound('opinion.notFound');
    if (!hasUnitRole(viewer, opinion.session.unitId, FOLLOWERS)) throw forbidden('tip.notAllowed');
    if (!isTip(opinion)) throw badInput('tip.onlyTips', { field: 'opinionId' });
    const from = tipStatusOf(opinion)!;
    const to = input.status as TipStatus;
    const caseNumber = optionalText(input.caseNumber, { field: 'caseNumber', max: 50 });
    const note = optionalText(input.note, { field: 'note', max: 2000, multiline: true });
    const suspects = input.suspects ?? null;
    if (suspects !== null && (!Number.isInteger(suspects) || suspects < 0 || suspects > MAX_SUSPECTS)) {
      throw badInput({ id: 'tip.suspectsInvalid', params: { max: MAX_SUSPECTS } }, { field: 'suspects' });
    }
    if (to !== from && !NEXT[from].includes(to)) throw conflict({ id: 'tip.transition', params: { from, to } });
    const inCase = CASE_STATUSES.includes(to);
    if (!inCase && (caseNumber !== null || suspects !== null)) {
      throw badInput('tip.caseFieldsOutsideCase', { field: caseNumber !== null ? 'caseNumber' : 'suspects' });
    }
    const nextCase = caseNumber ?? opinion.caseNumber;
    if (to === TipStatus.CASE_OPENED && !nextCase) throw badInput('tip.caseNumberMissing', { field: 'caseNumber' });
    const nextSuspects = suspects ?? opinion.suspects;
    if (to === from && nextCase === opinion.caseNumber && nextSuspects === opinion.suspects && !note) {
      const { session: _session, ...row } = opinion;
      return row;
    }
    const actor = actorOf(viewer);
    const { session: _session, ...row } = opinion;
    return this.recorder.commit(async (tx) => {
      // Conditional on the status read: two officers acting at once cannot both move it.
      const { count } = await tx.opinion.updateMany({
        where: { id: opinion.id, tipStatus: opinion.tipStatus },
        data: { tipStatus: to, caseNumber: inCase ? nextCase : opinion.caseNumber, suspects: inCase ? nextSuspects : opinion.suspects },
      });
      if (count === 0) throw conflict('tip.changedMeanwhile');
      await tx.tipFollowUp.create({
        data: { opinionId: opinion.id, fromStatus: from, toStatus: to, caseNumber: inCase ? nextCase : null, suspects: inCase ? nextSuspects : null, note, actorId: actor.actorId },
      });
      // The note stays in the follow-up history: the audit record names the move only.
      const followed = await tx.opinion.findUniqueOrThrow({ where: { id: opinion.id } });
      return {
        result: { ...row, ...followed },
        audit: { ...opinionSubject(opinion, opinion.session.unitId), actor: viewer, action: AuditAction.TIP_FOLLOWED_UP, fromStatus: from, toStatus: to, state: opinionState(followed) },
        // Staff of the unit see the move live (sessionEvents shows TIP_FOLLOWED_UP to them alone).
        journal: {
          sessionId: opinion.sessionId,
          type: JournalType.TIP_FOLLOWED_UP,
          opinionId: opinion.id,
          tip: { status: to, previousStatus: from, caseNumber: followed.caseNumber, suspects: followed.suspects },
        },
      };
    });
  }

  /** A tip's follow-up steps, oldest first. */
  history(opinionId: string) {
    return this.prisma.tipFollowUp.findMany({ where: { opinionId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }
}
