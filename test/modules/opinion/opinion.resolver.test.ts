import crypto from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useForum } from '../../helpers/forum.js';
import { ok, errorCode, type RequestOptions } from '../../helpers/server.js';
import { type ForumFixture } from '../../helpers/fixtures.js';
import { moderateTo, openSession, postOpinion, type SessionFixture } from '../../helpers/opinion-fixtures.js';
import {
  MyOpinionsDocument,
  OpinionDocument,
  SessionOpinionsDocument,
  SubmitOpinionDocument,
  type SessionOpinionsQueryVariables,
  type SubmitOpinionInput,
} from '../../generated/graphql.js';
import type { OpinionRow } from '../../../src/modules/opinion/opinion.service.js';

const { server, forum } = useForum();

const prisma = () => server.app.database.prisma;

/** A body of exactly `length` code points of ordinary Vietnamese prose. */
function vietnameseBody(length: number): string {
  const phrase = 'Người dân phản ánh tình trạng ùn tắc kéo dài ở nút giao Kim Liên – Đại Cồ Việt. '.normalize('NFC');
  const chars = [...phrase.repeat(Math.ceil(length / phrase.length) + 1)].slice(0, length - 1);
  return `${chars.join('')}.`;
}

/** The ids of a session's opinions as `token` sees them (everything on one page unless `first` says otherwise). */
async function listOpinions(vars: Omit<SessionOpinionsQueryVariables, 'id'> & { id?: string }, token?: string) {
  const { session } = ok(await server.request(SessionOpinionsDocument, { id: forum.sessionId, first: 100, ...vars }, { token }));
  const connection = session!.opinions;
  return { ...connection, ids: connection.edges.map((e) => e.node.id), nodes: connection.edges.map((e) => e.node) };
}

async function opinionAs(id: string, token?: string) {
  return ok(await server.request(OpinionDocument, { id }, { token })).opinion;
}

