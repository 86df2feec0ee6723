import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer.js';
import { useForum } from '../../helpers/forum.js';
import { ok, errorCode } from '../../helpers/server.js';
import { createStaff, createSystemAdmin, createUnit, type StaffFixture } from '../../helpers/fixtures.js';
import {
  CreateSessionDocument,
  SessionDocument,
  SessionsDocument,
  SessionsWithUnitDocument,
  SetSessionStatusDocument,
  type CreateSessionInput,
  type SessionStatus,
  type SessionsQuery,
} from '../../generated/graphql.js';

const { server, forum } = useForum();
let citizenToken: string;

beforeAll(async () => {
  citizenToken = (await forum.citizen('Ông Lý Văn Bình')).token;
});

const prisma = () => server.app.database.prisma;
const sessionCount = () => prisma().forumSession.count();
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/** A valid createSession input for the district; override a field to test it. */
function sessionInput(overrides: Partial<CreateSessionInput> = {}): CreateSessionInput {
  return {
    unitId: forum.districtId,
    title: 'Công an lắng nghe ý kiến nhân dân phường Tràng Tiền',
    startsAt: '2026-12-05T01:00:00.000Z',
    ...overrides,
  };
}

const createAs = (token: string | null, input: CreateSessionInput) => server.request(CreateSessionDocument, { input }, { token });

/** A SCHEDULED session of `unitId`, made through the service by the admin. */
async function scheduledSession(unitId = forum.districtId, startsAt = new Date('2026-12-10T01:00:00Z'), title = 'Đối thoại về an ninh trật tự khu phố') {
  const session = await server.app.services.sessions.create({ viewer: SYSTEM, input: { unitId, title, startsAt } });
  return session.id;
}

const setStatus = (token: string | null, id: string, status: SessionStatus) => server.request(SetSessionStatusDocument, { id, status }, { token });

const auditOf = (sessionId: string) =>
  prisma().auditEntry.findMany({ where: { entityId: sessionId, action: 'SESSION_STATUS_CHANGED' }, orderBy: { seq: 'asc' } });

