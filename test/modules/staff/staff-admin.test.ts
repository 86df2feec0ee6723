import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessService } from '../../../src/auth/access.js';
import { MemoryEventBus } from '../../../src/live/bus.js';
import { startTestServer, ok, errorCode, type TestServer } from '../../helpers/server.js';
import { createStaff, createUnit, PASSWORD, WEAK_PASSWORDS, type StaffFixture } from '../../helpers/fixtures.js';
import { RawSocket } from '../../helpers/raw-ws.js';
import {
  ChangeMyPasswordDocument,
  JoinAsCitizenDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  ResetStaffPasswordDocument,
  StaffOfUnitDocument,
  UpdateStaffDocument,
  type UpdateStaffInput,
} from '../../generated/graphql.js';

let server: TestServer;
let districtId: string;
let communeId: string;
let otherCommuneId: string;
let otherDistrictId: string;
let districtAdmin: StaffFixture;
let districtModerator: StaffFixture;
let communeAdmin: StaffFixture;

beforeAll(async () => {
  server = await startTestServer();
  districtId = await createUnit(server.app, 'Công an huyện Sóc Sơn');
  communeId = await createUnit(server.app, 'Công an xã Phù Linh', districtId);
  otherCommuneId = await createUnit(server.app, 'Công an xã Mai Đình', districtId);
  otherDistrictId = await createUnit(server.app, 'Công an huyện Đông Anh');
  [districtAdmin, districtModerator, communeAdmin] = await Promise.all([
    createStaff(server.app, 'ADMIN', districtId, 'Trung tá Nguyễn Văn Quyết'),
    createStaff(server.app, 'MODERATOR', districtId, 'Đại úy Trần Thị Hoa'),
    createStaff(server.app, 'ADMIN', communeId, 'Thiếu tá Lê Minh Đức'),
  ]);
});
afterAll(() => server?.close());

const update = (token: string, input: UpdateStaffInput) => server.request(UpdateStaffDocument, { input }, { token });
const me = (token: string) => server.request(MeDocument, {}, { token });
const stored = (id: string) => server.app.database.prisma.staff.findUniqueOrThrow({ where: { id } });
const auditOf = (id: string) => server.app.database.prisma.auditEntry.findMany({ where: { entityId: id }, orderBy: { createdAt: 'asc' } });

/** A signed-in socket of `token`, open and acknowledged. */
async function openSocket(token: string): Promise<RawSocket> {
  const socket = new RawSocket(server.app.wsUrl);
  await socket.acknowledge({ authorization: `Bearer ${token}` });
  return socket;
}