describe('submitOpinion', () => {
  let scheduled: SessionFixture;
  let closed: SessionFixture;
  let namedOnly: SessionFixture;

  beforeAll(async () => {
    [scheduled, closed, namedOnly] = await Promise.all([
      openSession(server.app, forum, { status: 'SCHEDULED' }),
      openSession(server.app, forum, { status: 'CLOSED' }),
      openSession(server.app, forum, { allowAnonymous: false }),
    ]);
  });

  /** Submits over HTTP, expects `code`, and checks that no opinion and no seq was written. */
  async function expectRefused(input: SubmitOpinionInput, code: string, options?: RequestOptions) {
    const lastSeq = () => prisma().forumSession.findMany({ select: { id: true, lastSeq: true }, orderBy: { id: 'asc' } });
    const [countBefore, seqsBefore] = await Promise.all([prisma().opinion.count(), lastSeq()]);
    const result = await server.request(SubmitOpinionDocument, { input }, options);
    expect(errorCode(result)).toBe(code);
    expect(await prisma().opinion.count()).toBe(countBefore);
    expect(await lastSeq()).toEqual(seqsBefore);
  }

  it('should store Vietnamese text exactly and start PENDING under PRE moderation', async () => {
    const body = 'Đèn giao thông ở ngã tư Hàng Bài – Tràng Tiền hỏng ba ngày nay, rất nguy hiểm.';
    const { submitOpinion } = ok(
      await server.request(SubmitOpinionDocument, {
        input: { sessionId: forum.sessionId, body, kind: 'COMPLAINT', topicId: forum.topics[0].id, authorName: 'Bà Nguyễn Thị Lan' },
      }),
    );
    expect(submitOpinion.body).toBe(body);
    expect(submitOpinion.status).toBe('PENDING');
    expect(submitOpinion.authorName).toBe('Bà Nguyễn Thị Lan');
    expect(submitOpinion.topic?.name).toBe('An toàn giao thông');
    expect(submitOpinion.seq).toBeGreaterThan(0);
  });

  it('should publish an opinion at once under POST moderation', async () => {
    const postSession = await openSession(server.app, forum, { moderationMode: 'POST' });
    const { submitOpinion } = ok(
      await server.request(SubmitOpinionDocument, {
        input: { sessionId: postSession.sessionId, body: 'Đề nghị tăng cường tuần tra khu vực hồ Hoàn Kiếm vào buổi tối cuối tuần.' },
      }),
    );
    expect(submitOpinion.status).toBe('APPROVED');
    expect((await opinionAs(submitOpinion.id))?.status).toBe('APPROVED');
  });

  it('should post a SUGGESTION when no kind is given', async () => {
    const { submitOpinion } = ok(
      await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body: 'Nên mở thêm điểm làm căn cước vào thứ Bảy.' } }),
    );
    expect(submitOpinion.kind).toBe('SUGGESTION');
    expect(submitOpinion.authorName).toBeNull();
  });

  it('should trim the body', async () => {
    const { submitOpinion } = ok(
      await server.request(SubmitOpinionDocument, {
        input: { sessionId: forum.sessionId, body: '  \n\t Xin hỏi thủ tục đăng ký tạm trú trực tuyến thế nào?  \n\t ' },
      }),
    );
    expect(submitOpinion.body).toBe('Xin hỏi thủ tục đăng ký tạm trú trực tuyến thế nào?');
  });

  it('should strip control characters from the body and keep its line breaks', async () => {
    const { submitOpinion } = ok(
      await server.request(SubmitOpinionDocument, {
        input: {
          sessionId: forum.sessionId,
          body: 'Xe tải\u0008 chạy quá tốc độ\u0007 trên đường Lê Duẩn\u200B.\r\nĐề nghị\u202E công an kiểm tra\u001B.',
        },
      }),
    );
    expect(submitOpinion.body).toBe('Xe tải chạy quá tốc độ trên đường Lê Duẩn.\nĐề nghị công an kiểm tra.');
  });

  it('should accept a body of 5,000 Vietnamese characters', async () => {
    const body = vietnameseBody(5000);
    const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body } }));
    expect(submitOpinion.body).toBe(body);
    expect([...submitOpinion.body]).toHaveLength(5000);
  });

  it('should measure the body after Unicode normalisation', async () => {
    // 5,000 precomposed letters typed as base letter + combining marks: 15,000 code points before NFC.
    const decomposed = 'ệ'.repeat(5000).normalize('NFD');
    expect([...decomposed]).toHaveLength(15000);
    const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body: decomposed } }));
    expect(submitOpinion.body).toBe('ệ'.repeat(5000).normalize('NFC'));
  });

  it('should refuse a body of 5,001 characters', async () => {
    await expectRefused({ sessionId: forum.sessionId, body: vietnameseBody(5001) }, 'BAD_USER_INPUT');
  });

  it('should refuse a body of whitespace only', async () => {
    await expectRefused({ sessionId: forum.sessionId, body: ' \n\t \u3000 ' }, 'BAD_USER_INPUT');
  });

  it('should refuse a body of control characters only', async () => {
    await expectRefused({ sessionId: forum.sessionId, body: '\u0000\u200B\u202E' }, 'BAD_USER_INPUT');
  });

  it('should refuse an authorName longer than 120 characters', async () => {
    await expectRefused(
      { sessionId: forum.sessionId, body: 'Cảm ơn các anh công an phường.', authorName: 'Nguyễn '.repeat(20) + 'Văn An' },
      'BAD_USER_INPUT',
    );
  });

  it('should refuse a topic of another session', async () => {
    await expectRefused(
      { sessionId: forum.sessionId, body: 'Lấn chiếm vỉa hè bán hàng ở phố Hàng Đào.', topicId: namedOnly.topics[0].id },
      'BAD_USER_INPUT',
    );
  });

  it('should refuse an unknown topic', async () => {
    await expectRefused({ sessionId: forum.sessionId, body: 'Lấn chiếm vỉa hè bán hàng ở phố Hàng Đào.', topicId: crypto.randomUUID() }, 'BAD_USER_INPUT');
  });

  it('should answer NOT_FOUND for an unknown session', async () => {
    await expectRefused({ sessionId: crypto.randomUUID(), body: 'Xin hỏi lịch tiếp dân của công an quận.' }, 'NOT_FOUND');
  });

  it('should refuse opinions before a session goes LIVE', async () => {
    await expectRefused({ sessionId: scheduled.sessionId, body: 'Xin hỏi lịch tiếp dân của công an quận.' }, 'CONFLICT');
  });

  it('should refuse opinions into a CLOSED session', async () => {
    await expectRefused({ sessionId: closed.sessionId, body: 'Xin hỏi lịch tiếp dân của công an quận.' }, 'CONFLICT');
  });

  it('should refuse an anonymous opinion where the session does not allow anonymous posting', async () => {
    await expectRefused({ sessionId: namedOnly.sessionId, body: 'Karaoke gây ồn sau 23 giờ ở ngõ Huế.' }, 'BAD_USER_INPUT');
  });

  it('should treat a blank authorName as anonymous where anonymous posting is off', async () => {
    await expectRefused({ sessionId: namedOnly.sessionId, body: 'Karaoke gây ồn sau 23 giờ ở ngõ Huế.', authorName: '   ' }, 'BAD_USER_INPUT');
  });

  it('should accept a named opinion where anonymous posting is off', async () => {
    const { submitOpinion } = ok(
      await server.request(SubmitOpinionDocument, {
        input: { sessionId: namedOnly.sessionId, body: 'Karaoke gây ồn sau 23 giờ ở ngõ Huế.', authorName: 'Ông Trần Văn Bình' },
      }),
    );
    expect(submitOpinion.authorName).toBe('Ông Trần Văn Bình');
    expect(await prisma().opinion.count({ where: { sessionId: namedOnly.sessionId } })).toBe(1);
  });
});

