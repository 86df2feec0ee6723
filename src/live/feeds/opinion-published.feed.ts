import type { Prisma } from '../../db/client.js';
import { opinionFromSnapshot, type OpinionRowLike } from '../events.js';
import type { SessionLog } from '../session-log.js';
import { isPublicOpinion, publicOpinionWhere } from '../../auth/visibility.js';
import { logFeed, type FeedSession } from './log-feed.js';

const REPLAY_BATCH = 500;

/**
 * Opinions as they become public. With afterSeq, the opinions public now with a higher seq are
 * read first (an older one approved meanwhile is not: sessionEvents(after:) has that); entries
 * arriving meanwhile wait, and those the read already covered are dropped. `inPublicSeq`: the
 * subscriber is outside the unit's staff, whose `seq` is the public seq (tips uncounted), so its
 * afterSeq is one too.
 */
export function opinionPublishedFeed({
  prisma,
  log,
  session,
  afterSeq,
  inPublicSeq,
}: {
  prisma: Prisma;
  log: SessionLog;
  session: FeedSession;
  afterSeq: number | null;
  inPublicSeq: boolean;
}) {
  const replayed = new Set<string>();
  return logFeed<OpinionRowLike>({
    log,
    session,
    map: (entry) => {
      const becamePublic =
        (entry.type === 'OPINION_SUBMITTED' && isPublicOpinion(entry.opinion)) ||
        (entry.type === 'OPINION_STATUS_CHANGED' && isPublicOpinion(entry.opinion) && !isPublicOpinion({ kind: entry.opinion.kind, status: entry.previousStatus }));
      if (!becamePublic || replayed.has(entry.opinion.id)) return null;
      return opinionFromSnapshot(entry.opinion);
    },
    replay:
      afterSeq === null
        ? undefined
        : async (push) => {
            let after = afterSeq;
            for (;;) {
              const rows = await prisma.opinion.findMany({
                where: { AND: [{ sessionId: session.id }, inPublicSeq ? { publicSeq: { gt: after } } : { seq: { gt: after } }, publicOpinionWhere] },
                orderBy: inPublicSeq ? { publicSeq: 'asc' } : { seq: 'asc' },
                take: REPLAY_BATCH,
              });
              for (const row of rows) {
                replayed.add(row.id);
                push(row);
              }
              if (rows.length < REPLAY_BATCH) break;
              const last = rows[rows.length - 1];
              after = (inPublicSeq ? last.publicSeq : last.seq) ?? after;
            }
          },
    settled: () => replayed.clear(),
  });
}
