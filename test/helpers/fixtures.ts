import type { RunningApp } from '../../src/app.js';
import { hashPassword } from '../../src/auth/password.js';
import { SYSTEM, type Viewer } from '../../src/auth/viewer.js';

export const PASSWORD = 'mật-khẩu-thử-nghiệm-2026';

/** Passwords the policy refuses: blank, too short, too few different characters, common (alone or with digits appended). */
export const WEAK_PASSWORDS = ['        ', '12345678', '            ', 'mậtkhẩu1234', 'aaaaaaaaaaaa', '121212121212', '123456789012', 'Password1234', 'qwertyuiop123!', 'IloveYou2026'];

export interface StaffFixture {
  id: string;
  email: string;
  token: string;
  viewer: Viewer;
}

export interface ForumFixture {
  districtId: string;
  otherUnitId: string;
  admin: StaffFixture;
  moderator: StaffFixture;
  officer: StaffFixture;
  otherModerator: StaffFixture;
  otherOfficer: StaffFixture;
  sessionId: string;
  topics: { id: string; name: string }[];
  citizen(name?: string): Promise<{ id: string; token: string; viewer: Viewer }>;
}

let counter = 0;

/** Creates a unit through the service, as the system administrator. */
export async function createUnit(app: RunningApp, name: string, parentId?: string): Promise<string> {
  return (await app.services.units.create({ viewer: SYSTEM, input: { name, parentId } })).id;
}

/**
 * Creates a staff member through the service and signs a token for them. The viewer is the one
 * a request with that token gets (with the units it covers), for calling services directly.
 */
export async function createStaff(app: RunningApp, role: 'ADMIN' | 'MODERATOR' | 'OFFICER', unitId: string, displayName: string): Promise<StaffFixture> {
  const email = `${role.toLowerCase()}.${++counter}.${Date.now()}@cand.test`;
  const staff = await app.services.staff.create({ viewer: SYSTEM, input: { email, password: PASSWORD, displayName, role, unitId } });
  const token = await app.tokens.issue({ kind: 'staff', id: staff.id, role, unitId });
  return { id: staff.id, email, token, viewer: await app.services.access.viewerFromAuthorization(`Bearer ${token}`) };
}

/** The system administrator (an ADMIN without a unit, as ADMIN_EMAIL creates at first start), signed in. */
export async function createSystemAdmin(app: RunningApp, displayName = 'Quản trị viên hệ thống'): Promise<StaffFixture> {
  const email = `admin.${++counter}.${Date.now()}@cand.test`;
  const staff = await app.database.prisma.staff.create({ data: { email, passwordHash: await hashPassword(PASSWORD), displayName, role: 'ADMIN' } });
  const { token } = await app.services.staff.login({ email, password: PASSWORD });
  return { id: staff.id, email, token, viewer: await app.services.access.viewerFromAuthorization(`Bearer ${token}`) };
}

/**
 * Two district units with their staff, and a LIVE session in the first with the usual topics.
 * Built through the services, so the fixtures obey the same rules as the API.
 */
export async function seedForum(app: RunningApp, session: { moderationMode?: 'PRE' | 'POST'; allowAnonymous?: boolean } = {}): Promise<ForumFixture> {
  const district = { id: await createUnit(app, 'Công an quận Hoàn Kiếm') };
  const other = { id: await createUnit(app, 'Công an quận Ba Đình') };
  const [admin, moderator, officer, otherModerator, otherOfficer] = await Promise.all([
    createStaff(app, 'ADMIN', district.id, 'Quản trị Hoàn Kiếm'),
    createStaff(app, 'MODERATOR', district.id, 'Đại úy Trần Thị Hoa'),
    createStaff(app, 'OFFICER', district.id, 'Thượng úy Lê Văn Dũng'),
    createStaff(app, 'MODERATOR', other.id, 'Trung úy Phạm Minh'),
    createStaff(app, 'OFFICER', other.id, 'Thiếu úy Đỗ Hải'),
  ]);
  const created = await app.services.sessions.create({
    viewer: moderator.viewer,
    input: {
      unitId: district.id,
      title: 'Công an lắng nghe ý kiến nhân dân phường Hàng Trống',
      location: 'Nhà văn hóa phường Hàng Trống',
      startsAt: new Date('2026-11-27T01:00:00Z'),
      moderationMode: session.moderationMode ?? 'PRE',
      allowAnonymous: session.allowAnonymous ?? true,
      topics: ['An toàn giao thông', 'Trộm cắp tài sản', 'Tệ nạn xã hội', 'Thái độ phục vụ của cán bộ'],
    },
  });
  await app.services.sessions.setStatus({ viewer: moderator.viewer, id: created.id, status: 'LIVE' });
  const topics = await app.database.prisma.topic.findMany({ where: { sessionId: created.id }, orderBy: { position: 'asc' } });
  return {
    districtId: district.id,
    otherUnitId: other.id,
    admin,
    moderator,
    officer,
    otherModerator,
    otherOfficer,
    sessionId: created.id,
    topics: topics.map((t) => ({ id: t.id, name: t.name })),
    citizen: async (name = 'Nguyễn Văn An') => {
      const joined = await app.services.staff.joinAsCitizen(name);
      return { id: joined.viewer.id, token: joined.token, viewer: { kind: 'citizen', id: joined.viewer.id, displayName: name } };
    },
  };
}
