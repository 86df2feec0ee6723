import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, ok, startTestServer, type TestServer } from '../../helpers/server.js';
import { createStaff, seedForum, type ForumFixture } from '../../helpers/fixtures.js';
import { RECEIVED_AT_SKEW_MS } from '../../../src/modules/opinion/opinion.service.js';
import { EnterOpinionDocument, OpinionChannelDocument, type SubmitOpinionInput } from '../../generated/graphql.js';

const INTAKE_LIMIT = 4;

let server: TestServer;
let forum: ForumFixture;
let citizenToken: string;

beforeAll(async () => {
  // A low intake limit to reach; the per-poster limit stays below it, to show intake is counted apart.
  server = await startTestServer({ RATE_LIMIT_INTAKE_PER_STAFF: String(INTAKE_LIMIT), RATE_LIMIT_SUBMIT_OPINION_PER_POSTER: '2' });
  forum = await seedForum(server.app, { moderationMode: 'POST' });
  citizenToken = (await forum.citizen('Chị Hoàng Thị Nga')).token;
});
afterAll(() => server?.close());

const prisma = () => server.app.database.prisma;
const opinionCount = () => prisma().opinion.count();
const enter = (token: string | null, input: Partial<SubmitOpinionInput>) =>
  server.request(EnterOpinionDocument, { input: { sessionId: forum.sessionId, body: 'Ý kiến qua đường dây nóng', ...input } }, { token });

/** A fresh clerk of the district, so each test has its own intake count. */
const clerk = () => createStaff(server.app, 'OFFICER', forum.districtId, 'Trung sĩ Vũ Minh Châu');

