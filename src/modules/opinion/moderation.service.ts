import type { Prisma } from '../../db/client.js';
import { hasUnitRole, Role, type Viewer } from '../../auth/viewer.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors.js';
import { ModerationAction, type ModerationReason, OpinionStatus } from '../../common/enums.js';
import { foldForSearch, optionalText, requireText } from '../../common/text.js';
import { opinionState, opinionSubject } from '../../record/chain.js';
import type { Recorder } from '../../record/recorder.js';
import { AuditAction, JournalType } from '../../record/vocabulary.js';
import { BODY_MAX, type OpinionRow } from './opinion.service.js';

export interface ModerateData {
  viewer: Viewer;
  id: string;
  action: ModerationAction;
  /** Free text; required for REJECT and HIDE. */
  reason?: string | null;
  /** Required for REJECT and HIDE; kept while the opinion stays rejected or hidden. */
  reasonCode?: ModerationReason | null;
}

// What each moderation action does, from which status. Any other pair is a CONFLICT; an action
// whose result is the current status is a no-op (two moderators clicking the same button).
const MODERATION: Record<ModerationAction, Partial<Record<OpinionStatus, OpinionStatus>>> = {
  APPROVE: { PENDING: 'APPROVED' },
  REJECT: { PENDING: 'REJECTED' },
  HIDE: { APPROVED: 'HIDDEN' },
  // Back to where it was before: a hidden opinion had been public, a rejected one waits again.
  RESTORE: { HIDDEN: 'APPROVED', REJECTED: 'PENDING' },
};
// How each effective moderation action is named on the record.
const MODERATION_RECORDED: Record<ModerationAction, AuditAction> = {
  APPROVE: AuditAction.OPINION_APPROVED,
  REJECT: AuditAction.OPINION_REJECTED,
  HIDE: AuditAction.OPINION_HIDDEN,
  RESTORE: AuditAction.OPINION_RESTORED,
};
const NO_OP: Record<ModerationAction, OpinionStatus[]> = {
  APPROVE: ['APPROVED'],
  REJECT: ['REJECTED'],
  HIDE: ['HIDDEN'],
  RESTORE: [],
};

/** Where `action` takes an opinion that is `from`: `from` itself for a no-op (a repeat), null for a CONFLICT. */
export function moderationResult(action: ModerationAction, from: OpinionStatus): OpinionStatus | null {
  if (NO_OP[action].includes(from)) return from;
  return MODERATION[action][from] ?? null;
}

/** Moderation: the opinion's status machine (approve, reject, hide, restore) and redaction, on the record. */
export class ModerationService {
  constructor(
    private readonly prisma: Prisma,
    private readonly recorder: Recorder,
  ) {}

  /** The opinion a moderator or admin of its session's unit acts on (else `refusal`), with its unit. */
  private async moderated(viewer: Viewer, id: string, refusal: 'moderation.notAllowed' | 'redaction.notAllowed') {
    const opinion = await this.prisma.opinion.findUnique({ where: { id }, include: { session: { select: { unitId: true } } } });
    if (!opinion) throw notFound('opinion.notFound');
    const unitId = opinion.session.unitId;
    if (!hasUnitRole(viewer, unitId, [Role.MODERATOR, Role.ADMIN])) throw forbidden(refusal);
    const { session: _session, ...row } = opinion;
    return { opinion, row, unitId };
  }

  /**
   * Moderators and admins of the session's unit. REJECT and HIDE need a reason and a reason
   * code (which the author sees); every change is on the session's record.
   */
  async moderate({ viewer, id, action, reason, reasonCode }: ModerateData): Promise<OpinionRow> {
    const cleanReason = optionalText(reason, { field: 'reason', max: 500 });
    const removes = action === ModerationAction.REJECT || action === ModerationAction.HIDE;
    if (removes && !cleanReason) throw badInput({ id: 'moderation.reasonMissing', params: { action } }, { field: 'reason' });
    if (removes && !reasonCode) throw badInput({ id: 'moderation.reasonCodeMissing', params: { action } }, { field: 'reasonCode' });
    const { opinion, row, unitId } = await this.moderated(viewer, id, 'moderation.notAllowed');
    const from = opinion.status as OpinionStatus;
    const to = moderationResult(action, from);
    if (to === from) return row;
    if (!to) throw conflict({ id: 'moderation.transition', params: { action, status: from } });
    const keepsReason = to === OpinionStatus.REJECTED || to === OpinionStatus.HIDDEN;
    try {
      return await this.recorder.commit(async (tx) => {
        const changed = await tx.opinion.update({
          where: { id, status: from },
          data: { status: to, rejectReason: keepsReason ? cleanReason : null, moderationReason: keepsReason ? reasonCode : null },
        });
        const transition = { fromStatus: from, toStatus: to, reason: cleanReason, reasonCode: keepsReason ? reasonCode : null, state: opinionState(changed) };
        return {
          result: changed,
          audit: { ...opinionSubject(opinion, unitId), actor: viewer, action: MODERATION_RECORDED[action], ...transition },
          journal: { sessionId: opinion.sessionId, type: JournalType.OPINION_STATUS_CHANGED, opinionId: id, previousStatus: from },
        };
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'P2025') throw error;
      // Someone moderated it meanwhile. The same action (two moderators clicking one button) is a
      // no-op like any repeat; anything else is a conflict.
      const current = await this.prisma.opinion.findUnique({ where: { id } });
      if (current && moderationResult(action, current.status as OpinionStatus) === current.status) return current;
      throw conflict('moderation.changedMeanwhile');
    }
  }

  /**
   * Replaces the public text of an opinion (a phone number, a plate, a neighbour's address cut
   * out) for the unit's moderators and admins. The text as posted stays for staff in
   * `originalBody` (the first original, however often it is redacted); the change is on the record.
   */
  async redact({ viewer, id, body, reason }: { viewer: Viewer; id: string; body: string; reason: string }): Promise<OpinionRow> {
    const newBody = requireText(body, { field: 'body', max: BODY_MAX, multiline: true });
    const cleanReason = requireText(reason, { field: 'reason', max: 500 });
    const { opinion, row, unitId } = await this.moderated(viewer, id, 'redaction.notAllowed');
    if (newBody === row.body) return row;
    return this.recorder.commit(async (tx) => {
      let changed: OpinionRow;
      try {
        // Conditional on the text we read, so two moderators redacting at once cannot lose the original.
        changed = await tx.opinion.update({
          where: { id, body: row.body },
          data: { body: newBody, searchText: foldForSearch(newBody), originalBody: row.originalBody ?? row.body },
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'P2025') throw conflict('redaction.changedMeanwhile');
        throw error;
      }
      const redaction = { fromStatus: row.status, toStatus: row.status, reason: cleanReason, state: opinionState(changed) };
      return {
        result: changed,
        audit: { ...opinionSubject(opinion, unitId), actor: viewer, action: AuditAction.OPINION_REDACTED, ...redaction },
        journal: { sessionId: opinion.sessionId, type: JournalType.OPINION_REDACTED, opinionId: id },
      };
    });
  }
}
