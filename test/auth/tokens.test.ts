import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer.js';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { startTestServer, ok, errorCode, TEST_JWT_SECRET, type TestServer, type GraphQLResult } from '../helpers/server.js';
import { createStaff, type StaffFixture } from '../helpers/fixtures.js';
import { CreateUnitDocument, MeDocument, UnitsDocument } from '../generated/graphql.js';
import { TokenService } from '../../src/auth/tokens.js';
import { AppError } from '../../src/common/errors.js';

const key = (secret: string) => new TextEncoder().encode(secret);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A token the server would issue for `claims`, but signed however the test wants. */
function sign(claims: Record<string, unknown>, { secret = TEST_JWT_SECRET, alg = 'HS256', issuer = 'lang-nghe', exp = nowSeconds() + 3600 }: { secret?: string; alg?: string; issuer?: string; exp?: number } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).setIssuer(issuer).setIssuedAt().setExpirationTime(exp).sign(key(secret));
}

/** The UNAUTHENTICATED refusal a bad credential must get before any resolver runs. */
function expectRefused(result: GraphQLResult<unknown>) {
  expect(result.status).toBe(401);
  expect(errorCode(result)).toBe('UNAUTHENTICATED');
  expect(result.data ?? null).toBeNull();
}

describe('token verification over HTTP', () => {
  let server: TestServer;
  let admin: StaffFixture;
  let unitId: string;

  beforeAll(async () => {
    server = await startTestServer();
    unitId = (await server.app.services.units.create({ viewer: SYSTEM, input: { name: 'Công an tỉnh Thừa Thiên Huế' } })).id;
    admin = await createStaff(server.app, 'ADMIN', unitId, 'Quản trị Công an Huế');
  });
  afterAll(() => server?.close());

  const adminClaims = () => ({ sub: admin.id, role: 'ADMIN', unit: unitId });
  const unitCount = () => server.app.database.prisma.unit.count();

  it('should accept a token the server issued', async () => {
    const { me } = ok(await server.request(MeDocument, {}, { token: admin.token }));
    expect(me?.id).toBe(admin.id);
  });

  it('should accept a hand-signed HS256 token with the right secret (the control for the refusals below)', async () => {
    const { me } = ok(await server.request(MeDocument, {}, { token: await sign(adminClaims()) }));
    expect(me).toMatchObject({ id: admin.id, role: 'ADMIN' });
  });

  it('should refuse a token signed with another secret with HTTP 401 UNAUTHENTICATED', async () => {
    const forged = await sign(adminClaims(), { secret: 'ke-gia-mao-bi-mat-khac-0123456789-abcdef' });
    expectRefused(await server.request(MeDocument, {}, { token: forged }));
  });

  it('should not let a forged admin token create anything', async () => {
    const before = await unitCount();
    const forged = await sign(adminClaims(), { secret: 'ke-gia-mao-bi-mat-khac-0123456789-abcdef' });
    expectRefused(await server.request(CreateUnitDocument, { input: { name: 'Công an phường Giả Mạo' } }, { token: forged }));
    expect(await unitCount()).toBe(before);
  });

  it('should refuse an unsigned token with alg "none"', async () => {
    const payload = { ...adminClaims(), iss: 'lang-nghe', iat: nowSeconds(), exp: nowSeconds() + 3600 };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
    expectRefused(await server.request(MeDocument, {}, { token: unsigned }));
  });

  it('should refuse an HS512 token even when signed with the right secret, as the algorithm is pinned to HS256', async () => {
    const hs512 = await sign(adminClaims(), { alg: 'HS512' });
    expect(decodeProtectedHeader(hs512).alg).toBe('HS512');
    expectRefused(await server.request(MeDocument, {}, { token: hs512 }));
  });

  it('should refuse an expired token with a message saying it expired', async () => {
    const expired = await sign(adminClaims(), { exp: nowSeconds() - 60 });
    const result = await server.request(MeDocument, {}, { token: expired });
    expectRefused(result);
    expect(result.errors?.[0].message).toMatch(/expire/i);
  });

  it('should refuse a token whose payload was altered after signing', async () => {
    const citizen = await sign({ sub: admin.id, role: 'CITIZEN', name: 'Người dân' });
    const [header, , signature] = citizen.split('.');
    const tampered = `${header}.${base64url({ ...decodeJwt(citizen), role: 'ADMIN', unit: unitId })}.${signature}`;
    expectRefused(await server.request(MeDocument, {}, { token: tampered }));
  });

  it('should refuse a token from another issuer', async () => {
    expectRefused(await server.request(MeDocument, {}, { token: await sign(adminClaims(), { issuer: 'ke-gia-mao' }) }));
  });

  it('should refuse a token that never expires', async () => {
    const endless = await new SignJWT(adminClaims()).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('lang-nghe').setIssuedAt().sign(key(TEST_JWT_SECRET));
    expectRefused(await server.request(MeDocument, {}, { token: endless }));
  });

  it('should refuse a correctly signed token with an unknown role', async () => {
    expectRefused(await server.request(MeDocument, {}, { token: await sign({ sub: admin.id, role: 'SUPERADMIN', unit: unitId }) }));
  });

  it('should refuse a correctly signed token without a subject', async () => {
    expectRefused(await server.request(MeDocument, {}, { token: await sign({ role: 'ADMIN', unit: unitId }) }));
  });

  it('should refuse malformed Authorization headers with HTTP 401 UNAUTHENTICATED', async () => {
    const headers = ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer ', `Token ${admin.token}`, `Bearer ${admin.token} extra`, admin.token, 'Bearer khong.phai.jwt'];
    for (const authorization of headers) {
      const result = await server.request(MeDocument, {}, { headers: { authorization } });
      expect(result.status, authorization).toBe(401);
      expect(errorCode(result), authorization).toBe('UNAUTHENTICATED');
    }
  });

  it('should fail closed on public queries too, rather than fall back to anonymous', async () => {
    const forged = await sign(adminClaims(), { secret: 'ke-gia-mao-bi-mat-khac-0123456789-abcdef' });
    expectRefused(await server.request(UnitsDocument, {}, { token: forged }));
  });

  it('should accept the Bearer scheme in any letter case', async () => {
    const { me } = ok(await server.request(MeDocument, {}, { headers: { authorization: `bearer ${admin.token}` } }));
    expect(me?.id).toBe(admin.id);
  });

  it('should treat a request without Authorization as anonymous', async () => {
    const result = await server.request(MeDocument);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ me: null });
  });
});

