import { beforeAll, describe, expect, it } from 'vitest';
import { useForum } from '../../helpers/forum.js';
import type { Viewer } from '../../../src/auth/viewer.js';
import { OpinionKind, OpinionStatus } from '../../../src/common/enums.js';
import {
  canSeeOpinion,
  countsInPublicStats,
  countsInPublicStatsSql,
  isOwnOpinion,
  isPublicOpinion,
  listedOpinionWhere,
  ownOpinionWhere,
  publicOpinionSql,
  publicOpinionWhere,
} from '../../../src/modules/opinion/opinion.visibility.js';
import { openSession, postOpinion } from '../../helpers/opinion-fixtures.js';

const UNIT = 'don-vi-hoan-kiem';
const AUTHOR = 'cong-dan-lan';
const KINDS = Object.values(OpinionKind);
const STATUSES = Object.values(OpinionStatus);
const VIEWERS: Record<string, Viewer> = {
  anonymous: { kind: 'anonymous' },
  author: { kind: 'citizen', id: AUTHOR, displayName: 'Nguyễn Thị Lan' },
  'another citizen': { kind: 'citizen', id: 'cong-dan-binh', displayName: 'Trần Văn Bình' },
  'officer of the unit': { kind: 'staff', id: 'can-bo-dung', role: 'OFFICER', unitId: UNIT },
  'moderator of another unit': { kind: 'staff', id: 'can-bo-minh', role: 'MODERATOR', unitId: 'don-vi-ba-dinh' },
  'admin without a unit': { kind: 'staff', id: 'quan-tri', role: 'ADMIN', unitId: null },
};
const cases = Object.keys(VIEWERS).flatMap((viewer) => KINDS.flatMap((kind) => STATUSES.map((status) => [viewer, kind, status] as const)));

/** The rule as the README states it, written independently of the code under test. */
function expected(viewer: string, kind: string, status: string): boolean {
  if (viewer === 'officer of the unit' || viewer === 'author') return true;
  if (kind === 'TIP') return false;
  return status === 'APPROVED';
}

describe('canSeeOpinion', () => {
  it('should not show a tip in any status to anyone outside the unit’s staff but its author', () => {
    for (const viewer of Object.keys(VIEWERS).filter((v) => v !== 'officer of the unit' && v !== 'author')) {
      for (const status of STATUSES) expect(canSeeOpinion(VIEWERS[viewer], UNIT, { kind: 'TIP', status, citizenId: AUTHOR }), `${viewer} ${status}`).toBe(false);
    }
  });

  it.each(cases)('should decide for %s, a %s that is %s, as the README says', (viewer, kind, status) => {
    expect(canSeeOpinion(VIEWERS[viewer], UNIT, { kind, status, citizenId: AUTHOR })).toBe(expected(viewer, kind, status));
  });
});

// Each predicate and its query form must pick the same rows: stored opinions of every kind and
// status, read back through the `where` (or SQL), compared with the predicate row by row.
describe('opinion visibility queries', () => {
  const { server, forum } = useForum();
  let sessionId: string;
  let author: Viewer & { kind: 'citizen' };
  let rows: { id: string; kind: string; status: string; citizenId: string | null }[];
  const prisma = () => server.app.database.prisma;
  const ids = (list: { id: string }[]) => list.map((o) => o.id).sort();

  beforeAll(async () => {
    sessionId = (await openSession(server.app, forum)).sessionId;
    const citizen = await forum.citizen('Nguyễn Thị Lan');
    author = citizen.viewer as Viewer & { kind: 'citizen' };
    for (const kind of KINDS) {
      for (const status of STATUSES) {
        for (const viewer of [author, undefined]) {
          const opinion = await postOpinion(server.app, { sessionId, kind, viewer, body: `Ý kiến loại ${kind}, trạng thái ${status}, về trật tự phố Hàng Bông.` });
          // The status is set directly: these rows are the fixture, not the moderation under test.
          await prisma().opinion.update({ where: { id: opinion.id }, data: { status } });
        }
      }
    }
    rows = await prisma().opinion.findMany({ where: { sessionId }, select: { id: true, kind: true, status: true, citizenId: true } });
    expect(rows).toHaveLength(KINDS.length * STATUSES.length * 2);
  });

  it('should find with publicOpinionWhere exactly the opinions isPublicOpinion accepts', async () => {
    const found = await prisma().opinion.findMany({ where: { sessionId, ...publicOpinionWhere } });
    expect(ids(found)).toEqual(ids(rows.filter(isPublicOpinion)));
    expect(found.length).toBe(KINDS.length - 1 + (KINDS.length - 1)); // one APPROVED non-tip per kind and poster
  });

  it('should find with publicOpinionSql exactly the opinions isPublicOpinion accepts', async () => {
    const found = await prisma().$queryRaw<{ id: string }[]>`SELECT o.id FROM opinion o WHERE o.session_id = ${sessionId} AND ${publicOpinionSql('o')}`;
    expect(ids(found)).toEqual(ids(rows.filter(isPublicOpinion)));
  });

  it('should find with ownOpinionWhere exactly the opinions isOwnOpinion accepts', async () => {
    const found = await prisma().opinion.findMany({ where: { sessionId, ...ownOpinionWhere(author.id) } });
    expect(ids(found)).toEqual(ids(rows.filter((o) => isOwnOpinion(author, o))));
    expect(found.length).toBe(KINDS.length * STATUSES.length);
  });

  it('should list for each viewer a subset of what canSeeOpinion allows: all for the unit’s staff, the public ones for others', async () => {
    const unitId = forum.districtId;
    for (const viewer of [forum.officer.viewer, forum.otherModerator.viewer, author, { kind: 'anonymous' } as Viewer]) {
      const found = await prisma().opinion.findMany({ where: { sessionId, ...listedOpinionWhere(viewer, unitId) } });
      const staff = viewer.kind === 'staff' && viewer.unitId === unitId;
      expect(ids(found)).toEqual(ids(rows.filter((o) => (staff ? canSeeOpinion(viewer, unitId, o) : isPublicOpinion(o)))));
    }
  });

  it('should count with countsInPublicStatsSql exactly the opinions countsInPublicStats accepts', async () => {
    const [{ count }] = await prisma().$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM opinion WHERE session_id = ${sessionId} AND ${countsInPublicStatsSql('opinion')}`;
    expect(count).toBe(rows.filter(countsInPublicStats).length);
    expect(count).toBe((KINDS.length - 1) * STATUSES.length * 2);
  });
});
