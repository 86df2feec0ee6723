import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, ok } from '../../helpers/server.js';
import { useForum } from '../../helpers/forum.js';
import type { ForumFixture } from '../../helpers/fixtures.js';
import { FollowUpTipDocument, TipDetailsDocument, type TipFollowUpInput } from '../../generated/graphql.js';

const { server, forum } = useForum();
let citizen: Awaited<ReturnType<ForumFixture['citizen']>>;

beforeAll(async () => {
  citizen = await forum.citizen('Người báo tin');
});

const prisma = () => server.app.database.prisma;

async function submit(kind: 'TIP' | 'COMPLAINT', body: string) {
  const opinion = await server.app.services.opinions.submit({
    poster: { viewer: citizen.viewer, deviceKey: `c:${citizen.id}` },
    input: { sessionId: forum.sessionId, kind, body, contact: '0987 654 321' },
  });
  return opinion.id;
}

const follow = (token: string | null, input: TipFollowUpInput) => server.request(FollowUpTipDocument, { input }, { token });
const stored = (id: string) => prisma().opinion.findUniqueOrThrow({ where: { id } });
const historyCount = () => prisma().tipFollowUp.count();

describe('followUpTip', () => {
  it("should refuse a citizen, an officer of another unit and an anonymous visitor, changing nothing", async () => {
    const tip = await submit('TIP', 'Bãi đất trống sau chợ Hàng Bè có người tụ tập đánh bạc ăn tiền mỗi tối.');
    const before = await historyCount();
    const input = { opinionId: tip, status: 'VERIFYING' } as const;
    expect(errorCode(await follow(citizen.token, input))).toBe('FORBIDDEN');
    expect(errorCode(await follow(forum.otherOfficer.token, input))).toBe('FORBIDDEN');
    expect(errorCode(await follow(null, input))).toBe('UNAUTHENTICATED');
    expect((await stored(tip)).tipStatus).toBeNull();
    expect(await historyCount()).toBe(before);
  });

  it('should refuse to follow up an opinion that is not a tip', async () => {
    const complaint = await submit('COMPLAINT', 'Xe tải đỗ chắn lối vào ngõ 40 cả ngày.');
    expect(errorCode(await follow(forum.officer.token, { opinionId: complaint, status: 'VERIFYING' }))).toBe('BAD_USER_INPUT');
    expect((await stored(complaint)).tipStatus).toBeNull();
  });

  it('should refuse moves that skip or undo the follow-up, and a case without its number', async () => {
    const tip = await submit('TIP', 'Cửa hàng điện thoại cũ đầu phố Hàng Bạc nghi tiêu thụ đồ trộm cắp.');
    expect(errorCode(await follow(forum.officer.token, { opinionId: tip, status: 'CLOSED' }))).toBe('CONFLICT');
    expect(errorCode(await follow(forum.officer.token, { opinionId: tip, status: 'CASE_OPENED' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await follow(forum.officer.token, { opinionId: tip, status: 'VERIFYING', suspects: 2 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await follow(forum.officer.token, { opinionId: tip, status: 'CASE_OPENED', caseNumber: 'VA-01', suspects: -1 }))).toBe('BAD_USER_INPUT');
    expect((await stored(tip)).tipStatus).toBeNull();
    ok(await follow(forum.officer.token, { opinionId: tip, status: 'UNFOUNDED', note: 'Kiểm tra hóa đơn, nguồn gốc hàng hợp pháp.' }));
    expect(errorCode(await follow(forum.officer.token, { opinionId: tip, status: 'CASE_OPENED', caseNumber: 'VA-02' }))).toBe('CONFLICT');
  });

  it('should take a tip from RECEIVED through verification to a case and its closing, keeping every step and auditing each', async () => {
    const tip = await submit('TIP', 'Nhóm thanh niên ở nhà trọ số 9 ngõ Hàng Hương nghi mua bán ma túy vào ban đêm.');
    const before = ok(await server.request(TipDetailsDocument, { id: tip }, { token: forum.officer.token }));
    expect(before.opinion).toMatchObject({ tipStatus: 'RECEIVED', caseNumber: null, suspects: null, tipHistory: [] });

    ok(await follow(forum.officer.token, { opinionId: tip, status: 'VERIFYING', note: 'Giao trinh sát khu vực xác minh.' }));
    const opened = ok(await follow(forum.moderator.token, { opinionId: tip, status: 'CASE_OPENED', caseNumber: 'VA-2026/117', suspects: 3 }));
    expect(opened.followUpTip).toMatchObject({ tipStatus: 'CASE_OPENED', caseNumber: 'VA-2026/117', suspects: 3 });
    // More suspects found: the same status records it.
    ok(await follow(forum.officer.token, { opinionId: tip, status: 'CASE_OPENED', suspects: 4 }));
    ok(await follow(forum.admin.token, { opinionId: tip, status: 'CLOSED', note: 'Đã khởi tố vụ án, chuyển VKS.' }));

    const { opinion } = ok(await server.request(TipDetailsDocument, { id: tip }, { token: forum.officer.token }));
    expect(opinion).toMatchObject({ tipStatus: 'CLOSED', caseNumber: 'VA-2026/117', suspects: 4 });
    expect(opinion?.tipHistory?.map((s) => [s.fromStatus, s.toStatus, s.caseNumber, s.suspects])).toEqual([
      ['RECEIVED', 'VERIFYING', null, null],
      ['VERIFYING', 'CASE_OPENED', 'VA-2026/117', 3],
      ['CASE_OPENED', 'CASE_OPENED', 'VA-2026/117', 4],
      ['CASE_OPENED', 'CLOSED', 'VA-2026/117', 4],
    ]);
    expect(opinion?.tipHistory?.[0]).toMatchObject({ note: 'Giao trinh sát khu vực xác minh.', actor: { id: forum.officer.id } });
    const audit = await prisma().auditEntry.findMany({ where: { entityId: tip, action: 'TIP_FOLLOW_UP' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => [a.actorId, a.toStatus])).toEqual([
      [forum.officer.id, 'VERIFYING'],
      [forum.moderator.id, 'CASE_OPENED'],
      [forum.officer.id, 'CASE_OPENED'],
      [forum.admin.id, 'CLOSED'],
    ]);
    expect(audit.every((a) => a.reason === null)).toBe(true);
  });

  it("should not show a tip's follow-up to staff of another unit", async () => {
    const tip = await submit('TIP', 'Xe biển số giả thường đỗ trước số 5 Hàng Mành lúc nửa đêm.');
    ok(await follow(forum.officer.token, { opinionId: tip, status: 'CASE_OPENED', caseNumber: 'VA-2026/120', suspects: 1 }));
    const other = ok(await server.request(TipDetailsDocument, { id: tip }, { token: forum.otherOfficer.token }));
    expect(other.opinion).toBeNull();
  });
});