describe('submitOpinion from other channels', () => {
  it('should refuse a citizen posting as HOTLINE with FORBIDDEN, writing nothing', async () => {
    const before = await opinionCount();
    expect(errorCode(await enter(citizenToken, { channel: 'HOTLINE' }))).toBe('FORBIDDEN');
    expect(await opinionCount()).toBe(before);
  });

  it('should refuse an anonymous poster claiming a PAPER slip with FORBIDDEN, writing nothing', async () => {
    const before = await opinionCount();
    expect(errorCode(await enter(null, { channel: 'PAPER' }))).toBe('FORBIDDEN');
    expect(await opinionCount()).toBe(before);
  });

  it("should refuse staff of another unit entering into this unit's session, writing nothing", async () => {
    const before = await opinionCount();
    expect(errorCode(await enter(forum.otherOfficer.token, { channel: 'IN_PERSON' }))).toBe('FORBIDDEN');
    expect(await opinionCount()).toBe(before);
  });

  it('should refuse entries into a session that has not started, writing nothing', async () => {
    const scheduled = await server.app.services.sessions.create({
      viewer: forum.admin.viewer,
      input: { unitId: forum.districtId, title: 'Đối thoại tháng 12', startsAt: new Date('2026-12-15T01:00:00Z') },
    });
    const before = await opinionCount();
    const result = await server.request(EnterOpinionDocument, { input: { sessionId: scheduled.id, body: 'Phiếu góp ý', channel: 'PAPER' } }, { token: forum.officer.token });
    expect(errorCode(result)).toBe('CONFLICT');
    expect(await opinionCount()).toBe(before);
  });

  it('should record the channel and show it to everyone, citizens posting as APP by default', async () => {
    const { submitOpinion: call } = ok(await enter(forum.officer.token, { channel: 'HOTLINE', authorName: 'Ông Trịnh Văn Sáu', body: 'Gọi đường dây nóng: xe tải chạy quá tốc độ qua chợ Hàng Da.' }));
    expect(call).toMatchObject({ channel: 'HOTLINE', authorName: 'Ông Trịnh Văn Sáu', status: 'APPROVED' });
    const { opinion } = ok(await server.request(OpinionChannelDocument, { id: call.id }));
    expect(opinion).toMatchObject({ channel: 'HOTLINE', body: 'Gọi đường dây nóng: xe tải chạy quá tốc độ qua chợ Hàng Da.' });
    const { submitOpinion: own } = ok(await enter(citizenToken, { body: 'Tôi gửi từ điện thoại' }));
    expect(own.channel).toBe('APP');
  });

  it('should count each entered person as their own participant, not the clerk', async () => {
    const typist = await clerk();
    const before = (await server.app.services.stats.compute(forum.sessionId, 'staff')).participants;
    for (const name of ['Bà Lê Thị Tám', 'Ông Phan Văn Chín', null]) {
      ok(await enter(typist.token, { channel: 'PAPER', authorName: name, body: `Phiếu góp ý của ${name ?? 'người không ghi tên'}` }));
    }
    expect((await server.app.services.stats.compute(forum.sessionId, 'staff')).participants).toBe(before + 3);
  });

  it('should take paper slips typed in after the session closed, but not app posts', async () => {
    const closing = await server.app.services.sessions.create({
      viewer: forum.admin.viewer,
      input: { unitId: forum.districtId, title: 'Đối thoại đã kết thúc', startsAt: new Date('2026-11-20T01:00:00Z') },
    });
    await server.app.services.sessions.setStatus({ viewer: forum.admin.viewer, id: closing.id, status: 'LIVE' });
    await server.app.services.sessions.setStatus({ viewer: forum.admin.viewer, id: closing.id, status: 'CLOSED' });
    const latecomer = (await forum.citizen('Anh Quách Văn Tùng')).token;
    const late = await server.request(EnterOpinionDocument, { input: { sessionId: closing.id, body: 'Đề nghị lắp đèn ngõ 3', channel: 'APP' } }, { token: latecomer });
    expect(errorCode(late)).toBe('CONFLICT');
    const { submitOpinion } = ok(
      await server.request(EnterOpinionDocument, { input: { sessionId: closing.id, body: 'Phiếu số 17: đề nghị lắp đèn ngõ 3.', channel: 'PAPER' } }, { token: forum.moderator.token }),
    );
    expect(submitOpinion).toMatchObject({ channel: 'PAPER', seq: 1 });
  });

  it('should refuse a citizen giving receivedAt with BAD_USER_INPUT on receivedAt, writing nothing', async () => {
    const before = await opinionCount();
    const citizen = (await forum.citizen('Anh Lục Văn Khánh')).token;
    const result = await enter(citizen, { receivedAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.field).toBe('receivedAt');
    expect(await opinionCount()).toBe(before);
  });

  it('should refuse a receivedAt in the future (beyond the clock skew allowed), writing nothing', async () => {
    const before = await opinionCount();
    const result = await enter((await clerk()).token, { channel: 'PAPER', receivedAt: new Date(Date.now() + 2 * RECEIVED_AT_SKEW_MS).toISOString() });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.field).toBe('receivedAt');
    expect(await opinionCount()).toBe(before);
  });

  it('should store the receivedAt staff give at intake, even before the session started, while createdAt stays the typing time', async () => {
    // A slip handed in a week earlier, for a forum that had not started yet.
    const handedIn = new Date(Date.now() - 7 * 86_400_000);
    handedIn.setMilliseconds(0);
    const typedFrom = Date.now();
    const { submitOpinion: slip } = ok(await enter((await clerk()).token, { channel: 'PAPER', body: 'Phiếu nộp từ tuần trước', receivedAt: handedIn.toISOString() }));
    expect(new Date(slip.receivedAt).getTime()).toBe(handedIn.getTime());
    expect(new Date(slip.createdAt).getTime()).toBeGreaterThanOrEqual(typedFrom - 1000);
    const { opinion } = ok(await server.request(OpinionChannelDocument, { id: slip.id }, { token: citizenToken }));
    expect(new Date(opinion!.receivedAt).getTime()).toBe(handedIn.getTime());
    expect(opinion!.createdAt).toBe(slip.createdAt);
    expect((await prisma().opinion.findUniqueOrThrow({ where: { id: slip.id } })).receivedAt?.getTime()).toBe(handedIn.getTime());
  });

  it('should read receivedAt as createdAt for an opinion given none', async () => {
    const { submitOpinion: call } = ok(await enter((await clerk()).token, { channel: 'HOTLINE', body: 'Cuộc gọi nhập ngay khi nhận' }));
    const { submitOpinion: post } = ok(await enter((await forum.citizen('Chị Mạc Thị Duyên')).token, { body: 'Ý kiến gửi từ ứng dụng' }));
    for (const { id } of [call, post]) {
      const { opinion } = ok(await server.request(OpinionChannelDocument, { id }));
      expect(opinion!.receivedAt).toBe(opinion!.createdAt);
    }
  });

  it('should let a clerk enter more slips than a poster may post, up to the intake limit, then refuse with RATE_LIMITED', async () => {
    const typist = await clerk();
    for (let i = 1; i <= INTAKE_LIMIT; i++) ok(await enter(typist.token, { channel: 'PAPER', body: `Phiếu góp ý số ${i}` }));
    const before = await opinionCount();
    const refused = await enter(typist.token, { channel: 'PAPER', body: 'Phiếu góp ý thừa' });
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(await opinionCount()).toBe(before);
    // Another clerk has their own count.
    ok(await enter((await clerk()).token, { channel: 'EMAIL', body: 'Thư điện tử của người dân' }));
  });
});
