import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/viewer.js';
import {
  canReadAuditLog,
  canSeeModerationReason,
  canSeeOpinion,
  canSeeStaffFields,
  canSeeTipFollowUp,
  countsInPublicStats,
  countsInPublicStatsSql,
  countsInReport,
  countsInReportSql,
  countsInStats,
  countsInStatsSql,
  countsInTipFigures,
  countsInTipFiguresSql,
  isOwnOpinion,
  isPublicOpinion,
  listedOpinionWhere,
  ownOpinionWhere,
  publicOpinionSql,
  publicOpinionWhere,
  seesTipTotals,
  staffUnitsOf,
  viewScope,
} from '../../src/auth/visibility.js';
import * as shared from '../../src/shared/visibility.js';
import { OpinionKind, OpinionStatus } from '../../src/common/enums.js';
import { createStaff, createSystemAdmin, createUnit } from '../helpers/fixtures.js';
import { postOpinion } from '../helpers/opinion-fixtures.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const KINDS = Object.values(OpinionKind);
const STATUSES = Object.values(OpinionStatus);

describe('canSeeOpinion', () => {
  const UNIT = 'don-vi-hoan-kiem';
  const AUTHOR = 'cong-dan-lan';
  const VIEWERS: Record<string, Viewer> = {
    anonymous: { kind: 'anonymous' },
    author: { kind: 'citizen', id: AUTHOR, displayName: 'Nguyễn Thị Lan' },
    'another citizen': { kind: 'citizen', id: 'cong-dan-binh', displayName: 'Trần Văn Bình' },
    'officer of the unit': { kind: 'staff', id: 'can-bo-dung', role: 'OFFICER', unitId: UNIT },
    'moderator of another unit': { kind: 'staff', id: 'can-bo-minh', role: 'MODERATOR', unitId: 'don-vi-ba-dinh' },
    'admin without a unit': { kind: 'staff', id: 'quan-tri', role: 'ADMIN', unitId: null },
  };
  const cases = Object.keys(VIEWERS).flatMap((viewer) => KINDS.flatMap((kind) => STATUSES.map((status) => [viewer, kind, status] as const)));

  /** The rule as docs/api.md states it, written independently of the code under test. */
  function expected(viewer: string, kind: string, status: string): boolean {
    if (viewer === 'officer of the unit' || viewer === 'author') return true;
    if (kind === 'TIP') return false;
    return status === 'APPROVED';
  }

  it('should not show a tip in any status to anyone outside the unit’s staff but its author', () => {
    for (const viewer of Object.keys(VIEWERS).filter((v) => v !== 'officer of the unit' && v !== 'author')) {
      for (const status of STATUSES) expect(canSeeOpinion(VIEWERS[viewer], UNIT, { kind: 'TIP', status, citizenId: AUTHOR }), `${viewer} ${status}`).toBe(false);
    }
  });

  it.each(cases)('should decide for %s, a %s that is %s, as docs/api.md says', (viewer, kind, status) => {
    expect(canSeeOpinion(VIEWERS[viewer], UNIT, { kind, status, citizenId: AUTHOR })).toBe(expected(viewer, kind, status));
  });

  it('should be the browser’s predicate too: src/shared/visibility.ts is the one definition both import', () => {
    expect(isPublicOpinion).toBe(shared.isPublicOpinion);
    expect(countsInPublicStats).toBe(shared.countsInPublicStats);
  });
});

/** How a viewer stands to the session (a commune's, under a district; a sibling commune beside it; another district). */
type Standing = 'outsider' | 'author' | 'staff';

interface ViewerCase {
  name: string;
  viewer: Viewer;
  standing: Standing;
  /** Reads the unit's audit log (its own staff, an ADMIN above it, the bootstrap ADMIN). */
  auditLog: boolean;
}

interface Row {
  id: string;
  kind: string;
  status: string;
  citizenId: string | null;
}

