import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useForum } from '../helpers/forum.js';
import { ConfigError, DEFAULT_RATE_LIMITS, loadConfig } from '../../src/config.js';
import { PASSWORD } from '../helpers/fixtures.js';
import { moderateTo, openSession, postOpinion } from '../helpers/opinion-fixtures.js';
import { errorCode, ok, type GraphQLResult } from '../helpers/server.js';
import { JoinAsCitizenDocument, LoginDocument, SubmitOpinionDocument, UpvoteOpinionDocument } from '../generated/graphql.js';

// Low limits, so each test reaches them in a few requests.
const LIMITS = {
  RATE_LIMIT_SUBMIT_OPINION_PER_POSTER: '3',
  RATE_LIMIT_SUBMIT_OPINION_PER_IP: '8',
  RATE_LIMIT_SUBMIT_OPINION_ANONYMOUS_PER_IP: '6',
  RATE_LIMIT_UPVOTE_PER_CITIZEN: '3',
  RATE_LIMIT_UPVOTE_PER_IP: '100',
  RATE_LIMIT_JOIN_PER_IP: '5',
  RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '3',
  RATE_LIMIT_LOGIN_FAILURES_PER_IP: '6',
  RATE_LIMIT_LOGIN_MAX_DELAY_MS: '500',
};
// The test client plays a proxy on loopback, so each test can claim an address of its own.
const BEHIND_PROXY = { ...LIMITS, TRUST_PROXY: 'loopback' };

let addresses = 0;
/** A client address of its own (the servers with BEHIND_PROXY believe X-Forwarded-For from loopback). */
const newAddress = () => `203.0.113.${++addresses}`;

/** The refusal must be RATE_LIMITED, say when to retry, and carry nothing else. */
function expectRateLimited(result: GraphQLResult<unknown>, windowSeconds: number) {
  expect(result.data ?? null).toBeNull();
  expect(errorCode(result)).toBe('RATE_LIMITED');
  const [error] = result.errors!;
  const retryAfterSeconds = error.extensions?.retryAfterSeconds as number;
  expect(Number.isInteger(retryAfterSeconds)).toBe(true);
  expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(retryAfterSeconds).toBeLessThanOrEqual(windowSeconds);
  expect(error.message).toMatch(/: try again in \d+ (seconds?|minutes)$/);
  return error;
}

describe('rate limits by address, with no proxy configured', () => {
  // The default: phones on the hall's LAN reach the server directly and write what they like in X-Forwarded-For.
  // Two of each per address: a sign-in attempt costs a password hash, the slowest request there is.
  const { server } = useForum({ env: { ...LIMITS, RATE_LIMIT_LOGIN_FAILURES_PER_IP: '2', RATE_LIMIT_JOIN_PER_IP: '2' } });
  let claimed = 0;
  const claiming = () => ({ headers: { 'x-forwarded-for': `198.51.100.${++claimed}` } });

  it('should not let a rotating X-Forwarded-For lift the limit on failed sign-ins from one address', async () => {
    for (let i = 0; i < 2; i++) {
      expect(errorCode(await server.request(LoginDocument, { email: `doan.${i}@cand.test`, password: 'mat-khau-doan-sai' }, claiming()))).toBe('UNAUTHENTICATED');
    }
    expectRateLimited(await server.request(LoginDocument, { email: 'doan.2@cand.test', password: 'mat-khau-doan-sai' }, claiming()), 15 * 60);
  });

  it('should not let a rotating X-Forwarded-For lift the limit on citizen sign-ups from one address', async () => {
    for (let i = 0; i < 2; i++) ok(await server.request(JoinAsCitizenDocument, { displayName: `Người dân ${i}` }, claiming()));
    expectRateLimited(await server.request(JoinAsCitizenDocument, { displayName: 'Kẻ đổi địa chỉ' }, claiming()), 60);
  });
});

