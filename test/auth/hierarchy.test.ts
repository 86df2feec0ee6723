import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, ok, errorCode, type TestServer } from '../helpers/server.js';
import { createStaff, createSystemAdmin, createUnit, type StaffFixture } from '../helpers/fixtures.js';
import { feedsAttached, liveClient, subscribe } from '../helpers/live.js';
import {
  CreateSessionDocument,
  ModerateOpinionDocument,
  OnOpinionSubmittedDocument,
  OpinionDocument,
  RespondToOpinionDocument,
  SessionOpinionsDocument,
  SetSessionStatusDocument,
  SubmitOpinionDocument,
} from '../generated/graphql.js';

// A district over two communes; a second district beside it. Staff of a unit act on the sessions
// of every unit under it, never above and never beside.
describe('unit hierarchy', () => {
  let server: TestServer;
  let districtId: string;
  let communeId: string;
  let siblingId: string;
  let otherDistrictId: string;
  let district: { moderator: StaffFixture; officer: StaffFixture; admin: StaffFixture };
  let commune: { moderator: StaffFixture; officer: StaffFixture; admin: StaffFixture };
  let sibling: { moderator: StaffFixture };
  let otherDistrict: { moderator: StaffFixture };
  let systemAdmin: StaffFixture;
  const clients: ReturnType<typeof liveClient>[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const province = await createUnit(server.app, 'Công an thành phố Hà Nội');
    districtId = await createUnit(server.app, 'Công an huyện Gia Lâm', province);
    communeId = await createUnit(server.app, 'Công an xã Bát Tràng', districtId);
    siblingId = await createUnit(server.app, 'Công an xã Kim Lan', districtId);
    otherDistrictId = await createUnit(server.app, 'Công an huyện Thanh Trì', province);
    const [dm, dof, da, cm, cof, ca, sm, om, sys] = await Promise.all([
      createStaff(server.app, 'MODERATOR', districtId, 'Thiếu tá Nguyễn Thị Hạnh'),
      createStaff(server.app, 'OFFICER', districtId, 'Trung tá Phạm Văn Thành'),
      createStaff(server.app, 'ADMIN', districtId, 'Thượng tá Lê Quang Vinh'),
      createStaff(server.app, 'MODERATOR', communeId, 'Đại úy Trần Văn Bình'),
      createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Đỗ Thị Thu'),
      createStaff(server.app, 'ADMIN', communeId, 'Thiếu tá Vũ Văn Hải'),
      createStaff(server.app, 'MODERATOR', siblingId, 'Đại úy Hoàng Thị Lan'),
      createStaff(server.app, 'MODERATOR', otherDistrictId, 'Thiếu tá Bùi Văn Long'),
      createSystemAdmin(server.app),
    ]);
    district = { moderator: dm, officer: dof, admin: da };
    commune = { moderator: cm, officer: cof, admin: ca };
    sibling = { moderator: sm };
    otherDistrict = { moderator: om };
    systemAdmin = sys;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.close();
  });

  /** A LIVE session of `unitId`, created and opened by `moderator`. */
  async function liveSession(unitId: string, moderator: StaffFixture, moderationMode: 'PRE' | 'POST' = 'PRE') {
    const { createSession } = ok(
      await server.request(
        CreateSessionDocument,
        { input: { unitId, title: 'Công an lắng nghe ý kiến nhân dân về làng nghề gốm', startsAt: '2026-12-01T01:00:00Z', moderationMode } },
        { token: moderator.token },
      ),
    );
    ok(await server.request(SetSessionStatusDocument, { id: createSession.id, status: 'LIVE' }, { token: moderator.token }));
    return createSession.id;
  }

  /** A confidential tip with a contact, posted anonymously to `sessionId`. */
  async function tip(sessionId: string) {
    const { submitOpinion } = ok(
      await server.request(SubmitOpinionDocument, {
        input: {
          sessionId,
          kind: 'TIP',
          body: 'Có người tàng trữ pháo nổ trong kho gốm cuối ngõ 3, thường bốc hàng lúc nửa đêm.',
          contact: '0987 654 321',
        },
      }),
    );
    return submitOpinion.id;
  }

  const readOpinion = (id: string, token: string) => server.request(OpinionDocument, { id }, { token });
  const listOpinions = (sessionId: string, token: string) => server.request(SessionOpinionsDocument, { id: sessionId, first: 100 }, { token });

  it("should not show a commune's staff the district's tip or its contact", async () => {
    const sessionId = await liveSession(districtId, district.moderator);
    const tipId = await tip(sessionId);
    for (const staff of [commune.moderator, commune.officer, commune.admin]) {
      expect(ok(await readOpinion(tipId, staff.token)).opinion).toBeNull();
      expect(ok(await listOpinions(sessionId, staff.token)).session?.opinions.totalCount).toBe(0);
    }
  });

  it("should not show a sibling commune's staff the commune's tip", async () => {
    const sessionId = await liveSession(communeId, commune.moderator);
    const tipId = await tip(sessionId);
    expect(ok(await readOpinion(tipId, sibling.moderator.token)).opinion).toBeNull();
    expect(ok(await listOpinions(sessionId, sibling.moderator.token)).session?.opinions.edges).toEqual([]);
  });

  it("should not show another district's staff the commune's tip", async () => {
    const sessionId = await liveSession(communeId, commune.moderator);
    const tipId = await tip(sessionId);
    expect(ok(await readOpinion(tipId, otherDistrict.moderator.token)).opinion).toBeNull();
  });

  it('should not show the system admin (no unit) any tip', async () => {
    const sessionId = await liveSession(communeId, commune.moderator);
    const tipId = await tip(sessionId);
    expect(ok(await readOpinion(tipId, systemAdmin.token)).opinion).toBeNull();
  });

  it("should show the district's staff a commune's tip with its contact", async () => {
    const sessionId = await liveSession(communeId, commune.moderator);
    const tipId = await tip(sessionId);
    for (const staff of [district.moderator, district.officer, district.admin]) {
      expect(ok(await readOpinion(tipId, staff.token)).opinion).toMatchObject({ id: tipId, kind: 'TIP', contact: '0987 654 321' });
      const { edges } = ok(await listOpinions(sessionId, staff.token)).session!.opinions;
      expect(edges.map((e) => e.node.contact)).toEqual(['0987 654 321']);
    }
  });

  it('should not let a commune moderator moderate a district session, nor a sibling moderator a commune one', async () => {
    const districtSession = await liveSession(districtId, district.moderator);
    const communeSession = await liveSession(communeId, commune.moderator);
    const [inDistrict, inCommune] = await Promise.all([
      server.request(SubmitOpinionDocument, { input: { sessionId: districtSession, body: 'Đề nghị lắp đèn đường đê Long Biên.' } }),
      server.request(SubmitOpinionDocument, { input: { sessionId: communeSession, body: 'Đề nghị tuần tra chợ gốm buổi tối.' } }),
    ]);
    const districtOpinion = ok(inDistrict).submitOpinion.id;
    const communeOpinion = ok(inCommune).submitOpinion.id;
    expect(errorCode(await server.request(ModerateOpinionDocument, { id: districtOpinion, action: 'APPROVE' }, { token: commune.moderator.token }))).toBe('FORBIDDEN');
    expect(errorCode(await server.request(ModerateOpinionDocument, { id: communeOpinion, action: 'APPROVE' }, { token: sibling.moderator.token }))).toBe('FORBIDDEN');
    const stored = await server.app.database.prisma.opinion.findMany({ where: { id: { in: [districtOpinion, communeOpinion] } } });
    expect(stored.map((o) => o.status)).toEqual(['PENDING', 'PENDING']);
  });

  it("should let the district's moderator moderate a commune session's opinion", async () => {
    const sessionId = await liveSession(communeId, commune.moderator);
    const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body: 'Xe tải chở đất chạy quá tốc độ qua trường tiểu học.' } }));
    const { moderateOpinion } = ok(await server.request(ModerateOpinionDocument, { id: submitOpinion.id, action: 'APPROVE' }, { token: district.moderator.token }));
    expect(moderateOpinion.status).toBe('APPROVED');
  });

  it("should let the district's officer answer a commune's opinion, and not the commune's officer a district's", async () => {
    const communeSession = await liveSession(communeId, commune.moderator, 'POST');
    const districtSession = await liveSession(districtId, district.moderator, 'POST');
    const inCommune = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: communeSession, body: 'Đường vào làng nghề ngập sau mưa.' } })).submitOpinion.id;
    const inDistrict = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: districtSession, body: 'Cầu phao tắc giờ tan tầm.' } })).submitOpinion.id;
    const answer = (opinionId: string, token: string) =>
      server.request(RespondToOpinionDocument, { input: { opinionId, outcome: 'REFERRED', body: 'Đã chuyển UBND xã xử lý.' } }, { token });
    expect(errorCode(await answer(inDistrict, commune.officer.token))).toBe('FORBIDDEN');
    expect(ok(await answer(inCommune, district.officer.token)).respondToOpinion.opinion.id).toBe(inCommune);
  });

  it("should let a commune's moderator open only their own commune's sessions, the district's moderator any commune's", async () => {
    const input = { unitId: siblingId, title: 'Phiên lắng nghe xã Kim Lan', startsAt: '2026-12-02T01:00:00Z' };
    expect(errorCode(await server.request(CreateSessionDocument, { input }, { token: commune.moderator.token }))).toBe('FORBIDDEN');
    expect(errorCode(await server.request(CreateSessionDocument, { input: { ...input, unitId: districtId } }, { token: commune.admin.token }))).toBe('FORBIDDEN');
    expect(ok(await server.request(CreateSessionDocument, { input }, { token: district.moderator.token })).createSession.id).toEqual(expect.any(String));
  });

  it('should cover a commune created after the district staff last asked', async () => {
    ok(await listOpinions(await liveSession(districtId, district.moderator), district.moderator.token));
    const newCommune = await createUnit(server.app, 'Công an xã Đa Tốn', districtId);
    const newModerator = await createStaff(server.app, 'MODERATOR', newCommune, 'Thượng úy Kim Văn Tiến');
    const tipId = await tip(await liveSession(newCommune, newModerator));
    expect(ok(await readOpinion(tipId, district.moderator.token)).opinion).toMatchObject({ id: tipId, contact: '0987 654 321' });
    expect(ok(await readOpinion(tipId, commune.moderator.token)).opinion).toBeNull();
  });

  it("should deliver a commune session's new opinions, tips included, to the district's staff live", async () => {
    const sessionId = await liveSession(communeId, commune.moderator);
    const client = liveClient(server.app.wsUrl, district.officer.token);
    clients.push(client);
    const attached = feedsAttached(server.app, sessionId);
    const feed = subscribe(client, OnOpinionSubmittedDocument, { sessionId });
    await attached;
    const tipId = await tip(sessionId);
    const [received] = await feed.take(1);
    expect(received.opinionSubmitted).toMatchObject({ id: tipId, kind: 'TIP', contact: '0987 654 321' });
    feed.close();
  });

  it("should refuse the commune session's staff feed to a sibling commune's staff", async () => {
    const sessionId = await liveSession(communeId, commune.moderator);
    const client = liveClient(server.app.wsUrl, sibling.moderator.token);
    clients.push(client);
    const feed = subscribe(client, OnOpinionSubmittedDocument, { sessionId });
    const refused = await feed.next();
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