describe('submitOpinion with an idempotencyKey', () => {
  let session: SessionFixture;

  beforeAll(async () => {
    session = await openSession(server.app, forum);
  });

  const input = (idempotencyKey: string, body = 'Đề nghị lắp camera an ninh ở đầu ngõ 34 phố Hàng Bạc.') => ({
    sessionId: session.sessionId,
    body,
    kind: 'SUGGESTION' as const,
    idempotencyKey,
  });

  it('should return the first opinion when the same key is sent again', async () => {
    const key = crypto.randomUUID();
    const first = ok(await server.request(SubmitOpinionDocument, { input: input(key) })).submitOpinion;
    const again = ok(await server.request(SubmitOpinionDocument, { input: input(key) })).submitOpinion;
    expect(again.id).toBe(first.id);
    expect(again.seq).toBe(first.seq);
    expect(await prisma().opinion.count({ where: { sessionId: session.sessionId, idempotencyKey: { startsWith: key } } })).toBe(1);
  });

  it('should create exactly one opinion from 20 concurrent submissions with the same key', async () => {
    const key = crypto.randomUUID();
    const lastSeqBefore = (await prisma().forumSession.findUniqueOrThrow({ where: { id: session.sessionId } })).lastSeq;
    const results = await Promise.all(Array.from({ length: 20 }, () => server.request(SubmitOpinionDocument, { input: input(key) })));
    const ids = new Set(results.map((r) => ok(r).submitOpinion.id));
    expect(ids.size).toBe(1);
    expect(await prisma().opinion.count({ where: { sessionId: session.sessionId, idempotencyKey: { startsWith: key } } })).toBe(1);
    // The losers' seqs were rolled back with their inserts: the next seq is still free.
    const lastSeqAfter = (await prisma().forumSession.findUniqueOrThrow({ where: { id: session.sessionId } })).lastSeq;
    expect(lastSeqAfter).toBe(lastSeqBefore + 1);
    expect(ok(results[0]).submitOpinion.seq).toBe(lastSeqAfter);
  });

  it('should answer a retry that lost the race for its key with the first opinion', async () => {
    const key = crypto.randomUUID();
    const first = ok(await server.request(SubmitOpinionDocument, { input: input(key) })).submitOpinion;
    // The retry's early look-up ran before the first insert committed: it misses, and the
    // retry's own insert then fails on the unique key.
    const missOnce = vi.spyOn(prisma().opinion, 'findUnique').mockImplementationOnce((() => Promise.resolve(null)) as never);
    try {
      const retry = ok(await server.request(SubmitOpinionDocument, { input: input(key) })).submitOpinion;
      expect(missOnce).toHaveBeenCalled();
      expect(retry.id).toBe(first.id);
      expect(retry.seq).toBe(first.seq);
    } finally {
      missOnce.mockRestore();
    }
    expect(await prisma().opinion.count({ where: { sessionId: session.sessionId, idempotencyKey: { startsWith: key } } })).toBe(1);
  });

  it('should refuse the same key with a different body from the same device', async () => {
    const key = crypto.randomUUID();
    const device = { headers: { 'x-device-id': 'dien-thoai-cua-ba-lan' } };
    ok(await server.request(SubmitOpinionDocument, { input: input(key) }, device));
    const result = await server.request(SubmitOpinionDocument, { input: input(key, 'Đề nghị lắp camera ở ngõ 36 phố Hàng Bạc.') }, device);
    expect(errorCode(result)).toBe('CONFLICT');
    expect(await prisma().opinion.count({ where: { sessionId: session.sessionId, idempotencyKey: { startsWith: key } } })).toBe(1);
  });

  it("should refuse a citizen's own key with a different body", async () => {
    const key = crypto.randomUUID();
    const citizen = await forum.citizen('Đặng Thị Hạnh');
    ok(await server.request(SubmitOpinionDocument, { input: input(key) }, { token: citizen.token }));
    const result = await server.request(SubmitOpinionDocument, { input: input(key, 'Đề nghị lắp camera ở ngõ 36 phố Hàng Bạc.') }, { token: citizen.token });
    expect(errorCode(result)).toBe('CONFLICT');
  });

  it('should keep keys apart between sessions', async () => {
    const key = crypto.randomUUID();
    const other = await openSession(server.app, forum);
    const here = ok(await server.request(SubmitOpinionDocument, { input: input(key) })).submitOpinion;
    const there = ok(await server.request(SubmitOpinionDocument, { input: { ...input(key), sessionId: other.sessionId } })).submitOpinion;
    expect(there.id).not.toBe(here.id);
    expect(there.session.id).toBe(other.sessionId);
  });
});

