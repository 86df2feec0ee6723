import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../../src/auth/viewer.js';
import { GENESIS_HASH, sessionFingerprint } from '../../../src/record/chain.js';
import { countingDatabase } from '../../helpers/database.js';
import { seedForum, type ForumFixture } from '../../helpers/fixtures.js';
import { openSession, postOpinion } from '../../helpers/opinion-fixtures.js';
import { errorCode, ok, startTestServer, type TestServer } from '../../helpers/server.js';

/** Every value a viewer can read about a session that could move with its activity. */
const WATCHED = `query Watched($id: ID!) {
  session(id: $id) {
    recordCursor
    recordFingerprint
    stats { opinions pending approved rejected hidden answered participants upvotes }
    opinions(first: 100) { totalCount pageInfo { endCursor } edges { cursor node { id seq } } }
  }
  sessionEvents(sessionId: $id, after: null, first: 100) { pageInfo { endCursor hasNextPage } edges { cursor } }
}`;
const EVENTS_AFTER = `query EventsAfter($id: ID!, $after: String) {
  sessionEvents(sessionId: $id, after: $after, first: 100) { pageInfo { endCursor } edges { cursor node { type opinion { id seq } } } }
}`;

interface Watched {
  session: { recordCursor: string; recordFingerprint: string; opinions: { edges: { node: { id: string; seq: number } }[] } };
  metrics: number;
}

