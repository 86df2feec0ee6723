import DataLoader from 'dataloader';
import type { Prisma } from './client.js';
import type { SessionStats } from '../modules/forum-session/session-stats.service.js';
import type { ViewScope } from '../shared/visibility.js';

/** How the loaders compute a session's stats (SessionStatsService.compute). */
export type ComputeStats = (sessionId: string, scope: ViewScope) => Promise<SessionStats>;

export interface StatsKey {
  sessionId: string;
  scope: ViewScope;
}

type Rows<M extends keyof Prisma> = Prisma[M] extends { findMany(...args: never[]): Promise<infer R> } ? R : never;
export type SessionRecord = Rows<'forumSession'>[number];
export type TopicRecord = Rows<'topic'>[number];
export type ResponseRecord = Rows<'officialResponse'>[number];
export type StaffRecord = Rows<'staff'>[number];
export type UnitRecord = Rows<'unit'>[number];
export type OpinionRecord = Rows<'opinion'>[number];

/** An opinion as the responses loader needs it: its session says whose cache may answer. */
export interface OpinionKey {
  id: string;
  sessionId: string;
}

/**
 * What the public may read of a session, kept between requests (src/modules/forum-session/public-cache.ts).
 * Given to the loaders of viewers who see only the public view (anonymous and citizens), never to staff.
 */
export interface PublicReads {
  session(id: string): Promise<SessionRecord | null>;
  topics(sessionId: string): Promise<TopicRecord[]>;
  stats(sessionId: string): Promise<SessionStats>;
  /** A public opinion; null when it is not public (or not there): those are read from the database. */
  opinion(id: string): Promise<OpinionRecord | null>;
  responses(opinions: readonly OpinionKey[]): Promise<ResponseRecord[][]>;
  staff(id: string): Promise<StaffRecord | null>;
  unit(id: string): Promise<UnitRecord | null>;
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

/** The topics of each session, in their order (one query for all). */
export async function fetchTopics(prisma: Prisma, sessionIds: readonly string[]): Promise<TopicRecord[][]> {
  const rows = await prisma.topic.findMany({ where: { sessionId: { in: [...sessionIds] } }, orderBy: [{ position: 'asc' }, { name: 'asc' }] });
  return groupBy(rows, sessionIds, (t) => t.sessionId);
}

/** The official responses of each opinion, oldest first (one query for all). */
export async function fetchResponses(prisma: Prisma, opinionIds: readonly string[]): Promise<ResponseRecord[][]> {
  const rows = await prisma.officialResponse.findMany({ where: { opinionId: { in: [...opinionIds] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return groupBy(rows, opinionIds, (r) => r.opinionId);
}

/**
 * Per-request batching: one query per kind of record, however many fields ask for it. Stats are
 * computed once per session and scope in a request, however many aliases or nested paths
 * (`opinions { edges { node { session { stats } } } }`) ask for them. With `publicReads` (viewers
 * who see only the public view) sessions, topics, public stats, responses and the names on them
 * come from the public read cache instead.
 */
export function createLoaders(prisma: Prisma, computeStats: ComputeStats, publicReads: PublicReads | null = null) {
  const cached = publicReads;
  return {
    stats: new DataLoader(
      async (keys: readonly StatsKey[]) =>
        Promise.all(keys.map((key) => (cached && key.scope === 'public' ? cached.stats(key.sessionId) : computeStats(key.sessionId, key.scope)))),
      { cacheKeyFn: (key) => `${key.scope}:${key.sessionId}` },
    ),
    unit: new DataLoader(async (ids: readonly string[]) =>
      cached ? Promise.all(ids.map((id) => cached.unit(id))) : byId(await prisma.unit.findMany({ where: { id: { in: [...ids] } } }), ids),
    ),
    session: new DataLoader(async (ids: readonly string[]) =>
      cached ? Promise.all(ids.map((id) => cached.session(id))) : byId(await prisma.forumSession.findMany({ where: { id: { in: [...ids] } } }), ids),
    ),
    staff: new DataLoader(async (ids: readonly string[]) =>
      cached ? Promise.all(ids.map((id) => cached.staff(id))) : byId(await prisma.staff.findMany({ where: { id: { in: [...ids] } } }), ids),
    ),
    opinion: new DataLoader(async (ids: readonly string[]) => {
      const kept = cached ? await Promise.all(ids.map((id) => cached.opinion(id))) : ids.map(() => null);
      const missing = ids.filter((_, i) => !kept[i]);
      if (missing.length === 0) return kept;
      const read = new Map(byId(await prisma.opinion.findMany({ where: { id: { in: missing } } }), missing).map((row, i) => [missing[i], row]));
      return ids.map((id, i) => kept[i] ?? read.get(id) ?? null);
    }),
    topicsBySession: new DataLoader(async (ids: readonly string[]) =>
      cached ? Promise.all(ids.map((id) => cached.topics(id))) : fetchTopics(prisma, ids),
    ),
    responsesByOpinion: new DataLoader(
      async (opinions: readonly OpinionKey[]) => (cached ? cached.responses(opinions) : fetchResponses(prisma, opinions.map((o) => o.id))),
      { cacheKeyFn: (opinion) => opinion.id },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