describe('rate limits', () => {
  const { server, forum } = useForum({ env: BEHIND_PROXY });

  const prisma = () => server.app.database.prisma;
  const from = (ip: string, extra: { token?: string; device?: string } = {}) => ({
    token: extra.token,
    headers: { 'x-forwarded-for': ip, ...(extra.device ? { 'x-device-id': extra.device } : {}) },
  });
  const submit = (sessionId: string, options: ReturnType<typeof from>, body = 'Đề nghị tăng cường tuần tra khu vực chợ Hàng Da buổi tối.') =>
    server.request(SubmitOpinionDocument, { input: { sessionId, body } }, options);
  const opinionsIn = (sessionId: string) => prisma().opinion.count({ where: { sessionId } });

  describe('submitOpinion', () => {
    it('should refuse a citizen’s 4th opinion in a minute with RATE_LIMITED and store nothing', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const citizen = await forum.citizen('Nguyễn Thị Lan');
      const ip = newAddress();
      for (let i = 1; i <= 3; i++) ok(await submit(sessionId, from(ip, { token: citizen.token }), `Ý kiến thứ ${i} về an toàn giao thông`));
      const refusal = expectRateLimited(await submit(sessionId, from(ip, { token: citizen.token })), 60);
      expect(refusal.message).toMatch(/^Too many opinions sent: try again in/);
      expect(await opinionsIn(sessionId)).toBe(3);
      const metrics = await server.app.metrics.registry.metrics();
      expect(metrics).toMatch(/^langnghe_rate_limited_total\{operation="submitOpinion"\} [1-9]/m);
    });

    it('should still take opinions from another citizen on the same Wi-Fi', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const ip = newAddress();
      const first = await forum.citizen('Trần Văn Bình');
      const second = await forum.citizen('Lê Thị Mai');
      for (let i = 0; i < 3; i++) ok(await submit(sessionId, from(ip, { token: first.token })));
      expect(errorCode(await submit(sessionId, from(ip, { token: first.token })))).toBe('RATE_LIMITED');
      ok(await submit(sessionId, from(ip, { token: second.token })));
      expect(await opinionsIn(sessionId)).toBe(4);
    });

    it('should count anonymous posters by X-Device-Id', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const ip = newAddress();
      for (let i = 0; i < 3; i++) ok(await submit(sessionId, from(ip, { device: 'may-tinh-bang-quay-1' })));
      expect(errorCode(await submit(sessionId, from(ip, { device: 'may-tinh-bang-quay-1' })))).toBe('RATE_LIMITED');
      ok(await submit(sessionId, from(ip, { device: 'may-tinh-bang-quay-2' })));
      expect(await opinionsIn(sessionId)).toBe(4);
    });

    it('should count anonymous posters without X-Device-Id against their address only', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const ip = newAddress();
      // More than the per-poster limit: behind one Wi-Fi these are different people.
      for (let i = 0; i < 6; i++) ok(await submit(sessionId, from(ip)));
      expect(await opinionsIn(sessionId)).toBe(6);
    });

    it('should cap anonymous posters at one address below the shared limit, however many devices they claim', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const ip = newAddress();
      for (let i = 0; i < 6; i++) ok(await submit(sessionId, from(ip, { device: `thiet-bi-gia-${i}-${crypto.randomUUID()}` })));
      expectRateLimited(await submit(sessionId, from(ip, { device: `thiet-bi-gia-moi-${crypto.randomUUID()}` })), 60);
      expect(await opinionsIn(sessionId)).toBe(6);
      // Citizens behind the same address still post, up to the address's shared limit (8, refusals included).
      const citizen = await forum.citizen('Ngô Thị Lan');
      ok(await submit(sessionId, from(ip, { token: citizen.token })));
      ok(await submit(sessionId, from(newAddress(), { device: 'dien-thoai-o-nha-0001' })));
      expect(await opinionsIn(sessionId)).toBe(8);
    });

    it('should cap one address however many citizens post from it', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const ip = newAddress();
      const citizens = await Promise.all(Array.from({ length: 3 }, (_, i) => forum.citizen(`Người dân hội trường ${i}`)));
      for (let i = 0; i < 8; i++) ok(await submit(sessionId, from(ip, { token: citizens[i % 3].token })));
      expectRateLimited(await submit(sessionId, from(ip, { token: citizens[0].token })), 60);
      expect(await opinionsIn(sessionId)).toBe(8);
    });
  });

  describe('upvoteOpinion', () => {
    it('should refuse a citizen’s 4th upvote in a minute and leave the opinion’s count unchanged', async () => {
      const citizen = await forum.citizen('Phạm Văn Hùng');
      const ip = newAddress();
      const opinions = [];
      for (let i = 0; i < 4; i++) {
        const posted = await postOpinion(server.app, { sessionId: forum.sessionId, body: `Góp ý số ${i} về trật tự đô thị`, idempotencyKey: crypto.randomUUID() });
        opinions.push(await moderateTo(server.app, forum, posted, 'APPROVED'));
      }
      for (const opinion of opinions.slice(0, 3)) {
        expect(ok(await server.request(UpvoteOpinionDocument, { id: opinion.id }, from(ip, { token: citizen.token }))).upvoteOpinion.upvotes).toBe(1);
      }
      const refusal = expectRateLimited(await server.request(UpvoteOpinionDocument, { id: opinions[3].id }, from(ip, { token: citizen.token })), 60);
      expect(refusal.message).toMatch(/^Too many upvotes/);
      const stored = await prisma().opinion.findUniqueOrThrow({ where: { id: opinions[3].id } });
      expect(stored.upvotes).toBe(0);
      expect(await prisma().upvote.count({ where: { opinionId: opinions[3].id } })).toBe(0);
      // Another citizen at the same address is not affected.
      const other = await forum.citizen('Đặng Thị Thu');
      expect(ok(await server.request(UpvoteOpinionDocument, { id: opinions[3].id }, from(ip, { token: other.token }))).upvoteOpinion.upvotes).toBe(1);
    });
  });

  describe('joinAsCitizen', () => {
    it('should refuse a flood of citizen tokens from one address and create no citizen', async () => {
      const ip = newAddress();
      for (let i = 0; i < 5; i++) ok(await server.request(JoinAsCitizenDocument, { displayName: `Người dân ${i}` }, from(ip)));
      const before = await prisma().citizen.count();
      const refusal = expectRateLimited(await server.request(JoinAsCitizenDocument, { displayName: 'Kẻ spam' }, from(ip)), 60);
      expect(refusal.message).toMatch(/^Too many citizen sign-ups from this network/);
      expect(await prisma().citizen.count()).toBe(before);
      expect(await prisma().citizen.count({ where: { displayName: 'Kẻ spam' } })).toBe(0);
      ok(await server.request(JoinAsCitizenDocument, { displayName: 'Người dân ở nhà' }, from(newAddress())));
    });
  });

  describe('login', () => {
    const login = (email: string, password: string, ip: string) => server.request(LoginDocument, { email, password }, from(ip));

    it('should lock an account at an address after 3 wrong passwords from there, even against the right one', async () => {
      const ip = newAddress();
      for (let i = 0; i < 3; i++) {
        const result = await login(forum.officer.email, 'mat-khau-doan-sai', ip);
        expect(errorCode(result)).toBe('UNAUTHENTICATED');
      }
      const refusal = expectRateLimited(await login(forum.officer.email, PASSWORD, ip), 15 * 60);
      expect(refusal.message).toMatch(/^Too many failed sign-ins: try again in 15 minutes$/);
      expect(errorCode(await login(forum.officer.email.toUpperCase(), PASSWORD, ip))).toBe('RATE_LIMITED');
    });

    it('should not let wrong passwords from other addresses lock a moderator out: the right one from a fresh address still signs in', async () => {
      const email = forum.otherModerator.email;
      // Someone in the hall guesses from one address until that pair is locked, then from three others.
      const attacker = newAddress();
      for (let i = 0; i < 3; i++) expect(errorCode(await login(email, 'mat-khau-doan-sai', attacker))).toBe('UNAUTHENTICATED');
      for (let i = 0; i < 3; i++) expect(errorCode(await login(email, 'mat-khau-doan-sai', newAddress()))).toBe('UNAUTHENTICATED');
      expect(ok(await login(email, PASSWORD, newAddress())).login.token).toBeTruthy();
      expectRateLimited(await login(email, PASSWORD, attacker), 15 * 60);
    });

    it('should lock an unknown e-mail address exactly like a real account', async () => {
      const real = forum.otherOfficer.email;
      const unknown = `khong.ton.tai.${Date.now()}@cand.test`;
      const refusals: ReturnType<typeof expectRateLimited>[] = [];
      for (const email of [real, unknown]) {
        const ip = newAddress();
        for (let i = 0; i < 3; i++) expect(errorCode(await login(email, 'mat-khau-doan-sai', ip))).toBe('UNAUTHENTICATED');
        refusals.push(expectRateLimited(await login(email, 'mat-khau-doan-sai', ip), 15 * 60));
      }
      const shape = (error: (typeof refusals)[number]) => ({ message: error.message, keys: Object.keys(error.extensions ?? {}).sort(), path: error.path });
      expect(shape(refusals[0])).toEqual(shape(refusals[1]));
    });

    it('should lock an address that guesses many accounts', async () => {
      const ip = newAddress();
      for (let i = 0; i < 6; i++) expect(errorCode(await login(`doan.${i}.${Date.now()}@cand.test`, 'mat-khau-doan-sai', ip))).toBe('UNAUTHENTICATED');
      expectRateLimited(await login(forum.admin.email, PASSWORD, ip), 15 * 60);
      expect(ok(await login(forum.admin.email, PASSWORD, newAddress())).login.token).toBeTruthy();
    });

    it('should not count successful sign-ins, and clear earlier failures', async () => {
      const ip = newAddress();
      for (let i = 0; i < 2; i++) expect(errorCode(await login(forum.moderator.email, 'mat-khau-doan-sai', ip))).toBe('UNAUTHENTICATED');
      for (let i = 0; i < 5; i++) expect(ok(await login(forum.moderator.email, PASSWORD, ip)).login.token).toBeTruthy();
      for (let i = 0; i < 3; i++) expect(errorCode(await login(forum.moderator.email, 'mat-khau-doan-sai', ip))).toBe('UNAUTHENTICATED');
      expect(errorCode(await login(forum.moderator.email, PASSWORD, ip))).toBe('RATE_LIMITED');
    });
  });

  describe('joinAsCitizen per hour', () => {
    // Hourly limits below the per-minute one, so a test reaches them at once.
    const hourly = useForum({ env: { ...BEHIND_PROXY, RATE_LIMIT_JOIN_PER_IP: '600', RATE_LIMIT_JOIN_PER_IP_PER_HOUR: '6', RATE_LIMIT_JOIN_PER_DEVICE_PER_HOUR: '2' } });
    const join = (options: ReturnType<typeof from>, displayName = 'Người dân') => hourly.server.request(JoinAsCitizenDocument, { displayName }, options);

    it('should refuse throw-away citizen tokens from one address beyond the hourly limit, whatever device ids they claim, and create no citizen', async () => {
      const ip = newAddress();
      for (let i = 0; i < 6; i++) ok(await join(from(ip, { device: `thiet-bi-gia-${i}-${crypto.randomUUID()}` })));
      const before = await hourly.server.app.database.prisma.citizen.count();
      const refusal = expectRateLimited(await join(from(ip, { device: `thiet-bi-gia-moi-${crypto.randomUUID()}` }), 'Phiếu bầu giả'), 3600);
      expect(refusal.message).toMatch(/^Too many citizen sign-ups from this network: try again in \d+ minutes$/);
      expect(await hourly.server.app.database.prisma.citizen.count()).toBe(before);
      ok(await join(from(newAddress())));
    });

    it('should refuse a device its 3rd citizen token in an hour, naming the device, and still let its neighbours join', async () => {
      const ip = newAddress();
      for (let i = 0; i < 2; i++) ok(await join(from(ip, { device: 'dien-thoai-cua-anh-tuan' })));
      const refusal = expectRateLimited(await join(from(ip, { device: 'dien-thoai-cua-anh-tuan' })), 3600);
      expect(refusal.message).toMatch(/^Too many citizen sign-ups from this device: try again in \d+ minutes$/);
      ok(await join(from(ip, { device: 'dien-thoai-cua-chi-lan' })));
    });
  });

  describe('configuration', () => {
    it('should default to the documented limits and take overrides from the environment', () => {
      expect(loadConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
      expect(loadConfig({ RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '10' }).rateLimits.loginFailuresPerEmail).toBe(10);
      expect(() => loadConfig({ RATE_LIMIT_SUBMIT_OPINION_PER_IP: '0' })).toThrow(ConfigError);
    });

    it('should trust no proxy unless TRUST_PROXY names one', () => {
      expect(loadConfig({}).trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
    });

    it('should refuse a TRUST_PROXY hop count, which Fastify 5 treats as trusting no proxy', () => {
      expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY/);
      expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.2']);
      expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    });
  });
});