describe('TokenService', () => {
  const ttl = { staffSeconds: 8 * 3600, citizenSeconds: 30 * 86400 };
  const tokens = new TokenService(TEST_JWT_SECRET, ttl);
  const staff = { kind: 'staff', id: 'b3f1c2d4-0000-4000-8000-000000000001', role: 'MODERATOR', unitId: 'a1e2f3b4-0000-4000-8000-000000000002' } as const;
  const citizen = { kind: 'citizen', id: 'c4d5e6f7-0000-4000-8000-000000000003', displayName: 'Bà Trịnh Thị Mai' } as const;

  afterEach(() => {
    vi.useRealTimers();
  });

  /** The AppError a rejected promise failed with. */
  async function failure(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }

  it('should verify a staff token back to the same viewer', async () => {
    expect(await tokens.verify(await tokens.issue(staff))).toEqual(staff);
  });

  it('should verify a staff token without a unit back to a viewer without a unit', async () => {
    const admin = { kind: 'staff', id: 'd0000000-0000-4000-8000-000000000004', role: 'ADMIN', unitId: null } as const;
    expect(await tokens.verify(await tokens.issue(admin))).toEqual(admin);
  });

  it('should verify a citizen token back to the same viewer', async () => {
    expect(await tokens.verify(await tokens.issue(citizen))).toEqual(citizen);
  });

  it('should verify a citizen token without a name back to a viewer without a name', async () => {
    const nameless = { kind: 'citizen', id: citizen.id, displayName: null } as const;
    expect(await tokens.verify(await tokens.issue(nameless))).toEqual(nameless);
  });

  it('should sign with HS256 and the lang-nghe issuer', async () => {
    const token = await tokens.issue(staff);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    expect(decodeJwt(token)).toMatchObject({ iss: 'lang-nghe', sub: staff.id, role: 'MODERATOR', unit: staff.unitId });
  });

  it('should give staff and citizen tokens their own lifetimes', async () => {
    const staffClaims = decodeJwt(await tokens.issue(staff));
    const citizenClaims = decodeJwt(await tokens.issue(citizen));
    expect(staffClaims.exp! - staffClaims.iat!).toBe(ttl.staffSeconds);
    expect(citizenClaims.exp! - citizenClaims.iat!).toBe(ttl.citizenSeconds);
  });

  it('should refuse a staff token once its lifetime has passed, saying it expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await tokens.issue(staff);
    vi.setSystemTime(Date.now() + (ttl.staffSeconds + 1) * 1000);
    const error = await failure(tokens.verify(token));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toMatch(/expire/i);
  });

  it('should still accept a citizen token after a staff lifetime has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = await tokens.issue(citizen);
    vi.setSystemTime(Date.now() + (ttl.staffSeconds + 1) * 1000);
    expect(await tokens.verify(token)).toEqual(citizen);
  });

  it('should refuse a token issued with another secret', async () => {
    const other = new TokenService('mot-bi-mat-hoan-toan-khac-0123456789-xyz', ttl);
    const error = await failure(tokens.verify(await other.issue(staff)));
    expect(error.code).toBe('UNAUTHENTICATED');
  });

  it('should refuse garbage with UNAUTHENTICATED', async () => {
    for (const garbage of ['', 'abc', 'a.b.c', `${base64url({ alg: 'none' })}.${base64url({ sub: 'x', role: 'ADMIN' })}.`]) {
      expect((await failure(tokens.verify(garbage))).code, garbage).toBe('UNAUTHENTICATED');
    }
  });

  it('should read no Authorization header as the anonymous viewer', async () => {
    for (const header of [undefined, null, '']) {
      expect(await tokens.viewerFromAuthorization(header)).toEqual({ kind: 'anonymous' });
    }
  });

  it('should read "Bearer <token>" as the token\'s viewer', async () => {
    expect(await tokens.viewerFromAuthorization(`Bearer ${await tokens.issue(staff)}`)).toEqual(staff);
  });

  it('should refuse a header that is not "Bearer <token>"', async () => {
    const token = await tokens.issue(staff);
    for (const header of [`Basic ${token}`, token, 'Bearer', [`Bearer ${token}`], 42]) {
      expect((await failure(tokens.viewerFromAuthorization(header))).code).toBe('UNAUTHENTICATED');
    }
  });
});