describe("submitOpinion with another poster's idempotencyKey", () => {
  const KEY = 'phone-1-opinion-1';
  const TIP = 'Nhà số 8 ngõ Tạm Thương có người lạ tập kết hàng cấm lúc nửa đêm.';
  const CONTACT = '0912 345 678';
  let session: SessionFixture;
  let tipId: string;
  let author: Awaited<ReturnType<ForumFixture['citizen']>>;

  beforeAll(async () => {
    session = await openSession(server.app, forum);
    author = await forum.citizen('Nguyễn Văn An');
    const posted = ok(
      await server.request(
        SubmitOpinionDocument,
        { input: { sessionId: session.sessionId, body: TIP, kind: 'TIP', contact: CONTACT, authorName: 'Nguyễn Văn An', idempotencyKey: KEY } },
        { token: author.token },
      ),
    ).submitOpinion;
    tipId = posted.id;
    await server.app.services.responses.respond({ viewer: forum.officer.viewer, input: { opinionId: tipId, body: 'Đã giao Công an phường xác minh.', outcome: 'IN_PROGRESS' } });
  });

  const replay = (options: RequestOptions, body = TIP) =>
    server.request(SubmitOpinionDocument, { input: { sessionId: session.sessionId, body, kind: 'TIP', idempotencyKey: KEY } }, options);

  /** B's answer must be an opinion of B's own: a new id, no officer's response, no author name, no contact. */
  function expectOwnOpinion(result: Awaited<ReturnType<typeof replay>>) {
    const mine = ok(result).submitOpinion;
    expect(mine.id).not.toBe(tipId);
    expect(mine.responses).toEqual([]);
    expect(mine.authorName).toBeNull();
    expect(mine.contact).toBeNull();
    expect(mine.status).toBe('PENDING');
    return mine;
  }

  it("should not hand a citizen's tip to another citizen who reuses its key", async () => {
    const other = await forum.citizen('Lê Thị Bích');
    expectOwnOpinion(await replay({ token: other.token }));
  });

  it("should not hand a citizen's tip to a caller with no token who reuses its key", async () => {
    expectOwnOpinion(await replay({}));
    expectOwnOpinion(await replay({ headers: { 'x-device-id': 'dien-thoai-nguoi-la-01' } }));
  });

  it("should not confirm that another poster's key exists when the body differs", async () => {
    const other = await forum.citizen('Phạm Văn Cường');
    const body = 'Đề nghị kiểm tra quán karaoke ở phố Hàng Bè.';
    for (const options of [{ token: other.token }, {}, { headers: { 'x-device-id': 'dien-thoai-nguoi-la-02' } }]) {
      const mine = expectOwnOpinion(await replay(options, body));
      expect(mine.body).toBe(body);
    }
  });

  it("should not hand an anonymous poster's opinion to a neighbour on the same network who reuses its key", async () => {
    const first = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: session.sessionId, body: 'Xe rác đổ sai giờ ở chợ Hàng Da.', idempotencyKey: 'may-1-y-kien-1' } }));
    const neighbour = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: session.sessionId, body: 'Cần thêm biển cấm đỗ ở phố Hàng Điếu.', idempotencyKey: 'may-1-y-kien-1' } }));
    expect(neighbour.submitOpinion.id).not.toBe(first.submitOpinion.id);
    expect(neighbour.submitOpinion.body).toBe('Cần thêm biển cấm đỗ ở phố Hàng Điếu.');
  });

  it('should still return the first opinion to its own author retrying with the key', async () => {
    const again = ok(await replay({ token: author.token })).submitOpinion;
    expect(again.id).toBe(tipId);
    expect(await prisma().opinion.count({ where: { sessionId: session.sessionId, citizenId: author.id } })).toBe(1);
  });
});

describe('Opinion.seq', () => {
  it('should number 50 concurrent submissions N+1..N+50 with no gap and no duplicate', async () => {
    const session = await openSession(server.app, forum, { moderationMode: 'POST' });
    for (const body of ['Ý kiến mở đầu thứ nhất.', 'Ý kiến mở đầu thứ hai.', 'Ý kiến mở đầu thứ ba.']) {
      await postOpinion(server.app, { sessionId: session.sessionId, body });
    }
    const existing = await prisma().opinion.count({ where: { sessionId: session.sessionId } });
    expect(existing).toBe(3);

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        server.request(
          SubmitOpinionDocument,
          { input: { sessionId: session.sessionId, body: `Ý kiến số ${i + 1} về trật tự giao thông khu phố cổ.` } },
          { headers: { 'x-device-id': `dien-thoai-${String(i).padStart(4, '0')}` } },
        ),
      ),
    );
    const seqs = results.map((r) => ok(r).submitOpinion.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => existing + i + 1));

    const stored = await prisma().opinion.findMany({ where: { sessionId: session.sessionId }, select: { seq: true }, orderBy: { seq: 'asc' } });
    expect(stored.map((o) => o.seq)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
  });
});

