import type { Prisma } from '../../db/client.js';
import { ModerationReason } from '../../common/enums.js';
import { countsInStatsSql, type ViewScope } from '../../auth/visibility.js';

export interface SessionStats {
  opinions: number;
  pending: number;
  approved: number;
  rejected: number;
  hidden: number;
  answered: number;
  participants: number;
  upvotes: number;
  byTopic: { topic: { id: string; name: string }; count: number }[];
  moderationReasons: { reason: ModerationReason; count: number }[];
  medianResponseSeconds: number | null;
}

/** Live figures of a session, computed in three aggregate queries. */
export class SessionStatsService {
  constructor(private readonly prisma: Prisma) {}

  /** The figures as `scope` counts them (`countsInStats`: the unit's staff count tips too, everyone else no tips). */
  async compute(sessionId: string, scope: ViewScope): Promise<SessionStats> {
    const [totals, topics, reasons] = await Promise.all([
      this.prisma.$queryRaw<
        { opinions: number; pending: number; approved: number; rejected: number; hidden: number; answered: number; participants: number; upvotes: number; median: number | null }[]
      >`
        SELECT count(*)::int AS opinions,
               count(*) FILTER (WHERE status = 'PENDING')::int AS pending,
               count(*) FILTER (WHERE status = 'APPROVED')::int AS approved,
               count(*) FILTER (WHERE status = 'REJECTED')::int AS rejected,
               count(*) FILTER (WHERE status = 'HIDDEN')::int AS hidden,
               count(*) FILTER (WHERE first_response_at IS NOT NULL)::int AS answered,
               count(DISTINCT author_key)::int AS participants,
               coalesce(sum(upvotes), 0)::int AS upvotes,
               (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM first_response_at - created_at))
                  FILTER (WHERE first_response_at IS NOT NULL))::float8 AS median
          FROM opinion
         WHERE session_id = ${sessionId} AND ${countsInStatsSql(scope, 'opinion')}`,
      this.prisma.$queryRaw<{ id: string; name: string; count: number }[]>`
        SELECT t.id, t.name, count(o.id)::int AS count
          FROM topic t
          LEFT JOIN opinion o ON o.topic_id = t.id AND ${countsInStatsSql(scope, 'o')}
         WHERE t.session_id = ${sessionId}
         GROUP BY t.id, t.name, t.position
         ORDER BY t.position, t.name`,
      this.prisma.$queryRaw<{ reason: string; count: number }[]>`
        SELECT moderation_reason::text AS reason, count(*)::int AS count
          FROM opinion
         WHERE session_id = ${sessionId} AND status IN ('REJECTED', 'HIDDEN') AND moderation_reason IS NOT NULL
           AND ${countsInStatsSql(scope, 'opinion')}
         GROUP BY moderation_reason`,
    ]);
    const perReason = new Map(reasons.map((r) => [r.reason, r.count]));
    const row = totals[0];
    return {
      opinions: row.opinions,
      pending: row.pending,
      approved: row.approved,
      rejected: row.rejected,
      hidden: row.hidden,
      answered: row.answered,
      participants: row.participants,
      upvotes: row.upvotes,
      medianResponseSeconds: row.median === null ? null : Number(row.median),
      byTopic: topics.map((t) => ({ topic: { id: t.id, name: t.name }, count: t.count })),
      moderationReasons: Object.values(ModerationReason).map((reason) => ({ reason, count: perReason.get(reason) ?? 0 })),
    };
  }
}