describe('createSession', () => {
  it("should not let a unit's admin create a session for a unit beside its own", async () => {
    const before = await sessionCount();
    expect(errorCode(await createAs(forum.admin.token, sessionInput({ unitId: forum.otherUnitId })))).toBe('FORBIDDEN');
    expect(await sessionCount()).toBe(before);
  });

  it('should let the system admin create a session for any unit', async () => {
    const system = await createSystemAdmin(server.app);
    const { createSession } = ok(await createAs(system.token, sessionInput({ unitId: forum.otherUnitId, title: 'Lắng nghe ý kiến nhân dân phường Phúc Xá' })));
    expect(createSession.unit).toEqual({ id: forum.otherUnitId, name: 'Công an quận Ba Đình' });
    expect(createSession.title).toBe('Lắng nghe ý kiến nhân dân phường Phúc Xá');
    const stored = await prisma().forumSession.findUnique({ where: { id: createSession.id } });
    expect(stored?.unitId).toBe(forum.otherUnitId);
  });

  it('should let a moderator create a session for their own unit', async () => {
    const { createSession } = ok(await createAs(forum.moderator.token, sessionInput({ location: 'Hội trường UBND phường Tràng Tiền' })));
    expect(createSession.unit.id).toBe(forum.districtId);
    expect(createSession.location).toBe('Hội trường UBND phường Tràng Tiền');
    expect(await prisma().forumSession.findUnique({ where: { id: createSession.id } })).not.toBeNull();
  });

  it("should refuse a moderator of another unit with FORBIDDEN and write nothing", async () => {
    const before = await sessionCount();
    expect(errorCode(await createAs(forum.otherModerator.token, sessionInput()))).toBe('FORBIDDEN');
    expect(await sessionCount()).toBe(before);
  });

  it('should refuse an officer of the unit with FORBIDDEN and write nothing', async () => {
    const before = await sessionCount();
    expect(errorCode(await createAs(forum.officer.token, sessionInput()))).toBe('FORBIDDEN');
    expect(await sessionCount()).toBe(before);
  });

  it('should refuse a citizen with FORBIDDEN and write nothing', async () => {
    const before = await sessionCount();
    expect(errorCode(await createAs(citizenToken, sessionInput()))).toBe('FORBIDDEN');
    expect(await sessionCount()).toBe(before);
  });

  it('should refuse an anonymous visitor with UNAUTHENTICATED and write nothing', async () => {
    const before = await sessionCount();
    expect(errorCode(await createAs(null, sessionInput()))).toBe('UNAUTHENTICATED');
    expect(await sessionCount()).toBe(before);
  });

  it('should default to PRE moderation, anonymous posting allowed, no topics and SCHEDULED', async () => {
    const { createSession } = ok(await createAs(forum.moderator.token, sessionInput()));
    expect(createSession).toMatchObject({
      moderationMode: 'PRE',
      allowAnonymous: true,
      topics: [],
      status: 'SCHEDULED',
      description: null,
      location: null,
      endsAt: null,
    });
  });

  it('should keep the moderation mode, anonymity setting and multi-line description it was given', async () => {
    const description = 'Chủ đề chính: an toàn giao thông quanh trường học.\nMời bà con phản ánh trực tiếp hoặc gửi ý kiến trực tuyến.';
    const { createSession } = ok(await createAs(forum.moderator.token, sessionInput({ moderationMode: 'POST', allowAnonymous: false, description })));
    expect(createSession).toMatchObject({ moderationMode: 'POST', allowAnonymous: false, description });
  });

  it('should create the named topics on the fly, in the order given', async () => {
    const names = ['An toàn giao thông', 'Phòng cháy chữa cháy', 'Cư trú và căn cước'];
    const { createSession } = ok(await createAs(forum.moderator.token, sessionInput({ topics: names })));
    expect(createSession.topics.map((t) => t.name)).toEqual(names);
    const stored = await prisma().topic.findMany({ where: { sessionId: createSession.id }, orderBy: { position: 'asc' } });
    expect(stored.map((t) => t.name)).toEqual(names);
    expect(stored.map((t) => t.id)).toEqual(createSession.topics.map((t) => t.id));
  });

  it('should deduplicate topics that differ only in letter case, spacing or Unicode form', async () => {
    const topics = ['An toàn giao thông', 'an toàn giao thông', '  An toàn   giao thông ', 'AN TOÀN GIAO THÔNG'.normalize('NFD'), 'Trộm cắp tài sản', 'trộm cắp tài sản'];
    const { createSession } = ok(await createAs(forum.moderator.token, sessionInput({ topics })));
    expect(createSession.topics.map((t) => t.name)).toEqual(['An toàn giao thông', 'Trộm cắp tài sản']);
    expect(await prisma().topic.count({ where: { sessionId: createSession.id } })).toBe(2);
  });

  it('should give each session its own topics, even with the same names', async () => {
    const a = ok(await createAs(forum.moderator.token, sessionInput({ topics: ['Tệ nạn xã hội'] }))).createSession;
    const b = ok(await createAs(forum.moderator.token, sessionInput({ topics: ['Tệ nạn xã hội'] }))).createSession;
    expect(a.topics[0].id).not.toBe(b.topics[0].id);
  });

  it('should refuse a blank topic name with BAD_USER_INPUT', async () => {
    const before = await sessionCount();
    expect(errorCode(await createAs(forum.moderator.token, sessionInput({ topics: ['An toàn giao thông', '   '] })))).toBe('BAD_USER_INPUT');
    expect(await sessionCount()).toBe(before);
  });

  it('should refuse endsAt before startsAt with BAD_USER_INPUT and write nothing', async () => {
    const before = await sessionCount();
    const result = await createAs(forum.moderator.token, sessionInput({ startsAt: '2026-12-05T09:00:00+07:00', endsAt: '2026-12-05T08:00:00+07:00' }));
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.field).toBe('endsAt');
    expect(await sessionCount()).toBe(before);
  });

  it('should refuse endsAt equal to startsAt with BAD_USER_INPUT', async () => {
    expect(errorCode(await createAs(forum.moderator.token, sessionInput({ startsAt: '2026-12-05T02:00:00Z', endsAt: '2026-12-05T09:00:00+07:00' })))).toBe('BAD_USER_INPUT');
  });

  it('should refuse an empty title with BAD_USER_INPUT and write nothing', async () => {
    const before = await sessionCount();
    for (const title of ['', '   ', '\u200b\u2060']) {
      const result = await createAs(forum.moderator.token, sessionInput({ title }));
      expect(errorCode(result), JSON.stringify(title)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].extensions?.field).toBe('title');
    }
    expect(await sessionCount()).toBe(before);
  });

  it('should refuse a title longer than 200 characters with BAD_USER_INPUT', async () => {
    expect(errorCode(await createAs(forum.moderator.token, sessionInput({ title: 'Lắng nghe '.repeat(20) + 'ý' })))).toBe('BAD_USER_INPUT');
  });

  it('should refuse a startsAt that is not a date-time with BAD_USER_INPUT', async () => {
    const before = await sessionCount();
    expect(errorCode(await createAs(forum.moderator.token, sessionInput({ startsAt: 'thứ Bảy tuần sau' })))).toBe('BAD_USER_INPUT');
    expect(await sessionCount()).toBe(before);
  });

  it('should refuse an unknown unit with NOT_FOUND for an admin and write nothing', async () => {
    const before = await sessionCount();
    const system = await createSystemAdmin(server.app);
    expect(errorCode(await createAs(system.token, sessionInput({ unitId: '00000000-0000-4000-8000-000000000000' })))).toBe('NOT_FOUND');
    expect(await sessionCount()).toBe(before);
  });

  it('should not tell a moderator whether a unit they do not belong to exists', async () => {
    expect(errorCode(await createAs(forum.moderator.token, sessionInput({ unitId: '00000000-0000-4000-8000-000000000000' })))).toBe('FORBIDDEN');
  });

  it('should return startsAt and endsAt as ISO UTC strings for the instants given', async () => {
    const { createSession } = ok(await createAs(forum.moderator.token, sessionInput({ startsAt: '2026-12-05T08:30:00+07:00', endsAt: '2026-12-05T11:00:00+07:00' })));
    expect(createSession.startsAt).toMatch(ISO_UTC);
    expect(createSession.endsAt).toMatch(ISO_UTC);
    expect(new Date(createSession.startsAt).toISOString()).toBe('2026-12-05T01:30:00.000Z');
    expect(new Date(createSession.endsAt!).toISOString()).toBe('2026-12-05T04:00:00.000Z');
  });
});