describe('opinion visibility', () => {
  let session: SessionFixture;
  let author: Awaited<ReturnType<ForumFixture['citizen']>>;
  let neighbour: Awaited<ReturnType<ForumFixture['citizen']>>;
  const o = {} as Record<'approved' | 'pending' | 'rejected' | 'hidden' | 'tip' | 'pendingTip', OpinionRow>;
  const CONTACT = '0912 345 678';
  const REJECT_REASON = 'Nội dung không liên quan đến an ninh trật tự';

  beforeAll(async () => {
    session = await openSession(server.app, forum);
    [author, neighbour] = await Promise.all([forum.citizen('Nguyễn Văn An'), forum.citizen('Lê Thị Bích')]);
    const post = (body: string, extra: { kind?: 'TIP' | 'COMPLAINT'; byAuthor?: boolean } = {}) =>
      postOpinion(server.app, {
        sessionId: session.sessionId,
        body,
        kind: extra.kind ?? 'COMPLAINT',
        contact: CONTACT,
        viewer: extra.byAuthor ? author.viewer : undefined,
      });
    o.approved = await moderateTo(server.app, forum, await post('Vỉa hè phố Hàng Gai bị lấn chiếm để xe.', { byAuthor: true }), 'APPROVED');
    o.pending = await post('Xin hỏi khi nào có kết quả xử lý vụ va chạm hôm thứ Hai?', { byAuthor: true });
    o.rejected = await post('Quảng cáo dịch vụ cầm đồ giá rẻ, liên hệ ngay.', { byAuthor: true });
    o.rejected = await server.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: o.rejected.id, action: 'REJECT', reason: REJECT_REASON, reasonCode: 'SPAM' });
    o.hidden = await moderateTo(server.app, forum, await post('Ông hàng xóm số nhà 15 hay say rượu gây gổ.'), 'HIDDEN');
    o.tip = await moderateTo(server.app, forum, await post('Có đối tượng lạ hay tụ tập ở bãi xe sau chợ lúc nửa đêm.', { kind: 'TIP', byAuthor: true }), 'APPROVED');
    o.pendingTip = await post('Nghi có đường dây cho vay nặng lãi hoạt động ở ngõ Tạm Thương.', { kind: 'TIP' });
  });

  const notPublic = () => [o.pending, o.rejected, o.hidden, o.tip, o.pendingTip];

  it('should list only approved opinions that are not tips to the public', async () => {
    const page = await listOpinions({ id: session.sessionId });
    expect(page.ids).toEqual([o.approved.id]);
    expect(page.totalCount).toBe(1);
  });

  it('should not return pending, rejected or hidden opinions or tips by id to the public', async () => {
    expect((await opinionAs(o.approved.id))?.id).toBe(o.approved.id);
    for (const opinion of notPublic()) expect(await opinionAs(opinion.id), opinion.status).toBeNull();
  });

  it('should not let the public list hidden statuses by filtering for them', async () => {
    for (const status of ['PENDING', 'REJECTED', 'HIDDEN'] as const) {
      const page = await listOpinions({ id: session.sessionId, status });
      expect(page.ids, status).toEqual([]);
      expect(page.totalCount, status).toBe(0);
    }
    expect((await listOpinions({ id: session.sessionId, kind: 'TIP' })).ids).toEqual([]);
  });

  it('should list only approved opinions that are not tips to citizens, their own included', async () => {
    expect((await listOpinions({ id: session.sessionId }, author.token)).ids).toEqual([o.approved.id]);
    expect((await listOpinions({ id: session.sessionId }, neighbour.token)).ids).toEqual([o.approved.id]);
  });

  it("should not return other people's pending, rejected or hidden opinions or tips by id to a citizen", async () => {
    for (const opinion of notPublic()) expect(await opinionAs(opinion.id, neighbour.token), opinion.status).toBeNull();
  });

  it("should show the unit's staff every opinion, tips included", async () => {
    const everything = [o.pendingTip, o.tip, o.hidden, o.rejected, o.pending, o.approved].map((x) => x.id);
    for (const staff of [forum.moderator, forum.officer, forum.admin]) {
      const page = await listOpinions({ id: session.sessionId }, staff.token);
      expect(page.ids).toEqual(everything);
      expect(page.totalCount).toBe(6);
      for (const opinion of notPublic()) expect((await opinionAs(opinion.id, staff.token))?.id).toBe(opinion.id);
    }
  });

  it("should show staff of another unit only what the public sees", async () => {
    for (const staff of [forum.otherModerator, forum.otherOfficer]) {
      expect((await listOpinions({ id: session.sessionId }, staff.token)).ids).toEqual([o.approved.id]);
      expect((await listOpinions({ id: session.sessionId, status: 'PENDING' }, staff.token)).ids).toEqual([]);
      for (const opinion of notPublic()) expect(await opinionAs(opinion.id, staff.token), opinion.status).toBeNull();
    }
  });

  it("should not show contact to the public, citizens, the author or other units' staff", async () => {
    for (const token of [undefined, neighbour.token, author.token, forum.otherModerator.token, forum.otherOfficer.token]) {
      expect((await opinionAs(o.approved.id, token))?.contact).toBeNull();
      expect((await listOpinions({ id: session.sessionId }, token)).nodes[0].contact).toBeNull();
    }
  });

  it('should not echo contact back to the person who submitted it', async () => {
    const { submitOpinion } = ok(
      await server.request(
        SubmitOpinionDocument,
        { input: { sessionId: forum.sessionId, body: 'Cần hướng dẫn thủ tục khai báo lưu trú cho homestay.', contact: 'an.nguyen@example.vn' } },
        { token: author.token },
      ),
    );
    expect(submitOpinion.contact).toBeNull();
    expect((await prisma().opinion.findUniqueOrThrow({ where: { id: submitOpinion.id } })).contact).toBe('an.nguyen@example.vn');
  });

  it("should not tell a citizen why someone else's opinion was rejected or hidden", async () => {
    for (const token of [undefined, neighbour.token, forum.otherModerator.token]) {
      expect(await opinionAs(o.rejected.id, token)).toBeNull();
      expect(await opinionAs(o.hidden.id, token)).toBeNull();
    }
    const { myOpinions } = ok(await server.request(MyOpinionsDocument, { sessionId: session.sessionId }, { token: neighbour.token }));
    expect(myOpinions).toEqual([]);
  });

  it('should tell the author why their opinion was rejected, but not its contact', async () => {
    const seen = await opinionAs(o.rejected.id, author.token);
    expect(seen).toMatchObject({ status: 'REJECTED', rejectReason: REJECT_REASON, moderationReason: 'SPAM', contact: null, originalBody: null, personalData: [] });
  });

  it("should show contact and rejectReason to the unit's staff", async () => {
    for (const staff of [forum.moderator, forum.officer]) {
      expect((await opinionAs(o.approved.id, staff.token))?.contact).toBe(CONTACT);
      expect((await opinionAs(o.rejected.id, staff.token))?.rejectReason).toBe(REJECT_REASON);
      expect((await opinionAs(o.hidden.id, staff.token))?.rejectReason).toBe('Có thông tin cá nhân của người khác');
      const listed = await listOpinions({ id: session.sessionId, status: 'REJECTED' }, staff.token);
      expect(listed.nodes.map((n) => [n.contact, n.rejectReason])).toEqual([[CONTACT, REJECT_REASON]]);
    }
  });

  it('should let a citizen follow their own pending opinion by id', async () => {
    const seen = await opinionAs(o.pending.id, author.token);
    expect(seen?.id).toBe(o.pending.id);
    expect(seen?.status).toBe('PENDING');
  });

  it('should list a citizen their own opinions in myOpinions, tips and reasons included, contacts not', async () => {
    const { myOpinions } = ok(await server.request(MyOpinionsDocument, { sessionId: session.sessionId }, { token: author.token }));
    expect(myOpinions.map((x) => [x.id, x.status, x.moderationReason, x.rejectReason, x.contact])).toEqual([
      [o.approved.id, 'APPROVED', null, null, null],
      [o.pending.id, 'PENDING', null, null, null],
      [o.rejected.id, 'REJECTED', 'SPAM', REJECT_REASON, null],
      [o.tip.id, 'APPROVED', null, null, null],
    ]);
  });

  it('should not list other people’s opinions in myOpinions', async () => {
    const { myOpinions } = ok(await server.request(MyOpinionsDocument, { sessionId: session.sessionId }, { token: neighbour.token }));
    expect(myOpinions).toEqual([]);
  });

  it("should not show a tip to anyone outside the unit's staff but its author", async () => {
    for (const token of [undefined, neighbour.token, forum.otherModerator.token, forum.otherOfficer.token]) {
      expect(await opinionAs(o.tip.id, token)).toBeNull();
      expect(await opinionAs(o.pendingTip.id, token)).toBeNull();
    }
    const { myOpinions } = ok(await server.request(MyOpinionsDocument, { sessionId: session.sessionId }, { token: neighbour.token }));
    expect(myOpinions).toEqual([]);
  });

  it('should let the author follow their own tip: body, status and responses, without its contact', async () => {
    await server.app.services.responses.respond({
      viewer: forum.officer.viewer,
      input: { opinionId: o.tip.id, body: 'Cảm ơn anh, Công an phường đã tăng cường tuần tra khu bãi xe.', outcome: 'IN_PROGRESS' },
    });
    const seen = await opinionAs(o.tip.id, author.token);
    expect(seen).toMatchObject({ id: o.tip.id, kind: 'TIP', status: 'APPROVED', body: o.tip.body, contact: null });
    expect(seen?.responses.map((r) => r.outcome)).toEqual(['IN_PROGRESS']);
    // Still never in a list the author shares with others.
    expect((await listOpinions({ id: session.sessionId }, author.token)).ids).not.toContain(o.tip.id);
  });

  it('should ask for a citizen token in myOpinions', async () => {
    expect(errorCode(await server.request(MyOpinionsDocument, { sessionId: session.sessionId }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.request(MyOpinionsDocument, { sessionId: session.sessionId }, { token: forum.moderator.token }))).toBe('FORBIDDEN');
  });
});