describe('public positions: tips uncounted and untimed', () => {
  let server: TestServer;
  let forum: ForumFixture;
  let counted: ReturnType<typeof countingDatabase>;

  beforeAll(async () => {
    server = await startTestServer({}, { wrapDatabase: (database) => (counted = countingDatabase(database)).database });
    forum = await seedForum(server.app);
  });
  afterAll(() => server?.close());

  const watch = async (sessionId: string, token: string | null) => {
    const result = ok(await server.post({ query: WATCHED, variables: { id: sessionId } }, { token })) as Omit<Watched, 'metrics'>;
    const metrics = await fetch(new URL('/metrics', server.url));
    return { ...result, metrics: metrics.status } as Watched;
  };
  const eventsAfter = async (sessionId: string, after: string | null, token: string | null = null) =>
    server.post({ query: EVENTS_AFTER, variables: { id: sessionId, after } }, { token });
  const postTip = async (sessionId: string, body: string) => {
    const citizen = await forum.citizen('Người báo tin giấu tên');
    return postOpinion(server.app, { sessionId, viewer: citizen.viewer, deviceKey: `c:${citizen.id}`, kind: 'TIP', body, contact: '0912 345 678' });
  };

  it('should not let an outsider count or time the tips of a LIVE session by any public value, while staff values move', async () => {
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
    const first = await postOpinion(server.app, { sessionId, kind: 'SUGGESTION', body: 'Đề nghị lắp thêm đèn chiếu sáng ở ngõ 42 phố Hàng Bạc.' });
    const citizen = await forum.citizen('Phạm Thị Hoa');
    const outsiders = { anonymous: null, citizen: citizen.token, otherUnitOfficer: forum.otherOfficer.token };
    const before = Object.fromEntries(await Promise.all(Object.entries(outsiders).map(async ([who, token]) => [who, await watch(sessionId, token)] as const)));
    const staffBefore = await watch(sessionId, forum.officer.token);

    const tip = await postTip(sessionId, 'Tin báo: nhóm thanh niên lạ tụ tập đua xe trên đê Nhật Tân sau 23 giờ.');
    await postTip(sessionId, 'Tin báo: cửa hàng cầm đồ đầu ngõ nghi nhận đồ trộm cắp.');
    await server.app.services.tips.followUp({ viewer: forum.officer.viewer, input: { opinionId: tip.id, status: 'VERIFYING' } });

    for (const [who, token] of Object.entries(outsiders)) expect(await watch(sessionId, token), who).toEqual(before[who]);
    const staffAfter = await watch(sessionId, forum.officer.token);
    expect(staffAfter.session.recordCursor).not.toBe(staffBefore.session.recordCursor);
    expect(staffAfter.session.recordFingerprint).not.toBe(staffBefore.session.recordFingerprint);

    // The sentinel: the next public opinion comes right after the first, in seq and in the record.
    const next = await postOpinion(server.app, { sessionId, kind: 'QUESTION', body: 'Xin hỏi lịch tiếp công dân của Công an phường trong tháng Chạp?' });
    const publicCursor = before.anonymous.session.recordCursor;
    const followed = ok(await eventsAfter(sessionId, publicCursor)) as { sessionEvents: { edges: { node: { type: string; opinion: { id: string; seq: number } } }[] } };
    const firstSeq = before.anonymous.session.opinions.edges.find((e) => e.node.id === first.id)!.node.seq;
    expect(followed.sessionEvents.edges.map((e) => [e.node.type, e.node.opinion.id, e.node.opinion.seq])).toEqual([['OPINION_PUBLISHED', next.id, firstSeq + 1]]);
    const staffSeqs = (await server.app.database.prisma.opinion.findMany({ where: { sessionId }, orderBy: { seq: 'asc' } })).map((o) => o.seq);
    expect(staffSeqs).toEqual([1, 2, 3, 4]);
  });

  it('should keep a fingerprint printed before tips verifiable from the chains', async () => {
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
    await postOpinion(server.app, { sessionId, kind: 'COMPLAINT', body: 'Xe tải đỗ chắn lối vào ngõ 40 cả ngày.' });
    const printed = (await watch(sessionId, null)).session.recordFingerprint;
    const tip = await postTip(sessionId, 'Tin báo: có người lạ dò hỏi nhà neo người ở tổ dân phố 5.');
    await server.app.services.tips.followUp({ viewer: forum.officer.viewer, input: { opinionId: tip.id, status: 'VERIFYING' } });
    await postOpinion(server.app, { sessionId, kind: 'SUGGESTION', body: 'Đề nghị tăng tuần tra khu vực chợ đêm.' });

    const prisma = server.app.database.prisma;
    const [audit, journal] = await Promise.all([
      prisma.auditEntry.findMany({ where: { chain: `session:${sessionId}` }, select: { hash: true } }),
      prisma.sessionEvent.findMany({ where: { sessionId }, select: { hash: true } }),
    ]);
    const heads = (rows: { hash: string | null }[]) => [GENESIS_HASH, ...rows.map((r) => r.hash!)];
    const matches = heads(audit).flatMap((recordHead) => heads(journal).filter((journalHead) => sessionFingerprint({ recordHead, journalHead }) === printed));
    expect(matches).toHaveLength(1);
    const report = await server.app.services.record.verify();
    expect(report.problems).toEqual([]);
  });

  it('should not read a staff cursor as a public one, nor a public cursor as a staff one', async () => {
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
    await postOpinion(server.app, { sessionId, kind: 'SUGGESTION', body: 'Đề nghị sơn lại vạch kẻ đường trước cổng trường.' });
    const publicEnd = (ok(await eventsAfter(sessionId, null)) as { sessionEvents: { pageInfo: { endCursor: string } } }).sessionEvents.pageInfo.endCursor;
    const staffEnd = (ok(await eventsAfter(sessionId, null, forum.officer.token)) as { sessionEvents: { pageInfo: { endCursor: string } } }).sessionEvents.pageInfo.endCursor;
    expect(errorCode(await eventsAfter(sessionId, staffEnd))).toBe('BAD_USER_INPUT');
    expect(errorCode(await eventsAfter(sessionId, publicEnd, forum.officer.token))).toBe('BAD_USER_INPUT');
  });

  it('should read a public page from the start by index, never the tip entries before it', async () => {
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
    const prisma = server.app.database.prisma;
    // 1,200 journal entries about tips (written as the database would, chained by its trigger).
    await prisma.$executeRaw`
      WITH s AS (UPDATE forum_session SET last_event = last_event + 1200 WHERE id = ${sessionId} RETURNING last_event)
      INSERT INTO session_event (session_id, position, type, payload)
      SELECT ${sessionId}, s.last_event - 1200 + n, 'TIP_FOLLOWED_UP', jsonb_build_object('opinion', jsonb_build_object('kind', 'TIP'))
        FROM s, generate_series(1, 1200) AS n`;
    const visible = await postOpinion(server.app, { sessionId, kind: 'QUESTION', body: 'Bao giờ sửa xong đoạn đường ống nước vỡ ở phố Hàng Gai?' });
    const before = counted.operations();
    const page = await server.app.services.sessionEvents.page({ viewer: ANONYMOUS, sessionId, after: null, first: 100 });
    const operations = counted.operations() - before;
    expect(page.edges.flatMap((e) => (e.node.opinion ? [e.node.opinion.id] : []))).toEqual([visible.id]);
    // The session row, one page of public entries, the opinions as they stand now (redacted,
    // withheld): not one read per 500 tip entries.
    expect(operations).toBeLessThanOrEqual(3);
  });
});