describe('setSessionStatus', () => {
  it('should let a moderator of the unit take a session SCHEDULED → LIVE → CLOSED', async () => {
    const id = await scheduledSession();
    expect(ok(await setStatus(forum.moderator.token, id, 'LIVE')).setSessionStatus).toEqual({ id, status: 'LIVE' });
    expect(ok(await setStatus(forum.moderator.token, id, 'CLOSED')).setSessionStatus).toEqual({ id, status: 'CLOSED' });
    expect((await prisma().forumSession.findUniqueOrThrow({ where: { id } })).status).toBe('CLOSED');
  });

  it('should let a moderator cancel a session that never went live (SCHEDULED → CLOSED)', async () => {
    const id = await scheduledSession();
    expect(ok(await setStatus(forum.moderator.token, id, 'CLOSED')).setSessionStatus.status).toBe('CLOSED');
  });

  it('should refuse LIVE → SCHEDULED with CONFLICT and leave the session LIVE', async () => {
    const id = await scheduledSession();
    ok(await setStatus(forum.moderator.token, id, 'LIVE'));
    expect(errorCode(await setStatus(forum.moderator.token, id, 'SCHEDULED'))).toBe('CONFLICT');
    expect(errorCode(await setStatus(forum.admin.token, id, 'SCHEDULED'))).toBe('CONFLICT');
    expect((await prisma().forumSession.findUniqueOrThrow({ where: { id } })).status).toBe('LIVE');
  });

  it('should refuse CLOSED → SCHEDULED with CONFLICT, even for an admin', async () => {
    const id = await scheduledSession();
    ok(await setStatus(forum.moderator.token, id, 'CLOSED'));
    expect(errorCode(await setStatus(forum.admin.token, id, 'SCHEDULED'))).toBe('CONFLICT');
    expect((await prisma().forumSession.findUniqueOrThrow({ where: { id } })).status).toBe('CLOSED');
  });

  it('should refuse a moderator reopening a CLOSED session with FORBIDDEN', async () => {
    const id = await scheduledSession();
    ok(await setStatus(forum.moderator.token, id, 'LIVE'));
    ok(await setStatus(forum.moderator.token, id, 'CLOSED'));
    expect(errorCode(await setStatus(forum.moderator.token, id, 'LIVE'))).toBe('FORBIDDEN');
    expect((await prisma().forumSession.findUniqueOrThrow({ where: { id } })).status).toBe('CLOSED');
  });

  it('should let an admin reopen a CLOSED session', async () => {
    const id = await scheduledSession();
    ok(await setStatus(forum.moderator.token, id, 'LIVE'));
    ok(await setStatus(forum.moderator.token, id, 'CLOSED'));
    expect(ok(await setStatus(forum.admin.token, id, 'LIVE')).setSessionStatus.status).toBe('LIVE');
    expect((await prisma().forumSession.findUniqueOrThrow({ where: { id } })).status).toBe('LIVE');
  });

  it('should not let an admin of another unit change the status', async () => {
    const otherAdmin: StaffFixture = await createStaff(server.app, 'ADMIN', forum.otherUnitId, 'Quản trị Ba Đình');
    const id = await scheduledSession();
    expect(errorCode(await setStatus(otherAdmin.token, id, 'LIVE'))).toBe('FORBIDDEN');
    expect((await prisma().forumSession.findUniqueOrThrow({ where: { id } })).status).toBe('SCHEDULED');
  });

  it('should let an admin of a unit above change the status', async () => {
    const city = await createUnit(server.app, 'Công an thành phố Hà Nội');
    await prisma().unit.update({ where: { id: forum.districtId }, data: { parentId: city } });
    server.app.services.access.unitsChanged();
    const cityAdmin: StaffFixture = await createStaff(server.app, 'ADMIN', city, 'Quản trị Công an Hà Nội');
    const id = await scheduledSession();
    expect(ok(await setStatus(cityAdmin.token, id, 'LIVE')).setSessionStatus.status).toBe('LIVE');
  });

  it('should treat setting the current status as a no-op that writes no audit entry', async () => {
    const id = await scheduledSession();
    ok(await setStatus(forum.moderator.token, id, 'LIVE'));
    const before = await prisma().forumSession.findUniqueOrThrow({ where: { id } });
    expect(ok(await setStatus(forum.moderator.token, id, 'LIVE')).setSessionStatus).toEqual({ id, status: 'LIVE' });
    const after = await prisma().forumSession.findUniqueOrThrow({ where: { id } });
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(await auditOf(id)).toHaveLength(1);
  });

  it("should refuse a moderator of another unit with FORBIDDEN and leave the session as it was", async () => {
    const id = await scheduledSession();
    expect(errorCode(await setStatus(forum.otherModerator.token, id, 'LIVE'))).toBe('FORBIDDEN');
    expect(errorCode(await setStatus(forum.otherModerator.token, id, 'SCHEDULED'))).toBe('FORBIDDEN');
    expect((await prisma().forumSession.findUniqueOrThrow({ where: { id } })).status).toBe('SCHEDULED');
    expect(await auditOf(id)).toHaveLength(0);
  });

  it('should refuse officers and citizens with FORBIDDEN and anonymous visitors with UNAUTHENTICATED', async () => {
    const id = await scheduledSession();
    expect(errorCode(await setStatus(forum.officer.token, id, 'LIVE'))).toBe('FORBIDDEN');
    expect(errorCode(await setStatus(citizenToken, id, 'LIVE'))).toBe('FORBIDDEN');
    expect(errorCode(await setStatus(null, id, 'LIVE'))).toBe('UNAUTHENTICATED');
    expect((await prisma().forumSession.findUniqueOrThrow({ where: { id } })).status).toBe('SCHEDULED');
  });

  it('should refuse an unknown session with NOT_FOUND', async () => {
    expect(errorCode(await setStatus(forum.admin.token, '00000000-0000-4000-8000-000000000000', 'LIVE'))).toBe('NOT_FOUND');
  });

  it('should write one audit entry per status change, with the statuses and the actor', async () => {
    const id = await scheduledSession();
    ok(await setStatus(forum.moderator.token, id, 'LIVE'));
    ok(await setStatus(forum.moderator.token, id, 'CLOSED'));
    ok(await setStatus(forum.admin.token, id, 'LIVE'));
    const entries = await auditOf(id);
    // Compared as a set: requests a millisecond apart may share a createdAt.
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => [e.fromStatus, e.toStatus, e.actorId, e.actorRole])).toEqual(
      expect.arrayContaining([
        ['SCHEDULED', 'LIVE', forum.moderator.id, 'MODERATOR'],
        ['LIVE', 'CLOSED', forum.moderator.id, 'MODERATOR'],
        ['CLOSED', 'LIVE', forum.admin.id, 'ADMIN'],
      ]),
    );
    for (const entry of entries) {
      expect(entry).toMatchObject({ action: 'SESSION_STATUS_CHANGED', entityType: 'ForumSession', entityId: id, sessionId: id });
    }
  });

  it('should write no audit entry for a refused change', async () => {
    const id = await scheduledSession();
    ok(await setStatus(forum.moderator.token, id, 'LIVE'));
    await setStatus(forum.moderator.token, id, 'SCHEDULED');
    await setStatus(forum.otherModerator.token, id, 'CLOSED');
    await setStatus(forum.officer.token, id, 'CLOSED');
    expect((await auditOf(id)).map((e) => e.toStatus)).toEqual(['LIVE']);
  });

  it('should show the new status to everyone reading the session', async () => {
    const id = await scheduledSession();
    ok(await setStatus(forum.moderator.token, id, 'LIVE'));
    expect(ok(await server.request(SessionDocument, { id })).session?.status).toBe('LIVE');
  });
});

