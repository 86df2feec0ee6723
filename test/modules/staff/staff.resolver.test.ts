import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer.js';
import { startTestServer, ok, errorCode, type TestServer } from '../../helpers/server.js';
import { createStaff, createUnit, PASSWORD, WEAK_PASSWORDS, type StaffFixture } from '../../helpers/fixtures.js';
import { CreateStaffDocument, JoinAsCitizenDocument, LoginDocument, MeDocument, type CreateStaffInput } from '../../generated/graphql.js';

let server: TestServer;
let unitId: string;
let otherUnitId: string;
let admin: StaffFixture;
let moderator: StaffFixture;
let officer: StaffFixture;
let citizenToken: string;
let counter = 0;

beforeAll(async () => {
  server = await startTestServer();
  const unit = await server.app.services.units.create({ viewer: SYSTEM, input: { name: 'Công an quận Hoàn Kiếm' } });
  const other = await server.app.services.units.create({ viewer: SYSTEM, input: { name: 'Công an quận Long Biên' } });
  unitId = unit.id;
  otherUnitId = other.id;
  [admin, moderator, officer] = await Promise.all([
    createStaff(server.app, 'ADMIN', unit.id, 'Quản trị Hoàn Kiếm'),
    createStaff(server.app, 'MODERATOR', unit.id, 'Đại úy Trần Thị Hoa'),
    createStaff(server.app, 'OFFICER', unit.id, 'Thượng úy Lê Văn Dũng'),
  ]);
  citizenToken = ok(await server.request(JoinAsCitizenDocument, { displayName: 'Chị Đặng Thu Hà' })).joinAsCitizen.token;
});
afterAll(() => server?.close());

const staffCount = () => server.app.database.prisma.staff.count();

/** A valid createStaff input with a fresh e-mail; override one field to test it. */
function staffInput(overrides: Partial<CreateStaffInput> = {}): CreateStaffInput {
  return {
    email: `can.bo.${++counter}.${Date.now()}@congan.hanoi.gov.vn`,
    password: 'Bảo-mật-2026!',
    displayName: 'Trung úy Hoàng Minh Tuấn',
    role: 'OFFICER',
    unitId,
    ...overrides,
  };
}

const createAsAdmin = (input: CreateStaffInput) => server.request(CreateStaffDocument, { input }, { token: admin.token });

describe('login', () => {
  it('should sign staff in with a token that identifies them to me', async () => {
    const { login } = ok(await server.request(LoginDocument, { email: moderator.email, password: PASSWORD }));
    expect(login.viewer).toEqual({ id: moderator.id, displayName: 'Đại úy Trần Thị Hoa', role: 'MODERATOR', unit: { id: unitId, name: 'Công an quận Hoàn Kiếm' } });
    const { me } = ok(await server.request(MeDocument, {}, { token: login.token }));
    expect(me).toEqual(login.viewer);
  });

  it('should treat the e-mail case-insensitively and ignore surrounding spaces', async () => {
    const { login } = ok(await server.request(LoginDocument, { email: `  ${officer.email.toUpperCase()} `, password: PASSWORD }));
    expect(login.viewer.id).toBe(officer.id);
  });

  it('should refuse a wrong password with UNAUTHENTICATED', async () => {
    const result = await server.request(LoginDocument, { email: moderator.email, password: 'mat-khau-sai-2026' });
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
  });

  it('should give the identical error for an unknown e-mail and a wrong password', async () => {
    const unknown = await server.request(LoginDocument, { email: 'khong.ton.tai@congan.hanoi.gov.vn', password: PASSWORD });
    const wrong = await server.request(LoginDocument, { email: moderator.email, password: `${PASSWORD}x` });
    expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.errors).toEqual(wrong.errors);
  });

  it('should not accept the password with different letter case', async () => {
    expect(errorCode(await server.request(LoginDocument, { email: moderator.email, password: PASSWORD.toUpperCase() }))).toBe('UNAUTHENTICATED');
  });
});

