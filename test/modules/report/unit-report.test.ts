import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, ok, startTestServer, type TestServer } from '../../helpers/server.js';
import { seedDistrict, type DistrictFixture } from '../../helpers/report-fixtures.js';
import { UnitReportBySessionDocument, UnitReportDocument } from '../../generated/graphql.js';

let server: TestServer;
let district: DistrictFixture;

beforeAll(async () => {
  server = await startTestServer();
  district = await seedDistrict(server.app);
});
afterAll(() => server?.close());

const report = (unitId: string, token: string | null = null, period = { from: district.from.toISOString(), to: district.to.toISOString() }) =>
  server.request(UnitReportDocument, { unitId, ...period }, { token });

describe('unitReport', () => {
  it('should not count the tips of a session still LIVE for the public, nor show tips among kinds and topics', async () => {
    const { unitReport } = ok(await report(district.communeIds[1]));
    expect(unitReport).toMatchObject({ sessions: 1, opinions: 1, tipsReceived: 0, tipsVerified: 0, casesOpened: 0, suspects: 0 });
    expect(unitReport.byKind.map((k) => k.kind)).not.toContain('TIP');
  });

  it("should not give staff of another unit more than the public", async () => {
    const asPublic = ok(await report(district.districtId)).unitReport;
    const asOther = ok(await report(district.districtId, district.otherOfficer.token)).unitReport;
    expect(asOther).toEqual(asPublic);
  });

  it('should refuse an unknown unit and a period that ends before it starts', async () => {
    expect(errorCode(await report('00000000-0000-0000-0000-000000000000'))).toBe('NOT_FOUND');
    expect(errorCode(await report(district.districtId, null, { from: district.to.toISOString(), to: district.from.toISOString() }))).toBe('BAD_USER_INPUT');
  });

  it("should give the public a district's figures across its communes, tip figures from closed sessions only", async () => {
    const { unitReport } = ok(await report(district.districtId));
    expect(unitReport).toMatchObject({
      unit: { id: district.districtId, name: 'Công an huyện Gia Lâm' },
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
      sessions: 3,
      opinions: 6,
      // Four in Đa Tốn (the paper slip's writer among them), one in Kiêu Kỵ; An posted in two sessions.
      participants: 5,
      answered: 1,
      byKind: [
        { kind: 'SUGGESTION', count: 3 },
        { kind: 'QUESTION', count: 2 },
        { kind: 'COMPLAINT', count: 1 },
      ],
      byTopicName: [
        { name: 'An toàn giao thông', count: 3 },
        { name: 'Trộm cắp tài sản', count: 1 },
      ],
      // Đa Tốn's two tips and the district's one; two led to case VA-1, whose highest count is 4.
      tipsReceived: 3,
      tipsVerified: 2,
      casesOpened: 1,
      suspects: 4,
    });
    expect(unitReport.medianResponseSeconds).toBeGreaterThanOrEqual(0);
  });

  it('should report each commune under the district, in name order', async () => {
    const { unitReport } = ok(await report(district.districtId));
    expect(unitReport.byUnit.map((u) => [u.unit.name, u.sessions, u.opinions, u.tipsReceived, u.byUnit.length])).toEqual([
      ['Công an xã Đa Tốn', 1, 4, 2, 0],
      ['Công an xã Kiêu Kỵ', 1, 1, 0, 0],
    ]);
  });

  it("should count a unit's own tips for its staff, the LIVE session's included", async () => {
    const { unitReport } = ok(await report(district.communeIds[1], district.secondCommuneModerator.token));
    expect(unitReport).toMatchObject({ opinions: 2, tipsReceived: 1, tipsVerified: 1, casesOpened: 1, suspects: 3 });
    expect(unitReport.byKind).toContainEqual({ kind: 'TIP', count: 1 });
  });

  describe('bySession', () => {
    const bySession = async (unitId: string, token: string | null = null, first?: number) =>
      ok(await server.request(UnitReportBySessionDocument, { unitId, from: district.from.toISOString(), to: district.to.toISOString(), first }, { token })).unitReport;

    it("should not count a LIVE session's tips for the public, session by session", async () => {
      const report = await bySession(district.districtId);
      const live = report.bySession.find((s) => s.session.id === district.liveSessionId)!;
      expect(live).toMatchObject({ opinions: 1, participants: 1 });
      expect(report.bySession.reduce((sum, s) => sum + s.opinions, 0)).toBe(report.opinions);
      expect(report.bySession.reduce((sum, s) => sum + s.answered, 0)).toBe(report.answered);
    });

    it('should list the sessions the report counts, those of the communes included, within the period and up to first', async () => {
      const { bySession: sessions } = await bySession(district.districtId, district.districtOfficer.token);
      expect(sessions).toHaveLength(3);
      expect(sessions.map((s) => s.session.unit.name).sort()).toEqual(['Công an huyện Gia Lâm', 'Công an xã Kiêu Kỵ', 'Công an xã Đa Tốn'].sort());
      expect(sessions.find((s) => s.session.id === district.closedSessionId)).toMatchObject({ opinions: 6, answered: 1 });
      expect((await bySession(district.districtId, null, 1)).bySession).toHaveLength(1);
    });

    it("should count a session's tips for its own unit's staff", async () => {
      const { bySession: sessions } = await bySession(district.communeIds[1], district.secondCommuneModerator.token);
      expect(sessions.map((s) => [s.session.id, s.opinions])).toEqual([[district.liveSessionId, 2]]);
    });
  });
});
