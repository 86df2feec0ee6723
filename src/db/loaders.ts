import DataLoader from 'dataloader';
import type { Prisma } from './client.js';
import type { SessionStats, StatsScope } from '../modules/forum-session/session-stats.service.js';

/** How the loaders compute a session's stats (SessionStatsService.compute). */
export type ComputeStats = (sessionId: string, scope: StatsScope) => Promise<SessionStats>;

export interface StatsKey {
  sessionId: string;
  scope: StatsScope;
}

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

function groupBy<T>(rows: T[], keys: readonly string[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k)!);
}

/**
 * Per-request batching: one query per kind of record, however many fields ask for it. Stats are
 * computed once per session and scope in a request, however many aliases or nested paths
 * (`opinions { edges { node { session { stats } } } }`) ask for them.
 */
export function createLoaders(prisma: Prisma, computeStats: ComputeStats) {
  return {
    stats: new DataLoader(async (keys: readonly StatsKey[]) => Promise.all(keys.map((key) => computeStats(key.sessionId, key.scope))), {
      cacheKeyFn: (key) => `${key.scope}:${key.sessionId}`,
    }),
    unit: new DataLoader(async (ids: readonly string[]) => byId(await prisma.unit.findMany({ where: { id: { in: [...ids] } } }), ids)),
    session: new DataLoader(async (ids: readonly string[]) => byId(await prisma.forumSession.findMany({ where: { id: { in: [...ids] } } }), ids)),
    topic: new DataLoader(async (ids: readonly string[]) => byId(await prisma.topic.findMany({ where: { id: { in: [...ids] } } }), ids)),
    staff: new DataLoader(async (ids: readonly string[]) => byId(await prisma.staff.findMany({ where: { id: { in: [...ids] } } }), ids)),
    opinion: new DataLoader(async (ids: readonly string[]) => byId(await prisma.opinion.findMany({ where: { id: { in: [...ids] } } }), ids)),
    topicsBySession: new DataLoader(async (ids: readonly string[]) =>
      groupBy(
        await prisma.topic.findMany({ where: { sessionId: { in: [...ids] } }, orderBy: [{ position: 'asc' }, { name: 'asc' }] }),
        ids,
        (t) => t.sessionId,
      ),
    ),
    responsesByOpinion: new DataLoader(async (ids: readonly string[]) =>
      groupBy(
        await prisma.officialResponse.findMany({ where: { opinionId: { in: [...ids] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
        ids,
        (r) => r.opinionId,
      ),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
