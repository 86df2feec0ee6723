import DataLoader from 'dataloader';
import type { Prisma } from './client.js';

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): (T | null)[] {
  const map = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => map.get(id) ?? null);
}

function groupBy<T>(rows: T[], keys: readonly string[], keyOf: (row: T) => string): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k)!);
}

/** Per-request batching: one query per kind of record, however many fields ask for it. */
export function createLoaders(prisma: Prisma) {
  return {
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
