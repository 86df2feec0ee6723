import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { PASSWORD, seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { eventually } from '../helpers/live.js';
import { openSession } from '../helpers/opinion-fixtures.js';
import { startRedis, type RedisProcess } from '../helpers/process.js';
import { errorCode, ok, startTestServer, type TestServer } from '../helpers/server.js';
import { LoginDocument, SubmitOpinionDocument } from '../generated/graphql.js';

describe('rate limits across instances', () => {
  let redis: RedisProcess;
  let first: TestServer;
  let second: TestServer;
  let forum: ForumFixture;

  beforeAll(async () => {
    redis = await startRedis();
    const env = {
      REDIS_URL: redis.url,
      // The login test names its client's address in X-Forwarded-For.
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_SUBMIT_OPINION_PER_POSTER: '3',
      RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '3',
    };
    first = await startTestServer(env);
    second = await startTestServer(env, { shareDatabaseOf: first });
    forum = await seedForum(first.app);
    await eventually(() => first.app.services.rateLimits.shared && second.app.services.rateLimits.shared);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await redis?.stop();
  });

  it('should share a citizen’s opinion count between instances through Redis', async () => {
    const { sessionId } = await openSession(first.app, forum);
    const citizen = await forum.citizen('Hoàng Văn Nam');
    const submit = (server: TestServer) =>
      server.request(SubmitOpinionDocument, { input: { sessionId, body: 'Đề nghị lắp đèn chiếu sáng ngõ 36 phố Hàng Bông.' } }, { token: citizen.token });
    ok(await submit(first));
    ok(await submit(second));
    ok(await submit(first));
    const refused = await submit(second);
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0].extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await first.app.database.prisma.opinion.count({ where: { sessionId } })).toBe(3);
  });

  it('should lock an account at one address on every instance after failures spread over them', async () => {
    const login = (server: TestServer, password: string) =>
      server.request(LoginDocument, { email: forum.officer.email, password }, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect(errorCode(await login(first, 'mat-khau-sai-1'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await login(second, 'mat-khau-sai-2'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await login(first, 'mat-khau-sai-3'))).toBe('UNAUTHENTICATED');
    expect(errorCode(await login(second, PASSWORD))).toBe('RATE_LIMITED');
  });

  it('should keep the counters in Redis under digests, not e-mail addresses', async () => {
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('ln:rl:*');
      expect(keys.some((key) => key.startsWith('ln:rl:login:actor:'))).toBe(true);
      expect(keys.some((key) => key.startsWith('ln:rl:submitOpinion:actor:'))).toBe(true);
      expect(keys.join(' ')).not.toContain('@');
    } finally {
      client.disconnect();
    }
  });

  it('should keep taking opinions, still limited, while Redis is down', async () => {
    const { sessionId } = await openSession(first.app, forum);
    const citizen = await forum.citizen('Bùi Thị Ngọc');
    await redis.stop();
    try {
      await eventually(() => !first.app.services.rateLimits.shared);
      const submit = () =>
        first.request(SubmitOpinionDocument, { input: { sessionId, body: 'Góp ý khi mạng nội bộ gặp sự cố.' } }, { token: citizen.token });
      const started = Date.now();
      for (let i = 0; i < 3; i++) ok(await submit());
      expect(errorCode(await submit())).toBe('RATE_LIMITED');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await first.app.database.prisma.opinion.count({ where: { sessionId } })).toBe(3);
    } finally {
      await redis.start();
    }
    await eventually(() => first.app.services.rateLimits.shared, 15_000);
  });
});
