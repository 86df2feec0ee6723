import type { Prisma } from '../../db/client.js';
import { actorOf, hasUnitRole, Role, type Viewer } from '../../auth/viewer.js';
import { forbidden, notFound } from '../../common/errors.js';
import type { ResponseOutcome } from '../../common/enums.js';
import { requireText } from '../../common/text.js';
import { opinionSnapshot, responseSnapshot, type EventPublisher } from '../../live/events.js';
import { appendEntry } from '../../live/journal.js';

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
    const [response, entry] = await this.prisma.$transaction(async (tx) => {
      // Lock the opinion first (as moderation does), so the entry carries its status as of this
      // commit: a response to an opinion hidden meanwhile must not reach the public with it.
      const [current] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM opinion WHERE id = ${opinion.id} FOR UPDATE`;
      if (!current) throw notFound('Opinion');
      const created = await tx.officialResponse.create({
        data: { opinionId: opinion.id, body, outcome: input.outcome as ResponseOutcome, responderId: actor.actorId },
      });
      // The first response fixes the opinion's time to answer (SessionStats.medianResponseSeconds).
      await tx.opinion.updateMany({ where: { id: opinion.id, firstResponseAt: null }, data: { firstResponseAt: created.createdAt } });
      await tx.auditEntry.create({
        data: { ...actor, action: `RESPOND_${input.outcome}`, entityType: 'OfficialResponse', entityId: created.id, sessionId: opinion.sessionId },
      });
      const fresh = await tx.opinion.findUniqueOrThrow({ where: { id: opinion.id } });
      const appended = await appendEntry(tx, opinion.sessionId, { type: 'RESPONSE_POSTED', opinion: opinionSnapshot(fresh), response: responseSnapshot(created) });
      return [created, appended] as const;
    });
    this.events.publish(entry);
    return response;
  }
}
