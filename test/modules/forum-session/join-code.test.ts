import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, readMigrations } from '../../../src/db/migrate.js';
import { JOIN_CODE_ALPHABET, newJoinCode, normalizeJoinCode } from '../../../src/modules/forum-session/join-code.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.js';
import { seedForum, type ForumFixture } from '../../helpers/fixtures.js';
import { errorCode, ok, startTestServer, type GraphQLResult, type TestServer } from '../../helpers/server.js';
import { CreateSessionDocument, SessionByCodeDocument } from '../../generated/graphql.js';

const CODE = new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`);

describe('join codes', () => {
  it('should never use characters that read alike (0/O, 1/I/L)', () => {
    expect(JOIN_CODE_ALPHABET).not.toMatch(/[0O1IL]/);
    for (let i = 0; i < 500; i++) expect(newJoinCode()).toMatch(CODE);
  });

  it('should read a typed code in any case, with spaces or dashes, and refuse what cannot be a code', () => {
    expect(normalizeJoinCode('  hk3-7pq ')).toBe('HK37PQ');
    expect(normalizeJoinCode('Hk37pQ')).toBe('HK37PQ');
    expect(normalizeJoinCode('HK37P0')).toBeNull(); // a zero is not in the alphabet
    expect(normalizeJoinCode('HK37P')).toBeNull();
    expect(normalizeJoinCode("' OR 1=1 --")).toBeNull();
  });

  it('should read full-width letters and digits, and ignore zero-width and other invisible characters', () => {
    expect(normalizeJoinCode('ＨＫ３７ｐｑ')).toBe('HK37PQ');
    expect(normalizeJoinCode('HK\u200B37\u200CPQ\u200D')).toBe('HK37PQ');
    expect(normalizeJoinCode('\uFEFFHK3\u00AD7PQ\u2060')).toBe('HK37PQ');
    expect(normalizeJoinCode('\u3000HK3\u20107PQ\u00A0')).toBe('HK37PQ');
    expect(normalizeJoinCode('ＨＫ３７Ｐ０')).toBeNull(); // a full-width zero is still no letter of the alphabet
  });
});

describe('sessionByCode', () => {
  let server: TestServer;
  let forum: ForumFixture;
  let joinCode: string;

  // Aliases allowed well past the lookup limit, so one document can try to go beyond it.
  const LOOKUPS_PER_MINUTE = 20;
  beforeAll(async () => {
    server = await startTestServer({ TRUST_PROXY: 'loopback', QUERY_MAX_ALIASES: '200', RATE_LIMIT_SESSION_BY_CODE_PER_IP: String(LOOKUPS_PER_MINUTE) });
    forum = await seedForum(server.app);
    joinCode = (await server.app.database.prisma.forumSession.findUniqueOrThrow({ where: { id: forum.sessionId } })).joinCode;
  });
  afterAll(() => server?.close());

  it('should not answer more join-code guesses than the limit, however many aliases one document packs', async () => {
    const guesses = 100;
    const fields = Array.from({ length: guesses }, (_, i) => `g${i}: sessionByCode(code: "${joinCode}") { id }`).join(' ');
    const from = { headers: { 'x-forwarded-for': '198.51.100.200' } };
    const result = (await server.post({ query: `query Guesses { ${fields} }` }, from)) as GraphQLResult<Record<string, { id: string } | null>>;
    const answered = Object.values(result.data ?? {}).filter((session) => session?.id === forum.sessionId);
    expect(answered).toHaveLength(LOOKUPS_PER_MINUTE);
    expect(result.errors).toHaveLength(guesses - LOOKUPS_PER_MINUTE);
    for (const error of result.errors!) {
      expect(error.extensions?.code).toBe('RATE_LIMITED');
      expect(result.data?.[error.path![0] as string]).toBeNull();
    }
    // The next request from that address is refused outright.
    expect(errorCode(await server.request(SessionByCodeDocument, { code: joinCode }, from))).toBe('RATE_LIMITED');
  });

  it('should answer null for a code no session has, and for text that is no code', async () => {
    const unknown = joinCode === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    expect(ok(await server.request(SessionByCodeDocument, { code: unknown })).sessionByCode).toBeNull();
    expect(ok(await server.request(SessionByCodeDocument, { code: '%' })).sessionByCode).toBeNull();
  });

  it('should find the session by its code whatever the case and surrounding spaces, without a token', async () => {
    for (const typed of [joinCode, joinCode.toLowerCase(), `  ${joinCode.slice(0, 3).toLowerCase()}${joinCode.slice(3)}\n`]) {
      const { sessionByCode } = ok(await server.request(SessionByCodeDocument, { code: typed }));
      expect(sessionByCode).toMatchObject({ id: forum.sessionId, joinCode, title: 'Công an lắng nghe ý kiến nhân dân phường Hàng Trống' });
    }
  });

  it('should find the session by its code typed with full-width characters, zero-width characters, a soft hyphen or surrounding spaces', async () => {
    const fullWidth = [...joinCode].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');
    const typed = [
      fullWidth,
      fullWidth.toLowerCase(),
      `${joinCode.slice(0, 2)}\u200B${joinCode.slice(2, 4)}\u200D${joinCode.slice(4)}\u200C`,
      `${joinCode.slice(0, 3)}\u00AD${joinCode.slice(3)}`,
      `\u3000 ${joinCode.toLowerCase()}\u00A0\t`,
    ];
    for (const code of typed) expect(ok(await server.request(SessionByCodeDocument, { code })).sessionByCode?.id).toBe(forum.sessionId);
  });

  it('should give every new session its own code from the alphabet', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { createSession } = ok(
        await server.request(
          CreateSessionDocument,
          { input: { unitId: forum.districtId, title: `Đối thoại khu phố số ${i + 1}`, startsAt: '2026-12-20T01:00:00.000Z' } },
          { token: forum.moderator.token },
        ),
      );
      const stored = await server.app.database.prisma.forumSession.findUniqueOrThrow({ where: { id: createSession.id } });
      expect(stored.joinCode).toMatch(CODE);
      codes.add(stored.joinCode);
    }
    expect(codes.size).toBe(5);
  });
});

describe('the forum operations migration', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('should give sessions that existed before it distinct codes from the alphabet', async () => {
    const all = readMigrations();
    const at = all.findIndex((m) => m.name === '20261130030000_forum_operations');
    await applyMigrations(db.database, all.slice(0, at));
    const prisma = db.database.prisma;
    await prisma.$executeRawUnsafe(`INSERT INTO unit (id, name) VALUES ('u1', 'Công an xã Phù Chẩn')`);
    for (let i = 0; i < 40; i++) {
      await prisma.$executeRawUnsafe(
        `INSERT INTO forum_session (id, unit_id, title, starts_at, updated_at) VALUES ('s${i}', 'u1', 'Phiên ${i}', now(), now())`,
      );
    }
    await applyMigrations(db.database, all);
    const rows = await prisma.$queryRawUnsafe<{ join_code: string }[]>('SELECT join_code FROM forum_session');
    expect(rows).toHaveLength(40);
    for (const row of rows) expect(row.join_code).toMatch(CODE);
    expect(new Set(rows.map((r) => r.join_code)).size).toBe(40);
    // Raw inserts (scripts, other tools) get a code from the column default.
    await prisma.$executeRawUnsafe(`INSERT INTO forum_session (id, unit_id, title, starts_at, updated_at) VALUES ('raw', 'u1', 'Phiên thêm', now(), now())`);
    const [raw] = await prisma.$queryRawUnsafe<{ join_code: string }[]>(`SELECT join_code FROM forum_session WHERE id = 'raw'`);
    expect(raw.join_code).toMatch(CODE);
  });
});
