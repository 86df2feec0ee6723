import { beforeAll, describe, expect, it } from 'vitest';
import { ok, errorCode } from '../../helpers/server.js';
import { useForum } from '../../helpers/forum.js';
import { createStaff, createSystemAdmin, createUnit, type StaffFixture } from '../../helpers/fixtures.js';
import { moderateTo, openSession, postOpinion, type SessionFixture } from '../../helpers/opinion-fixtures.js';
import { AuditLogDocument, RecordFingerprintDocument, type AuditLogQuery } from '../../generated/graphql.js';
import { entryHash, GENESIS_HASH, sessionFingerprint } from '../../../src/record/chain.js';

describe('the record', () => {
  const { server, forum } = useForum();
  let session: SessionFixture;

  beforeAll(async () => {
    session = await openSession(server.app, forum);
  });

  const prisma = () => server.app.database.prisma;
  const fingerprint = async (id: string) => ok(await server.request(RecordFingerprintDocument, { id })).session!.recordFingerprint;
  const auditLog = (token: string | undefined, variables: { first?: number; after?: string | null } = {}) =>
    server.request(AuditLogDocument, { unitId: forum.districtId, ...variables }, { token });

  async function complaint(body = 'Xe tải chở vật liệu rơi vãi trên đường Trần Khát Chân.') {
    return postOpinion(server.app, { sessionId: session.sessionId, body, kind: 'COMPLAINT' });
  }

  describe('auditLog', () => {
    it("should not show a unit's log to citizens, the public or another unit's staff", async () => {
      const citizen = await forum.citizen('Hoàng Văn Nam');
      expect(errorCode(await auditLog(undefined))).toBe('UNAUTHENTICATED');
      expect(errorCode(await auditLog(citizen.token))).toBe('FORBIDDEN');
      expect(errorCode(await auditLog(forum.otherModerator.token))).toBe('FORBIDDEN');
      expect(errorCode(await auditLog(forum.otherOfficer.token))).toBe('FORBIDDEN');
    });

    it("should list the unit's staff actions in order, with actor, reason and hash", async () => {
      const opinion = await moderateTo(server.app, forum, await complaint(), 'REJECTED');
      const { auditLog: log } = ok(await auditLog(forum.officer.token, { first: 100 }));
      const actions = log.edges.map((e) => e.node.action);
      expect(actions.slice(0, 2)).toEqual(['UNIT_CREATED', 'STAFF_CREATED']);
      expect(actions).toContain('SESSION_CREATED');
      expect(actions).toContain('SESSION_STATUS_CHANGED');
      const rejected = log.edges.map((e) => e.node).find((n) => n.subjectId === opinion.id)!;
      expect(rejected).toMatchObject({
        action: 'OPINION_REJECTED',
        actor: { id: forum.moderator.id, role: 'MODERATOR' },
        reason: 'Nội dung không liên quan đến an ninh trật tự',
        reasonCode: 'OFF_TOPIC',
        sessionId: session.sessionId,
        chain: `session:${session.sessionId}`,
      });
      expect(rejected.hash).toMatch(/^[0-9a-f]{64}$/);
      // Actions without an actor are the system's: the units made by the fixtures.
      expect(log.edges[0].node.actor).toBeNull();
    });

    it('should page with an opaque cursor, without gaps or repeats', async () => {
      const { auditLog: all } = ok(await auditLog(forum.admin.token, { first: 100 }));
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: AuditLogQuery['auditLog'] = ok(await auditLog(forum.moderator.token, { first: 3, after })).auditLog;
        seen.push(...page.edges.map((e) => `${e.node.chain}#${e.node.seq}`));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(all.edges.map((e) => `${e.node.chain}#${e.node.seq}`));
      expect(all.totalCount).toBe(seen.length);
      expect(errorCode(await auditLog(forum.moderator.token, { after: 'không-phải-con-trỏ' }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('auditLog across the unit tree', () => {
    // Tỉnh → quận → two phường: each unit's log holds at least its creation and its staff.
    let units: { province: string; district: string; commune: string; sibling: string };
    let communeAdmin: StaffFixture;
    let communeOfficer: StaffFixture;
    let districtAdmin: StaffFixture;
    let systemAdmin: StaffFixture;

    beforeAll(async () => {
      const province = await createUnit(server.app, 'Công an tỉnh Bắc Ninh');
      const district = await createUnit(server.app, 'Công an thành phố Từ Sơn', province);
      const [commune, sibling] = await Promise.all([
        createUnit(server.app, 'Công an phường Đông Ngàn', district),
        createUnit(server.app, 'Công an phường Tân Hồng', district),
      ]);
      units = { province, district, commune, sibling };
      [communeAdmin, communeOfficer, districtAdmin, systemAdmin] = await Promise.all([
        createStaff(server.app, 'ADMIN', commune, 'Quản trị phường Đông Ngàn'),
        createStaff(server.app, 'OFFICER', commune, 'Trung úy Nguyễn Văn Bình'),
        createStaff(server.app, 'ADMIN', district, 'Quản trị Công an Từ Sơn'),
        createSystemAdmin(server.app),
      ]);
      await createStaff(server.app, 'MODERATOR', sibling, 'Thiếu úy Ngô Thị Lan');
    });

    const logOf = (unitId: string, staff: StaffFixture) => server.request(AuditLogDocument, { unitId, first: 100 }, { token: staff.token });

    it("should not show a commune admin the log of the province, the district or a sibling commune", async () => {
      for (const unit of ['province', 'district', 'sibling'] as const) {
        const result = await logOf(units[unit], communeAdmin);
        expect(errorCode(result), unit).toBe('FORBIDDEN');
        expect(result.data ?? null, unit).toBeNull();
      }
      // Nor the district admin the province's: above, never sideways or upwards.
      expect(errorCode(await logOf(units.province, districtAdmin))).toBe('FORBIDDEN');
    });

    it("should show a unit's log to its own staff, an admin of a unit above it and the system admin", async () => {
      const own = ok(await logOf(units.commune, communeOfficer)).auditLog;
      expect(own.totalCount).toBeGreaterThan(0);
      expect(new Set(own.edges.map((e) => e.node.chain))).toEqual(new Set([`unit:${units.commune}`]));
      for (const reader of [communeAdmin, districtAdmin, systemAdmin]) {
        expect(ok(await logOf(units.commune, reader)).auditLog.edges.map((e) => e.node.hash)).toEqual(own.edges.map((e) => e.node.hash));
      }
      expect(ok(await logOf(units.province, systemAdmin)).auditLog.totalCount).toBeGreaterThan(0);
    });
  });

  describe('hash chains', () => {
    it('should chain each entry to the one before it, each with its own salt', async () => {
      await moderateTo(server.app, forum, await complaint(), 'HIDDEN');
      const entries = await prisma().auditEntry.findMany({ where: { chain: `session:${session.sessionId}` }, orderBy: { seq: 'asc' } });
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      let prev = GENESIS_HASH;
      for (const entry of entries) {
        expect(entry.prevHash).toBe(prev);
        expect(entryHash(entry, prev)).toBe(entry.hash);
        prev = entry.hash!;
      }
      expect(new Set(entries.map((e) => e.salt)).size).toBe(entries.length);
    });

    it('should make the fingerprint cover the head of the session chain, public, changing with every action', async () => {
      const before = await fingerprint(session.sessionId);
      await moderateTo(server.app, forum, await complaint(), 'APPROVED');
      const after = await fingerprint(session.sessionId);
      expect(after).not.toBe(before);
      const last = await prisma().auditEntry.findFirstOrThrow({ where: { chain: `session:${session.sessionId}` }, orderBy: { seq: 'desc' } });
      const journal = await prisma().sessionEvent.findFirstOrThrow({ where: { sessionId: session.sessionId }, orderBy: { position: 'desc' } });
      expect(after).toBe(sessionFingerprint({ recordHead: last.hash!, journalHead: journal.hash! }));
    });

    it('should not fork a chain under concurrent writers', async () => {
      const opinions = await Promise.all(Array.from({ length: 12 }, (_, i) => complaint(`Góp ý số ${i + 1} về trật tự đô thị phố Huế.`)));
      await Promise.all(opinions.map((o) => server.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: o.id, action: 'APPROVE' })));
      expect((await server.app.services.record.verify()).problems).toEqual([]);
      const entries = await prisma().auditEntry.findMany({ where: { chain: `session:${session.sessionId}` }, orderBy: { seq: 'asc' } });
      expect(new Set(entries.map((e) => e.prevHash)).size).toBe(entries.length);
    });
  });
});