describe('updateStaff', () => {
  it('should refuse a moderator with FORBIDDEN and change nothing', async () => {
    const officer = await createStaff(server.app, 'OFFICER', districtId, 'Thượng úy Phạm Văn Nam');
    expect(errorCode(await update(districtModerator.token, { id: officer.id, active: false }))).toBe('FORBIDDEN');
    expect(await stored(officer.id)).toMatchObject({ active: true, tokenVersion: 0 });
    ok(await me(officer.token));
  });

  it("should not let a commune's admin manage the district's staff", async () => {
    const officer = await createStaff(server.app, 'OFFICER', districtId, 'Thượng úy Vũ Thị Lan');
    expect(errorCode(await update(communeAdmin.token, { id: officer.id, active: false }))).toBe('FORBIDDEN');
    expect(errorCode(await update(communeAdmin.token, { id: districtAdmin.id, role: 'OFFICER' }))).toBe('FORBIDDEN');
    expect(await stored(officer.id)).toMatchObject({ active: true, tokenVersion: 0 });
  });

  it("should not let a commune's admin manage a sibling commune's staff, nor move its own staff there", async () => {
    const sibling = await createStaff(server.app, 'OFFICER', otherCommuneId, 'Trung úy Đinh Văn Hải');
    const own = await createStaff(server.app, 'OFFICER', communeId, 'Trung úy Hồ Thị Mai');
    expect(errorCode(await update(communeAdmin.token, { id: sibling.id, displayName: 'Đổi tên' }))).toBe('FORBIDDEN');
    expect(errorCode(await update(communeAdmin.token, { id: own.id, unitId: otherCommuneId }))).toBe('FORBIDDEN');
    expect(await stored(sibling.id)).toMatchObject({ displayName: 'Trung úy Đinh Văn Hải' });
    expect(await stored(own.id)).toMatchObject({ unitId: communeId, tokenVersion: 0 });
  });

  it('should not let an admin change their own role, unit or activity', async () => {
    const admin = await createStaff(server.app, 'ADMIN', districtId, 'Thiếu tá Bùi Văn Tâm');
    for (const change of [{ active: false }, { role: 'OFFICER' as const }, { unitId: communeId }]) {
      expect(errorCode(await update(admin.token, { id: admin.id, ...change }))).toBe('FORBIDDEN');
    }
    expect(await stored(admin.id)).toMatchObject({ active: true, role: 'ADMIN', unitId: districtId, tokenVersion: 0 });
  });

  it("should end a deactivated officer's HTTP token and refuse their sign-in", async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Ngô Văn Bình');
    ok(await me(officer.token));
    const { updateStaff } = ok(await update(districtAdmin.token, { id: officer.id, active: false }));
    expect(updateStaff).toMatchObject({ id: officer.id, active: false });
    const refused = await me(officer.token);
    expect(refused.status).toBe(401);
    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.request(LoginDocument, { email: officer.email, password: PASSWORD }))).toBe('UNAUTHENTICATED');
  });

  it("should close a deactivated officer's open socket with 4403 and refuse a new one", async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Đặng Quốc Việt');
    const socket = await openSocket(officer.token);
    ok(await update(communeAdmin.token, { id: officer.id, active: false }));
    expect((await socket.closed).code).toBe(4403);
    const again = new RawSocket(server.app.wsUrl);
    await again.send({ type: 'connection_init', payload: { authorization: `Bearer ${officer.token}` } });
    expect((await again.closed).code).toBe(4403);
  });

  it('should leave the sockets of other staff open', async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Trịnh Văn Long');
    const colleague = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Lý Thị Thu');
    const [revoked, kept] = await Promise.all([openSocket(officer.token), openSocket(colleague.token)]);
    ok(await update(communeAdmin.token, { id: officer.id, active: false }));
    await revoked.closed;
    // The sentinel: a ping answered after the revocation went through shows the socket survived it.
    await kept.send({ type: 'ping' });
    await kept.next('pong');
    expect(kept.socket.readyState).toBe(kept.socket.OPEN);
    kept.close();
  });

  it('should end the tokens on a role or unit change but not on a rename', async () => {
    const officer = await createStaff(server.app, 'OFFICER', districtId, 'Thượng úy Mai Văn Sơn');
    ok(await update(districtAdmin.token, { id: officer.id, displayName: 'Đại úy Mai Văn Sơn' }));
    expect(ok(await me(officer.token)).me?.displayName).toBe('Đại úy Mai Văn Sơn');
    const { updateStaff } = ok(await update(districtAdmin.token, { id: officer.id, role: 'MODERATOR', unitId: communeId }));
    expect(updateStaff).toMatchObject({ role: 'MODERATOR', unit: { id: communeId }, active: true });
    expect(errorCode(await me(officer.token))).toBe('UNAUTHENTICATED');
    const { login } = ok(await server.request(LoginDocument, { email: officer.email, password: PASSWORD }));
    expect(ok(await me(login.token)).me).toMatchObject({ role: 'MODERATOR', unit: { id: communeId } });
  });

  it('should let the district admin reactivate an officer of a commune, who then signs in again', async () => {
    const officer = await createStaff(server.app, 'OFFICER', otherCommuneId, 'Trung úy Tạ Văn Hùng');
    ok(await update(districtAdmin.token, { id: officer.id, active: false }));
    ok(await update(districtAdmin.token, { id: officer.id, active: true }));
    expect(errorCode(await me(officer.token))).toBe('UNAUTHENTICATED');
    ok(await server.request(LoginDocument, { email: officer.email, password: PASSWORD }));
  });

  it('should refuse the CITIZEN role and an unknown unit, changing nothing', async () => {
    const officer = await createStaff(server.app, 'OFFICER', districtId, 'Thượng úy Lương Văn Tú');
    expect(errorCode(await update(districtAdmin.token, { id: officer.id, role: 'CITIZEN' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await update(districtAdmin.token, { id: officer.id, unitId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(errorCode(await update(districtAdmin.token, { id: '00000000-0000-4000-8000-000000000000', active: false }))).toBe('NOT_FOUND');
    expect(await stored(officer.id)).toMatchObject({ role: 'OFFICER', unitId: districtId, tokenVersion: 0 });
  });

  it('should audit each change with the admin as actor', async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Kiều Văn Phong');
    ok(await update(districtAdmin.token, { id: officer.id, active: false, role: 'MODERATOR' }));
    const entries = await auditOf(officer.id);
    expect(entries.map((e) => e.action)).toEqual(['STAFF_CREATED', 'STAFF_UPDATED']);
    expect(entries[1]).toMatchObject({ actorId: districtAdmin.id, actorRole: 'ADMIN', entityType: 'Staff' });
    expect(entries[1].reason).toContain('active true→false');
    expect(entries[1].reason).toContain('role OFFICER→MODERATOR');
  });
});

describe('resetStaffPassword', () => {
  const NEW_PASSWORD = 'Mật-khẩu-mới-2026';

  it('should refuse a moderator and a commune admin for district staff, changing nothing', async () => {
    const officer = await createStaff(server.app, 'OFFICER', districtId, 'Thượng úy Cao Văn Thắng');
    for (const token of [districtModerator.token, communeAdmin.token]) {
      expect(errorCode(await server.request(ResetStaffPasswordDocument, { id: officer.id, newPassword: NEW_PASSWORD }, { token }))).toBe('FORBIDDEN');
    }
    ok(await me(officer.token));
    ok(await server.request(LoginDocument, { email: officer.email, password: PASSWORD }));
  });

  it('should end the old tokens and sockets, and let the person in with the new password only', async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Hà Văn Khánh');
    const socket = await openSocket(officer.token);
    ok(await server.request(ResetStaffPasswordDocument, { id: officer.id, newPassword: NEW_PASSWORD }, { token: districtAdmin.token }));
    expect((await socket.closed).code).toBe(4403);
    expect(errorCode(await me(officer.token))).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.request(LoginDocument, { email: officer.email, password: PASSWORD }))).toBe('UNAUTHENTICATED');
    ok(await server.request(LoginDocument, { email: officer.email, password: NEW_PASSWORD }));
    const [, entry] = await auditOf(officer.id);
    expect(entry).toMatchObject({ action: 'STAFF_PASSWORD_RESET', actorId: districtAdmin.id });
    expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD);
  });

  it('should not accept a weak password (eight spaces, 12345678, a common one), and keep the old one', async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Lâm Văn Đạt');
    for (const newPassword of ['ngắn', ...WEAK_PASSWORDS]) {
      const result = await server.request(ResetStaffPasswordDocument, { id: officer.id, newPassword }, { token: communeAdmin.token });
      expect(errorCode(result), newPassword).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].extensions?.field).toBe('newPassword');
    }
    expect(await stored(officer.id)).toMatchObject({ tokenVersion: 0 });
    ok(await me(officer.token));
  });
});

