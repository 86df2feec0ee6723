import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useForum } from '../../helpers/forum.js';
import { ok, errorCode } from '../../helpers/server.js';
import { type StaffFixture } from '../../helpers/fixtures.js';
import { moderateTo, openSession, postOpinion } from '../../helpers/opinion-fixtures.js';
import { OpinionResponsesDocument, RespondToOpinionDocument, StaffFieldsDocument, type ResponseOutcome } from '../../generated/graphql.js';

describe('respondToOpinion', () => {
  const { server, forum } = useForum();

  const prisma = () => server.app.database.prisma;

  /** A fresh approved complaint in `sessionId` (the seeded session by default). */
  async function complaint(sessionId = forum.sessionId) {
    const posted = await postOpinion(server.app, {
      sessionId,
      body: 'Công trình xây dựng ở số 8 Lý Thái Tổ đổ vật liệu ra lòng đường, gây mất an toàn giao thông.',
      kind: 'COMPLAINT',
      idempotencyKey: crypto.randomUUID(),
    });
    return moderateTo(server.app, forum, posted, 'APPROVED');
  }

  const respond = (opinionId: string, token: string | undefined, body = 'Công an phường đã lập biên bản và yêu cầu chủ công trình dọn dẹp.', outcome: ResponseOutcome = 'RESOLVED') =>
    server.request(RespondToOpinionDocument, { input: { opinionId, body, outcome } }, { token });

  const responsesOf = (opinionId: string) => prisma().officialResponse.count({ where: { opinionId } });

  it.each([
    ['OFFICER', 'officer'],
    ['MODERATOR', 'moderator'],
    ['ADMIN', 'admin'],
  ] as const)("should let the %s of the session's unit respond", async (role, who) => {
    const staff: StaffFixture = forum[who];
    const opinion = await complaint();
    const { respondToOpinion } = ok(await respond(opinion.id, staff.token));
    expect(respondToOpinion).toMatchObject({
      body: 'Công an phường đã lập biên bản và yêu cầu chủ công trình dọn dẹp.',
      outcome: 'RESOLVED',
      responder: { id: staff.id, role, unit: { id: forum.districtId } },
      opinion: { id: opinion.id, seq: opinion.seq },
    });
    expect(await responsesOf(opinion.id)).toBe(1);
  });

  it("should not let another unit's officer respond", async () => {
    const opinion = await complaint();
    expect(errorCode(await respond(opinion.id, forum.otherOfficer.token))).toBe('FORBIDDEN');
    expect(errorCode(await respond(opinion.id, forum.otherModerator.token))).toBe('FORBIDDEN');
    expect(await responsesOf(opinion.id)).toBe(0);
  });

  it('should not let a citizen respond', async () => {
    const opinion = await complaint();
    const citizen = await forum.citizen('Nguyễn Thị Quỳnh');
    expect(errorCode(await respond(opinion.id, citizen.token))).toBe('FORBIDDEN');
    expect(await responsesOf(opinion.id)).toBe(0);
  });

  it('should ask an anonymous caller to sign in', async () => {
    const opinion = await complaint();
    expect(errorCode(await respond(opinion.id, undefined))).toBe('UNAUTHENTICATED');
    expect(await responsesOf(opinion.id)).toBe(0);
  });

  it('should refuse an empty body', async () => {
    const opinion = await complaint();
    for (const body of ['', '  \n\t ']) {
      expect(errorCode(await respond(opinion.id, forum.officer.token, body))).toBe('BAD_USER_INPUT');
    }
    expect(await responsesOf(opinion.id)).toBe(0);
    expect((await prisma().opinion.findUniqueOrThrow({ where: { id: opinion.id } })).firstResponseAt).toBeNull();
  });

  it('should refuse a body over 5,000 characters', async () => {
    const opinion = await complaint();
    expect(errorCode(await respond(opinion.id, forum.officer.token, 'Đã tiếp nhận. '.repeat(400)))).toBe('BAD_USER_INPUT');
    expect(await responsesOf(opinion.id)).toBe(0);
  });

  it('should answer NOT_FOUND for an unknown opinion', async () => {
    expect(errorCode(await respond(crypto.randomUUID(), forum.officer.token))).toBe('NOT_FOUND');
  });

  it('should list responses on the opinion in the order they were given, with their responders', async () => {
    const opinion = await complaint();
    const given: [StaffFixture, string, ResponseOutcome][] = [
      [forum.moderator, 'Đã tiếp nhận phản ánh, chuyển Đội Cảnh sát trật tự xác minh.', 'ACKNOWLEDGED'],
      [forum.officer, 'Tổ công tác đang làm việc với chủ công trình.', 'IN_PROGRESS'],
      [forum.admin, 'Đã xử phạt hành chính và yêu cầu khắc phục trong ngày.', 'RESOLVED'],
    ];
    const ids: string[] = [];
    for (const [staff, body, outcome] of given) ids.push(ok(await respond(opinion.id, staff.token, body, outcome)).respondToOpinion.id);

    const seen = ok(await server.request(OpinionResponsesDocument, { id: opinion.id })).opinion;
    expect(seen?.responses.map((r) => r.id)).toEqual(ids);
    expect(seen?.responses.map((r) => [r.body, r.outcome, r.responder.id, r.responder.unit?.id])).toEqual(
      given.map(([staff, body, outcome]) => [body, outcome, staff.id, forum.districtId]),
    );
    expect(seen?.responses.map((r) => [r.responder.displayName, r.responder.role])).toEqual([
      ['Đại úy Trần Thị Hoa', 'MODERATOR'],
      ['Thượng úy Lê Văn Dũng', 'OFFICER'],
      ['Quản trị Hoàn Kiếm', 'ADMIN'],
    ]);
  });

  it("should not expose a responder's e-mail", async () => {
    const { __type } = ok(await server.request(StaffFieldsDocument, {}));
    expect(__type?.fields?.map((f) => f.name)).not.toContain('email');
    const opinion = await complaint();
    ok(await respond(opinion.id, forum.officer.token));
    const asked = await server.post({ query: `query ($id: ID!) { opinion(id: $id) { responses { responder { id email } } } }`, variables: { id: opinion.id } });
    expect(errorCode(asked)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(asked)).not.toContain(forum.officer.email);
  });

  it('should accept responses after the session is CLOSED', async () => {
    const session = await openSession(server.app, forum);
    const opinion = await complaint(session.sessionId);
    await server.app.services.sessions.setStatus({ viewer: forum.moderator.viewer, id: session.sessionId, status: 'CLOSED' });
    const { respondToOpinion } = ok(await respond(opinion.id, forum.officer.token));
    expect(respondToOpinion.opinion.id).toBe(opinion.id);
    expect(await responsesOf(opinion.id)).toBe(1);
  });

  it('should let staff respond to a pending tip', async () => {
    const tip = await postOpinion(server.app, { sessionId: forum.sessionId, body: 'Có điểm đánh bạc trong quán nước ngõ Hài Tường.', kind: 'TIP' });
    expect(ok(await respond(tip.id, forum.officer.token, 'Đã tiếp nhận, sẽ xác minh.', 'ACKNOWLEDGED')).respondToOpinion.opinion.id).toBe(tip.id);
  });

  it('should write an audit entry for each response', async () => {
    const opinion = await complaint();
    const { respondToOpinion } = ok(await respond(opinion.id, forum.officer.token, 'Đã chuyển Công an xã Ninh Hiệp xử lý theo thẩm quyền.', 'REFERRED'));
    const entries = await prisma().auditEntry.findMany({ where: { entityId: respondToOpinion.id } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorId: forum.officer.id,
      actorRole: 'OFFICER',
      action: 'RESPONSE_POSTED',
      toStatus: 'REFERRED',
      entityType: 'OfficialResponse',
      sessionId: forum.sessionId,
    });
  });

  it('should fix the time to answer at the first response only', async () => {
    const opinion = await complaint();
    const first = ok(await respond(opinion.id, forum.officer.token, 'Đã tiếp nhận.', 'ACKNOWLEDGED')).respondToOpinion;
    ok(await respond(opinion.id, forum.moderator.token, 'Đã xử lý xong.', 'RESOLVED'));
    const stored = await prisma().opinion.findUniqueOrThrow({ where: { id: opinion.id } });
    expect(stored.firstResponseAt?.toISOString()).toBe(first.createdAt);
  });
});
