import type { Prisma } from '../../db/client.js';
import type { OpinionRowLike } from '../events.js';
import { opinionFromSnapshot } from '../events.js';
import type { SessionLog } from '../session-log.js';
import { logFeed, type FeedSession } from './log-feed.js';

const REPLAY_BATCH = 500;

/**
 * Every new opinion of a session in seq order, for its staff. The log delivers in journal order,
 * and a submission takes its seq and its position under the same row lock, so seqs come in
 * order without holes; with afterSeq the opinions after it are read first and the live ones
 * the read already covered are dropped.
 */
export function opinionSubmittedFeed({ prisma, log, session, afterSeq }: { prisma: Prisma; log: SessionLog; session: FeedSession; afterSeq: number | null }) {
  let highest = afterSeq ?? 0;
  const ordered = (opinion: OpinionRowLike) => {
    if (afterSeq !== null && opinion.seq <= highest) return null;
    highest = opinion.seq;
    return opinion;
  };
  return logFeed<OpinionRowLike>({
    log,
    session,
    map: (entry) => (entry.type === 'OPINION_SUBMITTED' ? ordered(opinionFromSnapshot(entry.opinion)) : null),
    replay:
      afterSeq === null
        ? undefined
        : async (push) => {
            for (;;) {
              const rows = await prisma.opinion.findMany({ where: { sessionId: session.id, seq: { gt: highest } }, orderBy: { seq: 'asc' }, take: REPLAY_BATCH });
              for (const row of rows) push(ordered(row)!);
              if (rows.length < REPLAY_BATCH) break;
            }
          },
  });
}