describe('changeMyPassword', () => {
  const NEW_PASSWORD = 'Mật-khẩu-của-tôi-2026';

  it('should refuse citizens and anonymous visitors', async () => {
    const citizen = ok(await server.request(JoinAsCitizenDocument, { displayName: 'Chị Nguyễn Thị Thu' })).joinAsCitizen.token;
    expect(errorCode(await server.request(ChangeMyPasswordDocument, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { token: citizen }))).toBe('FORBIDDEN');
    expect(errorCode(await server.request(ChangeMyPasswordDocument, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))).toBe('UNAUTHENTICATED');
  });

  it('should refuse a wrong current password with BAD_USER_INPUT and change nothing', async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Tô Văn Hiếu');
    const result = await server.request(ChangeMyPasswordDocument, { currentPassword: 'không-phải-mật-khẩu', newPassword: NEW_PASSWORD }, { token: officer.token });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    ok(await me(officer.token));
    ok(await server.request(LoginDocument, { email: officer.email, password: PASSWORD }));
  });

  it('should not accept a weak new password, and change nothing', async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Đinh Văn Hải');
    // Each attempt checks the current password first (scrypt): three of the weak ones are enough here.
    for (const newPassword of ['        ', '12345678', 'Password1234']) {
      const result = await server.request(ChangeMyPasswordDocument, { currentPassword: PASSWORD, newPassword }, { token: officer.token });
      expect(errorCode(result), newPassword).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].extensions?.field).toBe('newPassword');
    }
    expect(await stored(officer.id)).toMatchObject({ tokenVersion: 0 });
    ok(await me(officer.token));
    ok(await server.request(LoginDocument, { email: officer.email, password: PASSWORD }));
  });

  it('should change the password and end every token, the one used included', async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Văn Thị Ngọc');
    const { changeMyPassword } = ok(await server.request(ChangeMyPasswordDocument, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { token: officer.token }));
    expect(changeMyPassword).toBe(true);
    expect(errorCode(await me(officer.token))).toBe('UNAUTHENTICATED');
    ok(await server.request(LoginDocument, { email: officer.email, password: NEW_PASSWORD }));
    const [, entry] = await auditOf(officer.id);
    expect(entry).toMatchObject({ action: 'STAFF_PASSWORD_CHANGED', actorId: officer.id });
  });
});