// Every rule of src/auth/visibility.ts against one database: a session with one opinion of each
// kind and status, all posted by one citizen, read by every kind of viewer through each
// predicate, its Prisma `where` or SQL, and the services that count and list (session stats,
// unit report, opinion lists, opinion(id), fingerprint). Expectations come from docs/api.md's
// rules, written here independently of the code.
describe('visibility, viewer by viewer, against the database', () => {
  let server: TestServer;
  let sessionId: string;
  let unitId: string;
  let viewers: ViewerCase[];
  let rows: Row[];
  const from = new Date('2026-11-01T00:00:00Z');
  const to = new Date('2026-12-01T00:00:00Z');
  const prisma = () => server.app.database.prisma;
  const ids = (list: { id: string }[]) => list.map((o) => o.id).sort();
  const session = async () => prisma().forumSession.findUniqueOrThrow({ where: { id: sessionId }, select: { id: true, unitId: true, status: true } });

  /** docs/api.md's rules, one per question, from the viewer's standing alone. */
  const rule = {
    sees: (standing: Standing, o: Row) => standing !== 'outsider' || (o.kind !== 'TIP' && o.status === 'APPROVED'),
    staffFields: (standing: Standing) => standing === 'staff',
    reason: (standing: Standing) => standing !== 'outsider',
    counted: (standing: Standing, o: Row) => standing === 'staff' || o.kind !== 'TIP',
    tipCounted: (standing: Standing, o: Row, closed: boolean) => o.kind === 'TIP' && (standing === 'staff' || closed),
  };

  beforeAll(async () => {
    server = await startTestServer();
    const app = server.app;
    const district = await createUnit(app, 'Công an quận Đống Đa');
    unitId = await createUnit(app, 'Công an phường Văn Miếu', district);
    const sibling = await createUnit(app, 'Công an phường Quốc Tử Giám', district);
    const otherDistrict = await createUnit(app, 'Công an quận Tây Hồ');
    // One after another: on the embedded database each is a transaction, and they would queue anyway.
    const moderator = await createStaff(app, 'MODERATOR', unitId, 'Đại úy Phan Thị Mai');
    const officer = await createStaff(app, 'OFFICER', unitId, 'Thượng úy Vũ Đức Thắng');
    const admin = await createStaff(app, 'ADMIN', unitId, 'Thiếu tá Hà Văn Khải');
    const districtOfficer = await createStaff(app, 'OFFICER', district, 'Trung tá Đinh Quang Huy');
    const districtAdmin = await createStaff(app, 'ADMIN', district, 'Thượng tá Lương Thị Nga');
    const siblingModerator = await createStaff(app, 'MODERATOR', sibling, 'Đại úy Kiều Văn Sơn');
    const otherOfficer = await createStaff(app, 'OFFICER', otherDistrict, 'Thiếu úy Tạ Minh Châu');
    const systemAdmin = await createSystemAdmin(app);
    const citizen = async (name: string): Promise<Viewer> => ({ kind: 'citizen', id: (await app.services.staff.joinAsCitizen(name)).viewer.id, displayName: name });
    const author = await citizen('Nguyễn Thị Thu');
    viewers = [
      { name: 'anonymous', viewer: { kind: 'anonymous' }, standing: 'outsider', auditLog: false },
      { name: 'the author', viewer: author, standing: 'author', auditLog: false },
      { name: 'another citizen', viewer: await citizen('Trần Văn Phúc'), standing: 'outsider', auditLog: false },
      { name: 'a MODERATOR of the unit', viewer: moderator.viewer, standing: 'staff', auditLog: true },
      { name: 'an OFFICER of the unit', viewer: officer.viewer, standing: 'staff', auditLog: true },
      { name: 'an ADMIN of the unit', viewer: admin.viewer, standing: 'staff', auditLog: true },
      { name: 'an OFFICER of the unit above', viewer: districtOfficer.viewer, standing: 'staff', auditLog: false },
      { name: 'an ADMIN of the unit above', viewer: districtAdmin.viewer, standing: 'staff', auditLog: true },
      { name: 'a MODERATOR of a sibling unit', viewer: siblingModerator.viewer, standing: 'outsider', auditLog: false },
      { name: 'an OFFICER of another district', viewer: otherOfficer.viewer, standing: 'outsider', auditLog: false },
      { name: 'the bootstrap ADMIN', viewer: systemAdmin.viewer, standing: 'outsider', auditLog: true },
    ];
    const created = await app.services.sessions.create({
      viewer: moderator.viewer,
      input: { unitId, title: 'Lắng nghe ý kiến nhân dân phường Văn Miếu', startsAt: new Date('2026-11-20T01:00:00Z'), moderationMode: 'PRE', topics: ['An ninh trật tự'] },
    });
    sessionId = created.id;
    await app.services.sessions.setStatus({ viewer: moderator.viewer, id: sessionId, status: 'LIVE' });
    // Tips last, so the record's newest entries are about tips and the full fingerprint differs from the public one.
    for (const kind of [...KINDS.filter((k) => k !== 'TIP'), 'TIP']) {
      for (const status of STATUSES) {
        const opinion = await postOpinion(app, { sessionId, kind, viewer: author, body: `Ý kiến loại ${kind}, trạng thái ${status}, về trật tự quanh Văn Miếu.` });
        // The status is set directly: these rows are the fixture, not the moderation under test.
        await prisma().opinion.update({ where: { id: opinion.id }, data: { status } });
      }
    }
    rows = await prisma().opinion.findMany({ where: { sessionId }, select: { id: true, kind: true, status: true, citizenId: true } });
    expect(rows).toHaveLength(KINDS.length * STATUSES.length);
  });
  afterAll(() => server?.close());

  it('should give no viewer outside the unit’s staff a tip, its text or its count while the session runs', async () => {
    const s = await session();
    const tips = rows.filter((o) => o.kind === 'TIP');
    for (const { name, viewer, standing } of viewers.filter((v) => v.standing !== 'staff')) {
      const listed = await server.app.services.opinions.list({ viewer, session: s, args: { first: 100 } });
      expect(listed.edges.filter((e) => e.node.kind === 'TIP'), name).toEqual([]);
      const stats = await server.app.services.stats.compute(sessionId, viewScope(viewer, unitId));
      expect(stats.opinions, name).toBe(rows.length - tips.length);
      const report = await server.app.services.reports.unitReport({ viewer, unitId, from, to });
      expect([report.tipsReceived, report.byKind.some((k) => k.kind === 'TIP'), report.opinions], name).toEqual([0, false, rows.length - tips.length]);
      for (const tip of tips) {
        const read = await server.app.services.opinions.get({ viewer, id: tip.id });
        // Its author follows the tip itself, never its follow-up.
        expect(read?.id ?? null, `${name} ${tip.status}`).toBe(standing === 'author' ? tip.id : null);
        expect(canSeeTipFollowUp(viewer, unitId, tip), name).toBe(false);
      }
    }
  });

  it('should decide each rule for every viewer, kind and status as docs/api.md says', () => {
    for (const { name, viewer, standing, auditLog } of viewers) {
      expect(viewScope(viewer, unitId), name).toBe(standing === 'staff' ? 'staff' : 'public');
      expect(canSeeStaffFields(viewer, unitId), name).toBe(rule.staffFields(standing));
      expect(canReadAuditLog(viewer, unitId), name).toBe(auditLog);
      for (const o of rows) {
        const at = `${name}, ${o.kind} ${o.status}`;
        expect(canSeeOpinion(viewer, unitId, o), at).toBe(rule.sees(standing, o));
        expect(canSeeModerationReason(viewer, unitId, o), at).toBe(rule.reason(standing));
        expect(canSeeTipFollowUp(viewer, unitId, o), at).toBe(rule.staffFields(standing) && o.kind === 'TIP');
        expect(countsInStats(viewScope(viewer, unitId), o), at).toBe(rule.counted(standing, o));
        expect(countsInReport(viewer, { unitId, status: 'LIVE' }, o), at).toBe(rule.counted(standing, o));
        for (const closed of [false, true]) {
          expect(countsInTipFigures(viewer, { unitId, status: closed ? 'CLOSED' : 'LIVE' }, o), `${at}, closed: ${closed}`).toBe(rule.tipCounted(standing, o, closed));
        }
      }
    }
  });

  it('should pick with each Prisma where and SQL fragment exactly the opinions its predicate accepts, for every viewer', async () => {
    const db = prisma();
    const publicWhere = await db.opinion.findMany({ where: { sessionId, ...publicOpinionWhere } });
    expect(ids(publicWhere)).toEqual(ids(rows.filter(isPublicOpinion)));
    expect(publicWhere).toHaveLength(KINDS.length - 1); // one APPROVED opinion of each kind but TIP
    const publicSql = await db.$queryRaw<{ id: string }[]>`SELECT o.id FROM opinion o WHERE o.session_id = ${sessionId} AND ${publicOpinionSql('o')}`;
    expect(ids(publicSql)).toEqual(ids(rows.filter(isPublicOpinion)));
    const publicStats = await db.$queryRaw<{ id: string }[]>`SELECT id FROM opinion WHERE session_id = ${sessionId} AND ${countsInPublicStatsSql('opinion')}`;
    expect(ids(publicStats)).toEqual(ids(rows.filter(countsInPublicStats)));
    const s = await session();
    for (const { name, viewer } of viewers) {
      const scope = viewScope(viewer, unitId);
      // What a viewer reads of a session: its list, and a citizen's own opinions besides (myOpinions).
      const listed = listedOpinionWhere(viewer, unitId);
      const seen = await db.opinion.findMany({ where: { sessionId, ...(viewer.kind === 'citizen' ? { OR: [listed, ownOpinionWhere(viewer.id)] } : listed) } });
      expect(ids(seen), name).toEqual(ids(rows.filter((o) => canSeeOpinion(viewer, unitId, o))));
      if (viewer.kind === 'citizen') expect(ids(await db.opinion.findMany({ where: { sessionId, ...ownOpinionWhere(viewer.id) } })), name).toEqual(ids(rows.filter((o) => isOwnOpinion(viewer, o))));
      const counted = await db.$queryRaw<{ id: string }[]>`SELECT id FROM opinion WHERE session_id = ${sessionId} AND ${countsInStatsSql(scope, 'opinion')}`;
      expect(ids(counted), name).toEqual(ids(rows.filter((o) => countsInStats(scope, o))));
      const staffUnits = staffUnitsOf(viewer, [unitId]);
      const report = await db.$queryRaw<{ id: string; counted: boolean; tip_counted: boolean }[]>`
        SELECT o.id, ${countsInReportSql(staffUnits)} AS counted, ${countsInTipFiguresSql(staffUnits)} AS tip_counted
          FROM opinion o JOIN forum_session s ON s.id = o.session_id WHERE o.session_id = ${sessionId}`;
      expect(ids(report.filter((r) => r.counted)), name).toEqual(ids(rows.filter((o) => countsInReport(viewer, s, o))));
      expect(ids(report.filter((r) => r.tip_counted)), name).toEqual(ids(rows.filter((o) => countsInTipFigures(viewer, s, o))));
    }
  });

  it('should read through the services what the predicates allow: opinion(id), the session’s list, its stats, the unit report, the fingerprint', async () => {
    const { opinions, stats, reports, record } = server.app.services;
    const s = await session();
    const [full, publicPrint] = await Promise.all([record.fingerprint({ sessionId, full: true }), record.fingerprint({ sessionId, full: false })]);
    expect(full).not.toBe(publicPrint);
    for (const { name, viewer } of viewers) {
      const scope = viewScope(viewer, unitId);
      const read = await Promise.all(rows.map((o) => opinions.get({ viewer, id: o.id })));
      expect(read.flatMap((o) => (o ? [o.id] : [])).sort(), name).toEqual(ids(rows.filter((o) => canSeeOpinion(viewer, unitId, o))));
      const listed = await opinions.list({ viewer, session: s, args: { first: 100 } });
      expect(ids(listed.edges.map((e) => e.node)), name).toEqual(ids(rows.filter((o) => canSeeOpinion(viewer, unitId, o) && (scope === 'staff' || isPublicOpinion(o)))));
      const figures = await stats.compute(sessionId, scope);
      const counted = rows.filter((o) => countsInStats(scope, o));
      expect([figures.opinions, figures.pending, figures.approved, figures.rejected, figures.hidden], name).toEqual([
        counted.length,
        ...(['PENDING', 'APPROVED', 'REJECTED', 'HIDDEN'] as const).map((status) => counted.filter((o) => o.status === status).length),
      ]);
      const report = await reports.unitReport({ viewer, unitId, from, to });
      expect(report.opinions, name).toBe(rows.filter((o) => countsInReport(viewer, s, o)).length);
      expect(report.tipsReceived, name).toBe(rows.filter((o) => countsInTipFigures(viewer, s, o)).length);
      expect(report.byKind.map((k) => k.kind), name).toEqual(KINDS.filter((kind) => countsInReport(viewer, s, { kind })));
      expect(await record.fingerprintFor({ viewer, session: s }), name).toBe(seesTipTotals(viewer, s) ? full : publicPrint);
    }
  });

  it('should give everyone the tip totals and the full fingerprint once the session is CLOSED, and still no tip', async () => {
    // Closed directly: a status entry in the record would make the public fingerprint the full one.
    await prisma().forumSession.update({ where: { id: sessionId }, data: { status: 'CLOSED' } });
    const { reports, record, opinions } = server.app.services;
    const s = await session();
    const tips = rows.filter((o) => o.kind === 'TIP');
    const full = await record.fingerprint({ sessionId, full: true });
    for (const { name, viewer, standing } of viewers) {
      expect(seesTipTotals(viewer, s), name).toBe(true);
      const report = await reports.unitReport({ viewer, unitId, from, to });
      expect(report.tipsReceived, name).toBe(tips.length);
      expect(report.tipsReceived, name).toBe(rows.filter((o) => countsInTipFigures(viewer, s, o)).length);
      expect(report.opinions, name).toBe(rows.filter((o) => rule.counted(standing, o)).length);
      expect(await record.fingerprintFor({ viewer, session: s }), name).toBe(full);
      const listed = await opinions.list({ viewer, session: s, args: { first: 100 } });
      expect(listed.edges.some((e) => e.node.kind === 'TIP'), name).toBe(standing === 'staff');
    }
  });
});
