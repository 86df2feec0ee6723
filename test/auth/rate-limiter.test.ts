import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/auth/rate-limiter.js';
import { DEFAULT_RATE_LIMITS } from '../../src/config.js';

// The default limits on citizen tokens, counted in memory: what a hall on one Wi-Fi may do and
// what a script minting throw-away tokens may not (docs/benchmarks.md "Cost of fake upvotes").
describe('RateLimiter joinAsCitizen at the default limits', () => {
  const hallIp = '113.161.20.15';
  const join = (limiter: RateLimiter, ip: string, device: string | null) => limiter.consume('joinAsCitizen', { actor: device, ip });

  it('should refuse an address its 501st citizen token in an hour, however many devices it claims, with a clear RATE_LIMITED', async () => {
    const limiter = new RateLimiter({ limits: DEFAULT_RATE_LIMITS });
    // Spread over minutes as a patient script would (the per-minute limit is 600): the hour still counts them.
    for (let i = 0; i < DEFAULT_RATE_LIMITS.joinPerIpPerHour; i++) await join(limiter, hallIp, `d:thiet-bi-gia-${i}`);
    const refusal = await join(limiter, hallIp, 'd:thiet-bi-gia-moi').catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many citizen sign-ups from this network: try again in \d+ minutes$/) });
    expect((refusal as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBeGreaterThan(60);
    // Another address is not affected.
    await expect(join(limiter, '14.231.7.9', null)).resolves.toBe(0);
    await limiter.close();
  });

  it("should refuse a device its 6th citizen token in an hour, naming the device, while the hall's other phones still join", async () => {
    const limiter = new RateLimiter({ limits: DEFAULT_RATE_LIMITS });
    for (let i = 0; i < DEFAULT_RATE_LIMITS.joinPerDevicePerHour; i++) await join(limiter, hallIp, 'd:dien-thoai-cua-anh-tuan');
    await expect(join(limiter, hallIp, 'd:dien-thoai-cua-anh-tuan')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Too many citizen sign-ups from this device: try again in \d+ minutes$/),
    });
    await expect(join(limiter, hallIp, 'd:dien-thoai-cua-chi-lan')).resolves.toBe(0);
    await limiter.close();
  });

  it('should let a hall of 300 phones behind one Wi-Fi join in one minute, some of them twice, with or without X-Device-Id', async () => {
    const limiter = new RateLimiter({ limits: DEFAULT_RATE_LIMITS });
    for (let i = 0; i < 300; i++) await join(limiter, hallIp, i % 2 ? `d:dien-thoai-${i}` : null);
    for (let i = 0; i < 100; i++) await join(limiter, hallIp, i % 2 ? `d:dien-thoai-${i}` : null);
    await limiter.close();
  });
});

// Sign-in failures at the default limits: a pair (account, address) locks, the account alone only slows down.
describe('RateLimiter login at the default limits', () => {
  const account = 'e:kiem.duyet@congan.test';

  it('should not lock an account guessed at from many addresses, only delay it, never past the maximum', async () => {
    const limiter = new RateLimiter({ limits: DEFAULT_RATE_LIMITS });
    const delays: number[] = [];
    // 40 addresses in the hall, one wrong password each: no pair and no address reaches its limit.
    for (let i = 0; i < 40; i++) delays.push(await limiter.consume('login', { actor: account, ip: `10.20.0.${i}` }));
    expect(delays.slice(0, DEFAULT_RATE_LIMITS.loginFailuresPerEmail).every((delay) => delay === 0)).toBe(true);
    expect(delays[DEFAULT_RATE_LIMITS.loginFailuresPerEmail]).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBe(DEFAULT_RATE_LIMITS.loginMaxDelayMs);
    expect(DEFAULT_RATE_LIMITS.loginMaxDelayMs).toBeLessThanOrEqual(3000);
    // The moderator, from an address with no failures: slowed down, not refused.
    await expect(limiter.consume('login', { actor: account, ip: '10.20.1.1' })).resolves.toBe(DEFAULT_RATE_LIMITS.loginMaxDelayMs);
    await limiter.close();
  });

  it('should lock one address guessing one account, and not its neighbours', async () => {
    const limiter = new RateLimiter({ limits: DEFAULT_RATE_LIMITS });
    for (let i = 0; i < DEFAULT_RATE_LIMITS.loginFailuresPerEmail; i++) await limiter.consume('login', { actor: account, ip: '10.30.0.1' });
    await expect(limiter.consume('login', { actor: account, ip: '10.30.0.1' })).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(limiter.consume('login', { actor: account, ip: '10.30.0.2' })).resolves.toBeGreaterThanOrEqual(0);
    await limiter.close();
  });
});
