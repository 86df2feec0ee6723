import type { Prisma } from '../../db/client.js';
import { actorOf, hasUnitRole, Role, type Viewer } from '../../auth/viewer.js';
import { badInput, conflict, forbidden, notFound } from '../../common/errors.js';
import type { ResponseOutcome } from '../../common/enums.js';
import { requireText } from '../../common/text.js';
import { opinionSnapshot, responseSnapshot, type EventPublisher } from '../../live/events.js';
import { appendEntry } from '../../live/journal.js';
import { appendAudit, responseState } from '../record/record.chain.js';

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
    private readonly events: EventPublisher,
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
    const [response, entry] = await this.prisma.$transaction(async (tx) => {
      // Lock the opinion first (as moderation does), so the entry carries its status as of this
      // commit: a response to an opinion hidden meanwhile must not reach the public with it.
      const [current] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM opinion WHERE id = ${opinion.id} FOR UPDATE`;
      if (!current) throw notFound('opinion.notFound');
      const created = await tx.officialResponse.create({
        data: { opinionId: opinion.id, body, outcome: input.outcome as ResponseOutcome, responderId: actor.actorId },
      });
      // The first response fixes the opinion's time to answer (SessionStats.medianResponseSeconds).
      await tx.opinion.updateMany({ where: { id: opinion.id, firstResponseAt: null }, data: { firstResponseAt: created.createdAt } });
      await appendAudit(tx, {
        chain: { sessionId: opinion.sessionId },
        actor: viewer,
        action: 'RESPONSE_POSTED',
        entityType: 'OfficialResponse',
        entityId: created.id,
        unitId: opinion.session.unitId,
        sessionId: opinion.sessionId,
        toStatus: created.outcome,
        state: responseState(created),
      });
      const fresh = await tx.opinion.findUniqueOrThrow({ where: { id: opinion.id } });
      const appended = await appendEntry(tx, opinion.sessionId, { type: 'RESPONSE_POSTED', opinion: opinionSnapshot(fresh), response: responseSnapshot(created) });
      return [created, appended] as const;
    });
    this.events.publish(entry);
    return response;
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
    const [corrected, entry] = await this.prisma.$transaction(async (tx) => {
      await tx.responseRevision.create({ data: { responseId: current.id, body: current.body, outcome: current.outcome, editorId: actor.actorId } });
      // Conditional on the version read, so two simultaneous corrections cannot lose one's history.
      const { count } = await tx.officialResponse.updateMany({
        where: { id: current.id, updatedAt: current.updatedAt },
        data: { ...next, editedAt: new Date() },
      });
      if (count === 0) throw conflict('response.changedMeanwhile');
      const updated = await tx.officialResponse.findUniqueOrThrow({ where: { id: current.id } });
      await appendAudit(tx, {
        chain: { sessionId: opinion.sessionId },
        actor: viewer,
        action: 'RESPONSE_CORRECTED',
        entityType: 'OfficialResponse',
        entityId: current.id,
        unitId: opinion.session.unitId,
        sessionId: opinion.sessionId,
        fromStatus: current.outcome,
        toStatus: next.outcome,
        state: responseState(updated),
      });
      const fresh = await tx.opinion.findUniqueOrThrow({ where: { id: opinion.id } });
      const appended = await appendEntry(tx, opinion.sessionId, { type: 'RESPONSE_CORRECTED', opinion: opinionSnapshot(fresh), response: responseSnapshot(updated) });
      return [updated, appended] as const;
    });
    this.events.publish(entry);
    return corrected;
  }

  /** The versions a response replaced, oldest first. */
  revisions(responseId: string) {
    return this.prisma.responseRevision.findMany({ where: { responseId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }
}