describe('joinAsCitizen', () => {
  it('should issue a CITIZEN token with the given display name that works for me', async () => {
    const { joinAsCitizen } = ok(await server.request(JoinAsCitizenDocument, { displayName: '  Bà Nguyễn Thị Lan ' }));
    expect(joinAsCitizen.viewer).toMatchObject({ displayName: 'Bà Nguyễn Thị Lan', role: 'CITIZEN', unit: null });
    const { me } = ok(await server.request(MeDocument, {}, { token: joinAsCitizen.token }));
    expect(me).toEqual({ id: joinAsCitizen.viewer.id, displayName: 'Bà Nguyễn Thị Lan', role: 'CITIZEN', unit: null });
  });

  it('should issue a CITIZEN token without a display name that works for me', async () => {
    const { joinAsCitizen } = ok(await server.request(JoinAsCitizenDocument, {}));
    expect(joinAsCitizen.viewer.role).toBe('CITIZEN');
    expect(joinAsCitizen.viewer.displayName).toBe('Người dân');
    const { me } = ok(await server.request(MeDocument, {}, { token: joinAsCitizen.token }));
    expect(me).toMatchObject({ id: joinAsCitizen.viewer.id, role: 'CITIZEN', displayName: 'Người dân' });
  });

  it('should treat a blank display name as no name', async () => {
    const { joinAsCitizen } = ok(await server.request(JoinAsCitizenDocument, { displayName: ' \u200b ' }));
    expect(joinAsCitizen.viewer.displayName).toBe('Người dân');
    const stored = await server.app.database.prisma.citizen.findUnique({ where: { id: joinAsCitizen.viewer.id } });
    expect(stored?.displayName).toBeNull();
  });

  it('should give every join a distinct citizen', async () => {
    const first = ok(await server.request(JoinAsCitizenDocument, { displayName: 'Anh Phạm Văn Nam' })).joinAsCitizen;
    const second = ok(await server.request(JoinAsCitizenDocument, { displayName: 'Anh Phạm Văn Nam' })).joinAsCitizen;
    expect(first.viewer.id).not.toBe(second.viewer.id);
    expect(first.token).not.toBe(second.token);
  });

  it('should refuse a display name longer than 120 characters with BAD_USER_INPUT', async () => {
    const before = await server.app.database.prisma.citizen.count();
    expect(errorCode(await server.request(JoinAsCitizenDocument, { displayName: 'Nguyễn '.repeat(20) + 'Ánh' }))).toBe('BAD_USER_INPUT');
    expect(await server.app.database.prisma.citizen.count()).toBe(before);
  });
});

describe('me', () => {
  it('should be null for an anonymous visitor', async () => {
    const result = await server.request(MeDocument);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ me: null });
  });

  it('should show staff their role and unit', async () => {
    const { me } = ok(await server.request(MeDocument, {}, { token: admin.token }));
    expect(me).toEqual({ id: admin.id, displayName: 'Quản trị Hoàn Kiếm', role: 'ADMIN', unit: { id: unitId, name: 'Công an quận Hoàn Kiếm' } });
  });
});