describe('ForumSession.opinions', () => {
  let session: SessionFixture;
  // o1…o7 approved (seq 1…7); then a pending one, a rejected one and a pending tip (seq 8…10).
  const o: OpinionRow[] = [];
  let pending: OpinionRow;
  let rejected: OpinionRow;
  let tip: OpinionRow;

  beforeAll(async () => {
    session = await openSession(server.app, forum);
    const [traffic, order, fire] = session.topics;
    const approved: [string, 'SUGGESTION' | 'QUESTION' | 'COMPLAINT', string | null][] = [
      ['Đèn giao thông ở ngã tư Hàng Bài – Tràng Tiền hỏng ba ngày nay.', 'COMPLAINT', traffic.id],
      ['Cần lắp thêm đèn chiếu sáng trên đường Trần Hưng Đạo, buổi tối rất tối.', 'SUGGESTION', order.id],
      ['Duong Ly Thuong Kiet buoi sang co nhieu xe may di nguoc chieu.', 'COMPLAINT', traffic.id],
      ['Xe máy bị trộm ở chợ Đồng Xuân thì báo công an ở đâu?', 'QUESTION', null],
      ['Giao thông giờ cao điểm ở phố Huế ùn tắc, đề nghị bố trí cảnh sát điều tiết.', 'SUGGESTION', traffic.id],
      ['Đề nghị tuyên truyền phòng cháy chữa cháy tại các chung cư mini.', 'SUGGESTION', fire.id],
      ['Thủ tục cấp căn cước cho trẻ em cần giấy tờ gì?', 'QUESTION', null],
    ];
    for (const [body, kind, topicId] of approved) {
      o.push(await moderateTo(server.app, forum, await postOpinion(server.app, { sessionId: session.sessionId, body, kind, topicId }), 'APPROVED'));
    }
    pending = await postOpinion(server.app, { sessionId: session.sessionId, body: 'Đèn đường ở ngõ 12 Phan Chu Trinh bị cháy bóng.', kind: 'COMPLAINT' });
    rejected = await moderateTo(
      server.app,
      forum,
      await postOpinion(server.app, { sessionId: session.sessionId, body: 'Bán sim số đẹp giá rẻ, gọi ngay.', kind: 'SUGGESTION' }),
      'REJECTED',
    );
    tip = await postOpinion(server.app, { sessionId: session.sessionId, body: 'Có người bán hàng cấm ở đầu đường Hàng Chiếu.', kind: 'TIP' });
    // Upvotes for TOP: o3 ×3, o1 ×2, o5 ×2, o6 ×1.
    const citizens = await Promise.all(['Phạm Văn Cường', 'Đỗ Thị Dung', 'Hoàng Văn Em'].map((name) => forum.citizen(name)));
    const votes: [OpinionRow, number][] = [[o[2], 3], [o[0], 2], [o[4], 2], [o[5], 1]];
    for (const [opinion, count] of votes) {
      for (const citizen of citizens.slice(0, count)) await server.app.services.opinions.upvote({ viewer: citizen.viewer, id: opinion.id });
    }
  });

  const ids = (...rows: OpinionRow[]) => rows.map((r) => r.id);
  const list = (vars: Omit<SessionOpinionsQueryVariables, 'id'>, token?: string) => listOpinions({ id: session.sessionId, ...vars }, token);

  it('should find "Đèn giao thông" by searching "den giao thong"', async () => {
    const page = await list({ search: 'den giao thong' });
    expect(page.ids).toEqual(ids(o[0]));
    expect(page.totalCount).toBe(1);
  });

  it('should search without regard to case', async () => {
    expect((await list({ search: 'DEN GIAO' })).ids).toEqual(ids(o[0]));
  });

  it('should find text written without diacritics when searching with them', async () => {
    const page = await list({ search: 'đường' });
    expect(page.ids).toEqual(ids(o[2], o[1]));
    expect(page.totalCount).toBe(2);
  });

  it('should treat Đ and d as the same letter', async () => {
    expect((await list({ search: 'dong xuan' })).ids).toEqual(ids(o[3]));
    expect((await list({ search: 'ĐỒNG XUÂN' })).ids).toEqual(ids(o[3]));
    expect((await list({ search: 'Duong' })).ids).toEqual(ids(o[2], o[1]));
  });

  it('should require every word of a multi-word search', async () => {
    expect((await list({ search: 'đèn' })).ids).toEqual(ids(o[1], o[0]));
    expect((await list({ search: 'giao thông' })).ids).toEqual(ids(o[4], o[0]));
    expect((await list({ search: 'đèn giao thông' })).ids).toEqual(ids(o[0]));
    const none = await list({ search: 'đèn ùn tắc' });
    expect(none.ids).toEqual([]);
    expect(none.totalCount).toBe(0);
  });

  it('should not find pending opinions or tips for the public', async () => {
    expect((await list({ search: 'đường' })).ids).not.toContain(pending.id);
    expect((await list({ search: 'hang chieu' })).ids).toEqual([]);
  });

  it("should search everything the unit's staff see", async () => {
    const page = await list({ search: 'đường' }, forum.moderator.token);
    expect(page.ids).toEqual(ids(tip, pending, o[2], o[1]));
    expect(page.totalCount).toBe(4);
  });

  it('should not treat % and _ in a search as wildcards', async () => {
    expect((await list({ search: '%' })).totalCount).toBe(7);
    expect((await list({ search: 'đ_n' })).ids).toEqual([]);
  });

  it('should filter by kind', async () => {
    const page = await list({ kind: 'COMPLAINT' });
    expect(page.ids).toEqual(ids(o[2], o[0]));
    expect(page.totalCount).toBe(2);
    expect((await list({ kind: 'COMPLAINT', search: 'giao' })).ids).toEqual(ids(o[0]));
  });

  it('should filter by topic', async () => {
    const page = await list({ topicId: session.topics[0].id });
    expect(page.ids).toEqual(ids(o[4], o[2], o[0]));
    expect(page.totalCount).toBe(3);
  });

  it("should filter by status for the unit's staff", async () => {
    const pendingPage = await list({ status: 'PENDING' }, forum.moderator.token);
    expect(pendingPage.ids).toEqual(ids(tip, pending));
    expect(pendingPage.totalCount).toBe(2);
    expect((await list({ status: 'REJECTED' }, forum.moderator.token)).ids).toEqual(ids(rejected));
    expect((await list({ status: 'APPROVED' }, forum.officer.token)).totalCount).toBe(7);
    expect((await list({ status: 'PENDING', kind: 'TIP' }, forum.officer.token)).ids).toEqual(ids(tip));
  });

  it('should order NEWEST first by default', async () => {
    expect((await list({})).ids).toEqual(ids(...[...o].reverse()));
  });

  it('should order OLDEST first', async () => {
    expect((await list({ orderBy: 'OLDEST' })).ids).toEqual(ids(...o));
  });

  it('should order TOP by upvotes, newest first among equals', async () => {
    const page = await list({ orderBy: 'TOP' });
    expect(page.ids).toEqual(ids(o[2], o[4], o[0], o[5], o[6], o[3], o[1]));
    expect(page.nodes.map((n) => n.upvotes)).toEqual([3, 2, 2, 1, 0, 0, 0]);
  });

  for (const orderBy of ['NEWEST', 'OLDEST', 'TOP'] as const) {
    it(`should walk every opinion exactly once in pages ordered ${orderBy}`, async () => {
      for (const [token, total] of [[undefined, 7], [forum.moderator.token, 10]] as const) {
        const whole = (await list({ orderBy }, token)).ids;
        expect(whole).toHaveLength(total);
        const walked: string[] = [];
        let after: string | null = null;
        let pages = 0;
        for (;;) {
          const page = await list({ orderBy, first: 3, after }, token);
          expect(page.totalCount).toBe(total);
          walked.push(...page.ids);
          pages++;
          if (!page.pageInfo.hasNextPage) break;
          expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor);
          after = page.pageInfo.endCursor;
          expect(pages).toBeLessThan(10);
        }
        expect(walked).toEqual(whole);
        expect(pages).toBe(Math.ceil(total / 3));
      }
    });
  }

  it('should page a filtered list within the filter', async () => {
    const first = await list({ topicId: session.topics[0].id, first: 2 });
    expect(first.ids).toEqual(ids(o[4], o[2]));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list({ topicId: session.topics[0].id, first: 2, after: first.pageInfo.endCursor });
    expect(second.ids).toEqual(ids(o[0]));
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.totalCount).toBe(3);
  });

  it('should refuse a garbage cursor', async () => {
    for (const after of ['không-phải-con-trỏ', 'eyJub3QiOiJhbiBhcnJheSJ9', Buffer.from('["opinion:NEWEST","5"]').toString('base64url')]) {
      const result = await server.request(SessionOpinionsDocument, { id: session.sessionId, after });
      expect(errorCode(result), after).toBe('BAD_USER_INPUT');
    }
  });

  it('should refuse a cursor made for another order', async () => {
    const newest = await list({ first: 2 });
    const top = await list({ first: 2, orderBy: 'TOP' });
    const mixed: [string, 'NEWEST' | 'OLDEST' | 'TOP'][] = [
      [newest.pageInfo.endCursor!, 'OLDEST'],
      [newest.pageInfo.endCursor!, 'TOP'],
      [top.pageInfo.endCursor!, 'NEWEST'],
    ];
    for (const [after, orderBy] of mixed) {
      expect(errorCode(await server.request(SessionOpinionsDocument, { id: session.sessionId, orderBy, after })), orderBy).toBe('BAD_USER_INPUT');
    }
  });

  it('should refuse a negative page size', async () => {
    expect(errorCode(await server.request(SessionOpinionsDocument, { id: session.sessionId, first: -1 }))).toBe('BAD_USER_INPUT');
  });
});
