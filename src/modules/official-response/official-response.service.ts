import type { Prisma } from '../../db/client.js';
import { actorOf, hasUnitRole, Role, type Viewer } from '../../auth/viewer.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors.js';
import type { ResponseOutcome } from '../../common/enums.js';
import { requireText } from '../../common/text.js';
import { responseSnapshot } from '../../record/events.js';
import { responseState, responseSubject } from '../../record/chain.js';
import type { Recorder } from '../../record/recorder.js';
import { AuditAction, JournalType } from '../../record/vocabulary.js';

export interface RespondData {
  opinionId: string;
  body: string;
  outcome: string;
}

export interface CorrectResponseData {
  id: string;
  body?: string | null;
  outcome?: string | null;
}

const RESPONDERS = [Role.OFFICER, Role.MODERATOR, Role.ADMIN] as const;
const BODY_MAX = 5000;

/** Official responses: what the police answer, on the record. */
export class OfficialResponseService {
  constructor(
    private readonly prisma: Prisma,
    private readonly recorder: Recorder,
  ) {}

  /** Officers, moderators and admins of the session's unit; also after the session closed. */
  async respond({ viewer, input }: { viewer: Viewer; input: RespondData }) {
    const body = requireText(input.body, { field: 'body', max: BODY_MAX, multiline: true });
    const opinion = await this.prisma.opinion.findUnique({ where: { id: input.opinionId }, include: { session: { select: { unitId: true } } } });
    if (!opinion) throw notFound('opinion.notFound');
    if (!hasUnitRole(viewer, opinion.session.unitId, RESPONDERS)) {
      throw forbidden('response.notAllowed');
    }
    const actor = actorOf(viewer);
    return this.recorder.commit(async (tx) => {
      // Lock the opinion first (as moderation does), so the entry carries its status as of this
      // commit: a response to an opinion hidden meanwhile must not reach the public with it.
      const [current] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM opinion WHERE id = ${opinion.id} FOR UPDATE`;
      if (!current) throw notFound('opinion.notFound');
      const created = await tx.officialResponse.create({
        data: { opinionId: opinion.id, body, outcome: input.outcome as ResponseOutcome, responderId: actor.actorId },
      });
      // The first response fixes the opinion's time to answer (SessionStats.medianResponseSeconds).
      await tx.opinion.updateMany({ where: { id: opinion.id, firstResponseAt: null }, data: { firstResponseAt: created.createdAt } });
      return {
        result: created,
        audit: { ...responseSubject(created.id, opinion, opinion.session.unitId), actor: viewer, action: AuditAction.RESPONSE_POSTED, toStatus: created.outcome, state: responseState(created) },
        journal: { sessionId: opinion.sessionId, type: JournalType.RESPONSE_POSTED, opinionId: opinion.id, response: responseSnapshot(created) },
      };
    });
  }

  /**
   * Corrects a response's text or outcome (the staff who may respond): the version it replaces is
   * kept in response_revision, the correction is audited, and the response reads as edited.
   */
  async correct({ viewer, input }: { viewer: Viewer; input: CorrectResponseData }) {
    if (input.body == null && input.outcome == null) throw badInput('response.correctionEmpty', { field: 'body' });
    const body = input.body == null ? null : requireText(input.body, { field: 'body', max: BODY_MAX, multiline: true });
    const response = await this.prisma.officialResponse.findUnique({ where: { id: input.id }, include: { opinion: { include: { session: { select: { unitId: true } } } } } });
    if (!response) throw notFound('response.notFound');
    const { opinion, ...current } = response;
    if (!hasUnitRole(viewer, opinion.session.unitId, RESPONDERS)) {
      throw forbidden('response.correctNotAllowed');
    }
    const next = { body: body ?? current.body, outcome: (input.outcome ?? current.outcome) as ResponseOutcome };
    if (next.body === current.body && next.outcome === current.outcome) return current;
    const actor = actorOf(viewer);
    return this.recorder.commit(async (tx) => {
      await tx.responseRevision.create({ data: { responseId: current.id, body: current.body, outcome: current.outcome, editorId: actor.actorId } });
      // Conditional on the version read, so two simultaneous corrections cannot lose one's history.
      const { count } = await tx.officialResponse.updateMany({
        where: { id: current.id, updatedAt: current.updatedAt },
        data: { ...next, editedAt: new Date() },
      });
      if (count === 0) throw conflict('response.changedMeanwhile');
      const updated = await tx.officialResponse.findUniqueOrThrow({ where: { id: current.id } });
      const correction = { fromStatus: current.outcome, toStatus: next.outcome, state: responseState(updated) };
      return {
        result: updated,
        audit: { ...responseSubject(current.id, opinion, opinion.session.unitId), actor: viewer, action: AuditAction.RESPONSE_CORRECTED, ...correction },
        journal: { sessionId: opinion.sessionId, type: JournalType.RESPONSE_CORRECTED, opinionId: opinion.id, response: responseSnapshot(updated) },
      };
    });
  }

  /** The versions a response replaced, oldest first. */
  revisions(responseId: string) {
    return this.prisma.responseRevision.findMany({ where: { responseId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }
}
