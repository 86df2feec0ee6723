import type { RunningApp } from '../../src/app.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { createStaff, type StaffFixture } from './fixtures.js';

export interface DistrictFixture {
  districtId: string;
  communeIds: [string, string];
  otherUnitId: string;
  districtOfficer: StaffFixture;
  communeOfficer: StaffFixture;
  secondCommuneModerator: StaffFixture;
  otherOfficer: StaffFixture;
  /** The commune's CLOSED session. */
  closedSessionId: string;
  /** The second commune's session, still LIVE. */
  liveSessionId: string;
  from: Date;
  to: Date;
}

const TOPICS = ['An toàn giao thông', 'Trộm cắp tài sản'];

/**
 * A district with two communes and forums in October 2026: the first commune's session is
 * CLOSED (app posts, a paper slip, a tip into case VA-1 with 2 suspects, an unfounded tip, one
 * answer), the second's is LIVE (a post, a tip into case VA-2 with 3 suspects), the district's
 * own is CLOSED (a question, a tip into the same case VA-1, now 4 suspects). A December session
 * lies outside the period.
 */
export async function seedDistrict(app: RunningApp): Promise<DistrictFixture> {
  const s = app.services;
  const district = await s.units.create({ name: 'Công an huyện Gia Lâm' });
  const first = await s.units.create({ name: 'Công an xã Đa Tốn', parentId: district.id });
  const second = await s.units.create({ name: 'Công an xã Kiêu Kỵ', parentId: district.id });
  const other = await s.units.create({ name: 'Công an quận Long Biên' });
  const [districtOfficer, communeOfficer, secondCommuneModerator, otherOfficer, admin] = await Promise.all([
    createStaff(app, 'OFFICER', district.id, 'Đại úy Ngô Văn Thành'),
    createStaff(app, 'OFFICER', first.id, 'Thượng úy Lại Thị Hương'),
    createStaff(app, 'MODERATOR', second.id, 'Trung úy Mạc Văn Long'),
    createStaff(app, 'OFFICER', other.id, 'Thiếu úy Cao Minh Đức'),
    createStaff(app, 'ADMIN', district.id, 'Quản trị Gia Lâm'),
  ]);
  const citizen = async (name: string) => {
    const joined = await s.staff.joinAsCitizen(name);
    return { viewer: { kind: 'citizen', id: joined.viewer.id, displayName: name } as Viewer, deviceKey: `c:${joined.viewer.id}` };
  };
  const [an, binh, chi] = [await citizen('Nguyễn Văn An'), await citizen('Trần Thị Bình'), await citizen('Lê Văn Chí')];
  const phone = { viewer: { kind: 'anonymous' } as Viewer, deviceKey: 'd:phone-da-ton-01' };

  const session = async (unitId: string, title: string, startsAt: string) => {
    const created = await s.sessions.create({ viewer: admin.viewer, input: { unitId, title, startsAt: new Date(startsAt), moderationMode: 'POST', topics: TOPICS } });
    await s.sessions.setStatus({ viewer: admin.viewer, id: created.id, status: 'LIVE' });
    const topics = await app.database.prisma.topic.findMany({ where: { sessionId: created.id } });
    return { id: created.id, topic: (name: string) => topics.find((t) => t.name === name)!.id };
  };
  const post = (poster: { viewer: Viewer; deviceKey: string }, sessionId: string, input: { body: string; kind?: string; topicId?: string; channel?: string; authorName?: string }) =>
    s.opinions.submit({ poster, input: { sessionId, ...input } });
  const clerk = (staff: StaffFixture) => ({ viewer: staff.viewer, deviceKey: `s:${staff.id}` });

  const daTon = await session(first.id, 'Lắng nghe ý kiến nhân dân xã Đa Tốn', '2026-10-05T01:00:00Z');
  const answered = await post(an, daTon.id, { body: 'Đề nghị lắp đèn tín hiệu ở ngã ba Đa Tốn – Kiêu Kỵ.', topicId: daTon.topic('An toàn giao thông') });
  await post(binh, daTon.id, { body: 'Xe tải chạy nhanh qua cổng trường tiểu học.', topicId: daTon.topic('An toàn giao thông') });
  await post(phone, daTon.id, { body: 'Mất xe đạp thì báo ở đâu ạ?', kind: 'QUESTION', topicId: daTon.topic('Trộm cắp tài sản') });
  await post(clerk(communeOfficer), daTon.id, { body: 'Phiếu góp ý: chó thả rông ở thôn 3.', kind: 'COMPLAINT', channel: 'PAPER', authorName: 'Bà Đỗ Thị Hạnh' });
  const caseTip = await post(an, daTon.id, { body: 'Nhà số 12 thôn 2 nghi tàng trữ pháo nổ.', kind: 'TIP' });
  const idleTip = await post(binh, daTon.id, { body: 'Quán nước đầu làng nghi có đánh bạc.', kind: 'TIP' });
  await s.responses.respond({ viewer: communeOfficer.viewer, input: { opinionId: answered.id, outcome: 'REFERRED', body: 'Đã chuyển UBND xã.' } });
  await s.tips.followUp({ viewer: communeOfficer.viewer, input: { opinionId: caseTip.id, status: 'CASE_OPENED', caseNumber: 'VA-1', suspects: 2 } });
  await s.tips.followUp({ viewer: communeOfficer.viewer, input: { opinionId: idleTip.id, status: 'UNFOUNDED' } });
  await s.sessions.setStatus({ viewer: admin.viewer, id: daTon.id, status: 'CLOSED' });

  const kieuKy = await session(second.id, 'Lắng nghe ý kiến nhân dân xã Kiêu Kỵ', '2026-10-10T01:00:00Z');
  await post(chi, kieuKy.id, { body: 'Đường liên thôn thiếu biển báo khúc cua.', topicId: kieuKy.topic('An toàn giao thông') });
  const liveTip = await post(chi, kieuKy.id, { body: 'Xưởng bỏ hoang cuối thôn có người lạ ra vào ban đêm.', kind: 'TIP' });
  await s.tips.followUp({ viewer: secondCommuneModerator.viewer, input: { opinionId: liveTip.id, status: 'CASE_OPENED', caseNumber: 'VA-2', suspects: 3 } });

  const gialam = await session(district.id, 'Lắng nghe ý kiến nhân dân huyện Gia Lâm', '2026-10-20T01:00:00Z');
  await post(an, gialam.id, { body: 'Thủ tục cấp căn cước cho người cao tuổi thế nào?', kind: 'QUESTION' });
  const districtTip = await post(an, gialam.id, { body: 'Đối tượng trong vụ pháo nổ thôn 2 còn cất hàng ở kho bên sông.', kind: 'TIP' });
  await s.tips.followUp({ viewer: districtOfficer.viewer, input: { opinionId: districtTip.id, status: 'CASE_OPENED', caseNumber: 'VA-1', suspects: 4 } });
  await s.sessions.setStatus({ viewer: admin.viewer, id: gialam.id, status: 'CLOSED' });

  const december = await session(first.id, 'Đối thoại tháng 12 xã Đa Tốn', '2026-12-01T01:00:00Z');
  await post(binh, december.id, { body: 'Ngoài kỳ báo cáo.' });

  return {
    districtId: district.id,
    communeIds: [first.id, second.id],
    otherUnitId: other.id,
    districtOfficer,
    communeOfficer,
    secondCommuneModerator,
    otherOfficer,
    closedSessionId: daTon.id,
    liveSessionId: kieuKy.id,
    from: new Date('2026-10-01T00:00:00Z'),
    to: new Date('2026-11-01T00:00:00Z'),
  };
}
