import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer.js';
import { startTestServer, ok, errorCode, type TestServer } from '../../helpers/server.js';
import { createStaff, createSystemAdmin, type StaffFixture } from '../../helpers/fixtures.js';
import { CreateUnitDocument, JoinAsCitizenDocument, UnitsDocument } from '../../generated/graphql.js';

let server: TestServer;
let admin: StaffFixture;
let moderator: StaffFixture;
let citizenToken: string;
let provinceId: string;

beforeAll(async () => {
  server = await startTestServer();
  const province = await server.app.services.units.create({ viewer: SYSTEM, input: { name: 'Công an thành phố Hà Nội' } });
  provinceId = province.id;
  [admin, moderator] = await Promise.all([
    createStaff(server.app, 'ADMIN', province.id, 'Quản trị Công an Hà Nội'),
    createStaff(server.app, 'MODERATOR', province.id, 'Thiếu tá Nguyễn Thu Trang'),
  ]);
  citizenToken = ok(await server.request(JoinAsCitizenDocument, { displayName: 'Ông Vũ Đức Thắng' })).joinAsCitizen.token;
});
afterAll(() => server?.close());

const unitCount = () => server.app.database.prisma.unit.count();

/** Sends createUnit as the province's admin: under the province unless told otherwise. */
const createUnit = (name: string, parentId: string = provinceId) => server.request(CreateUnitDocument, { input: { name, parentId } }, { token: admin.token });

describe('units', () => {
  it('should list every unit to anonymous visitors', async () => {
    const created = ok(await createUnit('Công an quận Đống Đa', provinceId)).createUnit;
    const { units } = ok(await server.request(UnitsDocument));
    expect(units.map((u) => u.id)).toEqual(expect.arrayContaining([provinceId, created.id]));
    expect(units).toHaveLength(await unitCount());
  });

  it('should show the parent of a unit and no parent for a top-level unit', async () => {
    const created = ok(await createUnit('Công an quận Cầu Giấy', provinceId)).createUnit;
    const { units } = ok(await server.request(UnitsDocument));
    expect(units.find((u) => u.id === created.id)?.parent).toEqual({ id: provinceId });
    expect(units.find((u) => u.id === provinceId)?.parent).toBeNull();
  });
});