describe('sessions', () => {
  // A unit of its own, so counts and order do not depend on the other tests' sessions.
  let unitId: string;
  let expectedOrder: string[];
  let liveIds: string[];
  let closedIds: string[];

  beforeAll(async () => {
    unitId = (await server.app.services.units.create({ viewer: SYSTEM, input: { name: 'Công an huyện Sóc Sơn' } })).id;
    const starts = [
      '2026-10-01T01:00:00Z',
      '2026-12-24T12:00:00Z',
      '2026-11-15T02:30:00Z',
      '2026-11-15T02:30:00Z', // same instant: the id breaks the tie
      '2026-11-15T02:30:00Z',
      '2027-01-05T00:00:00Z',
      '2026-09-09T09:09:09Z',
    ];
    const created: { id: string; startsAt: Date }[] = [];
    for (const [i, at] of starts.entries()) {
      const id = await scheduledSession(unitId, new Date(at), `Tiếp xúc cử tri xã Minh Trí lần ${i + 1}`);
      created.push({ id, startsAt: new Date(at) });
    }
    expectedOrder = [...created]
      .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((s) => s.id);
    liveIds = [created[1].id, created[3].id];
    closedIds = [created[6].id];
    for (const id of liveIds) await server.app.services.sessions.setStatus({ viewer: SYSTEM, id, status: 'LIVE' });
    for (const id of closedIds) await server.app.services.sessions.setStatus({ viewer: SYSTEM, id, status: 'CLOSED' });
  });

  it('should filter by unit', async () => {
    const { sessions } = ok(await server.request(SessionsWithUnitDocument, { unitId }));
    expect(sessions.totalCount).toBe(7);
    expect(sessions.edges.map((e) => e.node.id).sort()).toEqual([...expectedOrder].sort());
    expect(sessions.edges.every((e) => e.node.unit.id === unitId)).toBe(true);
  });

  it('should filter by status within a unit', async () => {
    const { sessions } = ok(await server.request(SessionsWithUnitDocument, { unitId, status: 'LIVE' }));
    expect(sessions.totalCount).toBe(2);
    expect(sessions.edges.map((e) => e.node.id).sort()).toEqual([...liveIds].sort());
    expect(sessions.edges.every((e) => e.node.status === 'LIVE')).toBe(true);
  });

  it('should filter by status across units', async () => {
    const { sessions } = ok(await server.request(SessionsWithUnitDocument, { status: 'CLOSED', first: 100 }));
    expect(sessions.totalCount).toBe(await prisma().forumSession.count({ where: { status: 'CLOSED' } }));
    expect(sessions.edges.length).toBe(sessions.totalCount);
    expect(sessions.edges.every((e) => e.node.status === 'CLOSED')).toBe(true);
    expect(sessions.edges.map((e) => e.node.id)).toEqual(expect.arrayContaining(closedIds));
  });

  it('should list sessions most recent start first', async () => {
    const { sessions } = ok(await server.request(SessionsDocument, { unitId }));
    expect(sessions.edges.map((e) => e.node.id)).toEqual(expectedOrder);
    const times = sessions.edges.map((e) => Date.parse(e.node.startsAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('should walk every session exactly once, in startsAt-desc order, page by page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { sessions }: SessionsQuery = ok(await server.request(SessionsDocument, { unitId, first: 2, after }));
      pages++;
      expect(sessions.totalCount).toBe(7);
      expect(sessions.edges.length).toBeLessThanOrEqual(2);
      expect(sessions.pageInfo.endCursor).toBe(sessions.edges.at(-1)?.cursor ?? null);
      seen.push(...sessions.edges.map((e) => e.node.id));
      if (!sessions.pageInfo.hasNextPage) break;
      after = sessions.pageInfo.endCursor;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(expectedOrder);
  });

  it('should report no next page on the last page', async () => {
    const { sessions } = ok(await server.request(SessionsDocument, { unitId, first: 7 }));
    expect(sessions.edges).toHaveLength(7);
    expect(sessions.pageInfo.hasNextPage).toBe(false);
  });

  it('should return 20 sessions when first is omitted, and cap first at 100', async () => {
    const crowdedUnitId = (await server.app.services.units.create({ viewer: SYSTEM, input: { name: 'Công an quận Thanh Xuân' } })).id;
    const base = Date.parse('2026-06-01T00:00:00Z');
    await prisma().forumSession.createMany({
      data: Array.from({ length: 105 }, (_, i) => ({
        unitId: crowdedUnitId,
        title: `Buổi lắng nghe ý kiến nhân dân số ${i + 1}`,
        startsAt: new Date(base + i * 3600_000),
      })),
    });
    const byDefault = ok(await server.request(SessionsDocument, { unitId: crowdedUnitId })).sessions;
    expect(byDefault.edges).toHaveLength(20);
    const capped = ok(await server.request(SessionsDocument, { unitId: crowdedUnitId, first: 1000 })).sessions;
    expect(capped.edges).toHaveLength(100);
    expect(capped.totalCount).toBe(105);
    expect(capped.pageInfo.hasNextPage).toBe(true);
    const rest = ok(await server.request(SessionsDocument, { unitId: crowdedUnitId, first: 1000, after: capped.pageInfo.endCursor })).sessions;
    expect(rest.edges).toHaveLength(5);
    expect(new Set([...capped.edges, ...rest.edges].map((e) => e.node.id)).size).toBe(105);
  });

  it('should refuse a negative first with BAD_USER_INPUT', async () => {
    expect(errorCode(await server.request(SessionsDocument, { unitId, first: -1 }))).toBe('BAD_USER_INPUT');
  });

  it('should refuse a garbage after cursor with BAD_USER_INPUT', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const garbage = [
      'không-phải-con-trỏ',
      'eyJub3QiOiJqc29u', // base64 of broken JSON
      encode({ startsAt: 1, id: 'x' }),
      encode(['opinion', 1]), // another connection's cursor
      encode(['session', 'hôm qua', 'x']),
      encode(['session', 1_700_000_000_000]),
    ];
    for (const after of garbage) {
      const result = await server.request(SessionsDocument, { unitId, after });
      expect(errorCode(result), after).toBe('BAD_USER_INPUT');
    }
  });

  it('should refuse a cursor whose timestamp lies outside the date range with BAD_USER_INPUT, not an internal error', async () => {
    const after = Buffer.from(JSON.stringify(['session', 1e300, expectedOrder[0]])).toString('base64url');
    const result = await server.request(SessionsDocument, { unitId, after });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.field).toBe('after');
  });

  it('should return nothing for a unit without sessions', async () => {
    const { sessions } = ok(await server.request(SessionsDocument, { unitId: '00000000-0000-4000-8000-000000000000' }));
    expect(sessions).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });
});

describe('session', () => {
  it('should be null for an unknown id', async () => {
    const result = await server.request(SessionDocument, { id: '00000000-0000-4000-8000-000000000000' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ session: null });
  });

  it('should be null for an id that is not a session id at all', async () => {
    expect(ok(await server.request(SessionDocument, { id: 'phiên-không-tồn-tại' })).session).toBeNull();
  });

  it('should show the seeded session with its unit and topics to anonymous visitors', async () => {
    const { session } = ok(await server.request(SessionDocument, { id: forum.sessionId }));
    expect(session).toMatchObject({
      id: forum.sessionId,
      title: 'Công an lắng nghe ý kiến nhân dân phường Hàng Trống',
      location: 'Nhà văn hóa phường Hàng Trống',
      status: 'LIVE',
      unit: { id: forum.districtId, name: 'Công an quận Hoàn Kiếm' },
    });
    expect(session?.topics).toEqual(forum.topics);
  });

  it('should return startsAt and endsAt as ISO UTC strings', async () => {
    const created = await server.app.services.sessions.create({
      viewer: forum.moderator.viewer,
      input: { unitId: forum.districtId, title: 'Đối thoại cuối năm', startsAt: new Date('2026-12-30T19:00:00-05:00'), endsAt: new Date('2026-12-31T03:15:30.250Z') },
    });
    const { session } = ok(await server.request(SessionDocument, { id: created.id }));
    expect(session?.startsAt).toMatch(ISO_UTC);
    expect(session?.endsAt).toMatch(ISO_UTC);
    expect(Date.parse(session!.startsAt)).toBe(Date.parse('2026-12-31T00:00:00Z'));
    expect(Date.parse(session!.endsAt!)).toBe(Date.parse('2026-12-31T03:15:30.250Z'));
  });
});