describe('logout', () => {
  it('should not let a signed-out token in again, over HTTP or on its open socket, while the same person’s other token still works', async () => {
    const moderator = await createStaff(server.app, 'MODERATOR', communeId, 'Đại úy Phan Thị Lan');
    const other = await server.app.tokens.issue({ kind: 'staff', id: moderator.id, role: 'MODERATOR', unitId: communeId });
    const [signedOut, kept] = await Promise.all([openSocket(moderator.token), openSocket(other)]);
    expect(ok(await server.request(LogoutDocument, {}, { token: moderator.token })).logout).toBe(true);
    expect((await signedOut.closed).code).toBe(4403);
    expect(errorCode(await me(moderator.token))).toBe('UNAUTHENTICATED');
    const again = new RawSocket(server.app.wsUrl);
    await again.send({ type: 'connection_init', payload: { authorization: `Bearer ${moderator.token}` } });
    expect((await again.closed).code).toBe(4403);
    // The sentinel: a ping answered after the logout went through shows the other socket survived it.
    await kept.send({ type: 'ping' });
    await kept.next('pong');
    expect(kept.socket.readyState).toBe(kept.socket.OPEN);
    kept.close();
    expect(ok(await me(other)).me?.id).toBe(moderator.id);
  });

  it('should keep the signed-out token refused by an instance that starts afterwards, and forget it once it has expired', async () => {
    const officer = await createStaff(server.app, 'OFFICER', communeId, 'Thượng úy Quách Văn Tâm');
    ok(await server.request(LogoutDocument, {}, { token: officer.token }));
    // A fresh AccessService reads only the database, as a restarted or second instance does.
    const fresh = new AccessService(server.app.database.prisma, server.app.tokens, new MemoryEventBus());
    await expect(fresh.authenticate(`Bearer ${officer.token}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const prisma = server.app.database.prisma;
    await prisma.revokedToken.create({ data: { tokenId: `het-han-${officer.id}`, staffId: officer.id, expiresAt: new Date(Date.now() - 1000) } });
    const next = await server.app.tokens.issue({ kind: 'staff', id: officer.id, role: 'OFFICER', unitId: communeId });
    ok(await server.request(LogoutDocument, {}, { token: next }));
    expect(await prisma.revokedToken.count({ where: { tokenId: `het-han-${officer.id}` } })).toBe(0);
  });

  it('should refuse a citizen and an anonymous visitor', async () => {
    const citizen = ok(await server.request(JoinAsCitizenDocument, { displayName: 'Anh Vũ Văn Bình' })).joinAsCitizen.token;
    expect(errorCode(await server.request(LogoutDocument, {}, { token: citizen }))).toBe('FORBIDDEN');
    expect(errorCode(await server.request(LogoutDocument, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('staff', () => {
  it('should refuse a moderator, and a commune admin asking for the district', async () => {
    expect(errorCode(await server.request(StaffOfUnitDocument, { unitId: districtId }, { token: districtModerator.token }))).toBe('FORBIDDEN');
    expect(errorCode(await server.request(StaffOfUnitDocument, { unitId: districtId }, { token: communeAdmin.token }))).toBe('FORBIDDEN');
    expect(errorCode(await server.request(StaffOfUnitDocument, { unitId: otherDistrictId }, { token: districtAdmin.token }))).toBe('FORBIDDEN');
  });

  it("should list a unit's staff by name, page by page, with the total", async () => {
    const unitId = await createUnit(server.app, 'Công an xã Thanh Xuân', districtId);
    const names = ['Trung úy Bạch Văn An', 'Đại úy Âu Thị Bích', 'Thượng úy Cù Văn Cường'];
    for (const name of names) await createStaff(server.app, 'OFFICER', unitId, name);
    const first = ok(await server.request(StaffOfUnitDocument, { unitId, first: 2 }, { token: districtAdmin.token })).staff;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(await server.request(StaffOfUnitDocument, { unitId, first: 2, after: first.pageInfo.endCursor }, { token: districtAdmin.token })).staff;
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const listed = [...first.edges, ...rest.edges].map((e) => e.node);
    expect(listed.map((s) => s.displayName).sort()).toEqual([...names].sort());
    expect(listed.every((s) => s.unit?.id === unitId && s.active)).toBe(true);
  });

  it('should show deactivated staff as inactive', async () => {
    const officer = await createStaff(server.app, 'OFFICER', otherCommuneId, 'Thiếu úy Khúc Văn Dũng');
    ok(await update(districtAdmin.token, { id: officer.id, active: false }));
    const { staff } = ok(await server.request(StaffOfUnitDocument, { unitId: otherCommuneId, first: 100 }, { token: districtAdmin.token }));
    expect(staff.edges.find((e) => e.node.id === officer.id)?.node.active).toBe(false);
  });
});