describe('createUnit', () => {
  it("should not let a unit's admin create a top-level unit", async () => {
    const before = await unitCount();
    const result = await server.request(CreateUnitDocument, { input: { name: 'Công an tỉnh Bắc Giang' } }, { token: admin.token });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await unitCount()).toBe(before);
  });

  it('should not let an admin add a unit under a unit beside or above its own', async () => {
    const district = ok(await createUnit('Công an quận Tây Hồ')).createUnit;
    const sibling = ok(await createUnit('Công an quận Long Biên')).createUnit;
    const districtAdmin = await createStaff(server.app, 'ADMIN', district.id, 'Quản trị Tây Hồ');
    const before = await unitCount();
    for (const parentId of [sibling.id, provinceId]) {
      const result = await server.request(CreateUnitDocument, { input: { name: 'Công an phường Giả Mạo', parentId } }, { token: districtAdmin.token });
      expect(errorCode(result)).toBe('FORBIDDEN');
    }
    expect(await unitCount()).toBe(before);
    const ward = ok(await server.request(CreateUnitDocument, { input: { name: 'Công an phường Quảng An', parentId: district.id } }, { token: districtAdmin.token }));
    expect(ward.createUnit.parent).toEqual({ id: district.id, name: 'Công an quận Tây Hồ' });
  });

  it('should let the system admin create a top-level unit', async () => {
    const system = await createSystemAdmin(server.app);
    const { createUnit: unit } = ok(await server.request(CreateUnitDocument, { input: { name: 'Công an tỉnh Bắc Ninh' } }, { token: system.token }));
    expect(unit.name).toBe('Công an tỉnh Bắc Ninh');
    expect(unit.parent).toBeNull();
    const stored = await server.app.database.prisma.unit.findUnique({ where: { id: unit.id } });
    expect(stored).toMatchObject({ name: 'Công an tỉnh Bắc Ninh', parentId: null });
  });

  it('should link a unit to its parent', async () => {
    const district = ok(await createUnit('Công an quận Hai Bà Trưng', provinceId)).createUnit;
    const ward = ok(await createUnit('Công an phường Bách Khoa', district.id)).createUnit;
    expect(district.parent).toEqual({ id: provinceId, name: 'Công an thành phố Hà Nội' });
    expect(ward.parent).toEqual({ id: district.id, name: 'Công an quận Hai Bà Trưng' });
    const stored = await server.app.database.prisma.unit.findUnique({ where: { id: ward.id } });
    expect(stored?.parentId).toBe(district.id);
  });

  it('should refuse anonymous visitors with UNAUTHENTICATED and write nothing', async () => {
    const before = await unitCount();
    const result = await server.request(CreateUnitDocument, { input: { name: 'Công an phường Giả Mạo' } });
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.data).toBeNull();
    expect(await unitCount()).toBe(before);
  });

  it('should refuse citizens with FORBIDDEN and write nothing', async () => {
    const before = await unitCount();
    const result = await server.request(CreateUnitDocument, { input: { name: 'Công an phường Giả Mạo' } }, { token: citizenToken });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await unitCount()).toBe(before);
  });

  it('should refuse moderators with FORBIDDEN and write nothing', async () => {
    const before = await unitCount();
    const result = await server.request(CreateUnitDocument, { input: { name: 'Công an phường Giả Mạo', parentId: provinceId } }, { token: moderator.token });
    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(await unitCount()).toBe(before);
  });

  it('should refuse an empty name with BAD_USER_INPUT and write nothing', async () => {
    const before = await unitCount();
    expect(errorCode(await createUnit(''))).toBe('BAD_USER_INPUT');
    expect(await unitCount()).toBe(before);
  });

  it('should refuse a whitespace-only name with BAD_USER_INPUT and write nothing', async () => {
    const before = await unitCount();
    expect(errorCode(await createUnit(' \t\n\u00a0  '))).toBe('BAD_USER_INPUT');
    expect(await unitCount()).toBe(before);
  });

  it('should refuse a name made only of control characters with BAD_USER_INPUT', async () => {
    const before = await unitCount();
    expect(errorCode(await createUnit('\u0000\u0007\u200b\u202e'))).toBe('BAD_USER_INPUT');
    expect(await unitCount()).toBe(before);
  });

  it('should refuse a name longer than 120 characters with BAD_USER_INPUT and write nothing', async () => {
    const before = await unitCount();
    const result = await createUnit('Công an phường Điện Biên '.padEnd(121, 'ệ'));
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions?.field).toBe('name');
    expect(await unitCount()).toBe(before);
  });

  it('should accept a name of exactly 120 characters', async () => {
    const name = 'Công an xã Đông Hưng '.padEnd(120, 'ữ');
    expect(ok(await createUnit(name)).createUnit.name).toBe(name);
  });

  it('should count characters after Unicode normalisation, not UTF-16 units or combining marks', async () => {
    // 120 precomposed letters typed as base letters plus combining marks: 240 code points before NFC.
    const name = 'ệ'.repeat(120);
    const decomposed = name.normalize('NFD');
    expect(decomposed.length).toBeGreaterThan(120);
    expect(ok(await createUnit(decomposed)).createUnit.name).toBe(name);
  });

  it('should strip control and invisible characters from the name', async () => {
    const { createUnit: unit } = ok(await createUnit('Công an\u2060 phường \u0007Hàng\u0008 Bạc\u202e \u200b'));
    expect(unit.name).toBe('Công an phường Hàng Bạc');
    const stored = await server.app.database.prisma.unit.findUnique({ where: { id: unit.id } });
    expect(stored?.name).toBe('Công an phường Hàng Bạc');
  });

  it('should collapse line breaks and repeated spaces in the name and trim it', async () => {
    expect(ok(await createUnit('  Công an\n\tphường   Cửa Nam  ')).createUnit.name).toBe('Công an phường Cửa Nam');
  });

  it('should preserve Vietnamese diacritics and store them in NFC', async () => {
    const name = 'Công an phường Quảng An, quận Tây Hồ – Đội Cảnh sát Quản lý hành chính';
    const { createUnit: unit } = ok(await createUnit(name.normalize('NFD')));
    expect(unit.name).toBe(name);
    expect(unit.name).toBe(unit.name.normalize('NFC'));
    const { units } = ok(await server.request(UnitsDocument));
    expect(units.find((u) => u.id === unit.id)?.name).toBe(name);
  });

  it('should refuse an unknown parentId with NOT_FOUND and write nothing', async () => {
    const before = await unitCount();
    const result = await createUnit('Công an phường Phúc Xá', '00000000-0000-4000-8000-000000000000');
    expect(errorCode(result)).toBe('NOT_FOUND');
    expect(await unitCount()).toBe(before);
  });

  it('should refuse a parentId that is not a unit id at all with NOT_FOUND', async () => {
    const before = await unitCount();
    expect(errorCode(await createUnit('Công an phường Phúc Xá', "'; DROP TABLE unit; --"))).toBe('NOT_FOUND');
    expect(await unitCount()).toBe(before);
  });
});
