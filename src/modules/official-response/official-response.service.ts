import type { Prisma } from '../../db/client.js';
import { actorOf, hasUnitRole, Role, type Viewer } from '../../auth/viewer.js';
import { forbidden, notFound } from '../../common/errors.js';
import type { ResponseOutcome } from '../../common/enums.js';
import { requireText } from '../../common/text.js';
import { opinionSnapshot, responseSnapshot, type EventPublisher } from '../../live/events.js';
import { appendAudit, responseState } from '../record/record.chain.js';

export interface RespondData {
  opinionId: string;
  body: string;
  outcome: string;
}

const RESPONDERS = [Role.OFFICER, Role.MODERATOR, Role.ADMIN] as const;

/** Official responses: what the police answer, on the record. */
export class OfficialResponseService {
  constructor(
    private readonly prisma: Prisma,
    private readonly events: EventPublisher,
  ) {}

  /** Officers, moderators and admins of the session's unit; also after the session closed. */
  async respond({ viewer, input }: { viewer: Viewer; input: RespondData }) {
    const body = requireText(input.body, { field: 'body', max: 5000, multiline: true });
    const opinion = await this.prisma.opinion.findUnique({ where: { id: input.opinionId }, include: { session: { select: { unitId: true } } } });
    if (!opinion) throw notFound('Opinion');
    if (!hasUnitRole(viewer, opinion.session.unitId, RESPONDERS)) {
      throw forbidden('Only staff of the session\'s unit respond to its opinions');
    }
    const actor = actorOf(viewer);
    const response = await this.prisma.$transaction(async (tx) => {
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
      return created;
    });
    const snapshot = opinionSnapshot(opinion);
    this.events.publish({ type: 'responsePosted', sessionId: opinion.sessionId, opinion: snapshot, response: responseSnapshot(response) });
    this.events.publish({ type: 'opinionChanged', sessionId: opinion.sessionId, opinion: snapshot, previousStatus: opinion.status, change: 'response' });
    return response;
  }
}