describe('createStaff', () => {
  it('should not let an admin add staff to a unit beside its own', async () => {
    const before = await staffCount();
    expect(errorCode(await createAsAdmin(staffInput({ unitId: otherUnitId })))).toBe('FORBIDDEN');
    expect(await staffCount()).toBe(before);
  });

  it('should let an admin create a staff member of a unit under its own', async () => {
    const ward = await createUnit(server.app, 'Công an phường Hàng Bạc', unitId);
    const input = staffInput({ role: 'MODERATOR', unitId: ward, displayName: 'Thiếu tá Đỗ Thị Ngọc Ánh' });
    const { createStaff: staff } = ok(await createAsAdmin(input));
    expect(staff).toEqual({ id: expect.any(String), displayName: 'Thiếu tá Đỗ Thị Ngọc Ánh', role: 'MODERATOR', unit: { id: ward, name: 'Công an phường Hàng Bạc' } });
  });

  it('should audit the creation with the admin as actor', async () => {
    const { createStaff: staff } = ok(await createAsAdmin(staffInput()));
    const entries = await server.app.database.prisma.auditEntry.findMany({ where: { entityId: staff.id } });
    expect(entries).toEqual([expect.objectContaining({ action: 'STAFF_CREATED', actorId: admin.id, entityType: 'Staff' })]);
  });

  it('should create an account that can sign in with its password', async () => {
    const input = staffInput({ role: 'OFFICER' });
    const { createStaff: staff } = ok(await createAsAdmin(input));
    const { login } = ok(await server.request(LoginDocument, { email: input.email, password: input.password }));
    expect(login.viewer).toMatchObject({ id: staff.id, role: 'OFFICER', unit: { id: unitId } });
  });

  it('should store the e-mail in lower case', async () => {
    const input = staffInput({ email: `Trung.Uy.${Date.now()}@CongAn.HaNoi.Gov.VN` });
    const { createStaff: staff } = ok(await createAsAdmin(input));
    const stored = await server.app.database.prisma.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(stored.email).toBe(input.email.toLowerCase());
  });

  it('should store the password hashed with scrypt, never in clear', async () => {
    const input = staffInput();
    const { createStaff: staff } = ok(await createAsAdmin(input));
    const stored = await server.app.database.prisma.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(stored.passwordHash.startsWith('scrypt$')).toBe(true);
    expect(stored.passwordHash).not.toContain(input.password);
    expect(stored.passwordHash).not.toContain(Buffer.from(input.password).toString('base64'));
  });

  it('should salt hashes so equal passwords are stored differently', async () => {
    const [a, b] = [staffInput(), staffInput()];
    const ids = [ok(await createAsAdmin(a)).createStaff.id, ok(await createAsAdmin(b)).createStaff.id];
    const rows = await server.app.database.prisma.staff.findMany({ where: { id: { in: ids } } });
    expect(rows).toHaveLength(2);
    expect(rows[0].passwordHash).not.toBe(rows[1].passwordHash);
  });

  it('should refuse anonymous visitors with UNAUTHENTICATED and write nothing', async () => {
    const before = await staffCount();
    expect(errorCode(await server.request(CreateStaffDocument, { input: staffInput({ role: 'ADMIN' }) }))).toBe('UNAUTHENTICATED');
    expect(await staffCount()).toBe(before);
  });

  it('should refuse citizens with FORBIDDEN and write nothing', async () => {
    const before = await staffCount();
    expect(errorCode(await server.request(CreateStaffDocument, { input: staffInput({ role: 'ADMIN' }) }, { token: citizenToken }))).toBe('FORBIDDEN');
    expect(await staffCount()).toBe(before);
  });

  it('should refuse moderators with FORBIDDEN, even for their own unit', async () => {
    const before = await staffCount();
    expect(errorCode(await server.request(CreateStaffDocument, { input: staffInput({ role: 'ADMIN' }) }, { token: moderator.token }))).toBe('FORBIDDEN');
    expect(await staffCount()).toBe(before);
  });

  it('should refuse officers with FORBIDDEN', async () => {
    const before = await staffCount();
    expect(errorCode(await server.request(CreateStaffDocument, { input: staffInput() }, { token: officer.token }))).toBe('FORBIDDEN');
    expect(await staffCount()).toBe(before);
  });

  it('should refuse the CITIZEN role with BAD_USER_INPUT and write nothing', async () => {
    const before = await staffCount();
    const result = await createAsAdmin(staffInput({ role: 'CITIZEN' }));
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.field).toBe('role');
    expect(await staffCount()).toBe(before);
  });

  it('should refuse a duplicate e-mail with CONFLICT and write nothing', async () => {
    const before = await staffCount();
    const result = await createAsAdmin(staffInput({ email: moderator.email }));
    expect(errorCode(result)).toBe('CONFLICT');
    expect(await staffCount()).toBe(before);
  });

  it('should refuse an e-mail that differs from an existing one only in case with CONFLICT', async () => {
    const before = await staffCount();
    expect(errorCode(await createAsAdmin(staffInput({ email: ` ${officer.email.toUpperCase()}` })))).toBe('CONFLICT');
    expect(await staffCount()).toBe(before);
  });

  it('should not accept a weak password (eight spaces, 12345678, a common one, too short, too few characters), and create nobody', async () => {
    const before = await staffCount();
    for (const password of WEAK_PASSWORDS) {
      const result = await createAsAdmin(staffInput({ password }));
      expect(errorCode(result), password).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].extensions?.field).toBe('password');
    }
    expect(await staffCount()).toBe(before);
  });

  it('should accept a password of exactly 12 characters', async () => {
    ok(await createAsAdmin(staffInput({ password: 'Hồ-Gươm-2026' })));
  });

  it('should refuse a malformed e-mail with BAD_USER_INPUT', async () => {
    const before = await staffCount();
    for (const email of ['can.bo.congan.vn', 'can bo@congan.vn', '@congan.vn', 'can.bo@congan', '']) {
      const result = await createAsAdmin(staffInput({ email }));
      expect(errorCode(result), email).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].extensions?.field).toBe('email');
    }
    expect(await staffCount()).toBe(before);
  });

  it('should refuse an empty display name with BAD_USER_INPUT', async () => {
    const before = await staffCount();
    expect(errorCode(await createAsAdmin(staffInput({ displayName: '   ' })))).toBe('BAD_USER_INPUT');
    expect(await staffCount()).toBe(before);
  });

  it('should refuse an unknown unitId with NOT_FOUND and write nothing', async () => {
    const before = await staffCount();
    expect(errorCode(await createAsAdmin(staffInput({ unitId: '00000000-0000-4000-8000-000000000000' })))).toBe('NOT_FOUND');
    expect(await staffCount()).toBe(before);
  });
});
