import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedDistrict, type DistrictFixture } from '../helpers/report-fixtures.js';

let server: TestServer;
let district: DistrictFixture;
let citizenToken: string;

const INJECTION = '=HYPERLINK("http://lua-dao.example","Nhận quà")';

beforeAll(async () => {
  server = await startTestServer();
  district = await seedDistrict(server.app);
  citizenToken = (await server.app.services.staff.joinAsCitizen('Phí Văn Minh')).token;
  // A hostile body, and one with a comma, quotes and a line break, in the LIVE session.
  await server.app.services.opinions.submit({
    poster: { viewer: { kind: 'anonymous' }, deviceKey: 'd:phone-kieu-ky-07' },
    input: { sessionId: district.liveSessionId, body: INJECTION },
  });
  await server.app.services.opinions.submit({
    poster: { viewer: district.secondCommuneModerator.viewer, deviceKey: 'unused' },
    input: { sessionId: district.liveSessionId, body: 'Ông "Tư" gọi điện, phản ánh:\nđường ngập sau mưa.', channel: 'HOTLINE', authorName: 'Ông Tư' },
  });
});
afterAll(() => server?.close());

const base = () => server.url.replace(/\/graphql$/, '');
const download = (path: string, token?: string | null) => fetch(`${base()}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const sessionCsv = (sessionId: string) => `/export/sessions/${sessionId}/opinions.csv`;
const reportCsv = (unitId: string, from = '2026-10-01T00:00:00Z', to = '2026-11-01T00:00:00Z') => `/export/units/${unitId}/report.csv?from=${from}&to=${to}`;

/** RFC 4180 rows of a CSV text (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('CSV exports', () => {
  it('should refuse a download without a token, or with a forged one, with 401', async () => {
    expect((await download(sessionCsv(district.closedSessionId))).status).toBe(401);
    expect((await download(reportCsv(district.communeIds[0]))).status).toBe(401);
    expect((await download(sessionCsv(district.closedSessionId), 'not.a.token')).status).toBe(401);
  });

  it("should refuse a citizen, and staff of another unit, with 403 and no opinion in the answer", async () => {
    for (const token of [citizenToken, district.otherOfficer.token, district.secondCommuneModerator.token]) {
      const response = await download(sessionCsv(district.closedSessionId), token);
      expect(response.status).toBe(403);
      const text = await response.text();
      expect(text).not.toContain('pháo nổ');
      expect(JSON.parse(text).error.code).toBe('FORBIDDEN');
    }
    expect((await download(reportCsv(district.districtId), district.communeOfficer.token)).status).toBe(403);
  });

  it('should not show SQL for a period beyond the database’s dates: 400 with a Vietnamese message by default', async () => {
    const unit = district.communeIds[0];
    for (const [from, to] of [
      ['-001000-01-01T00:00:00Z', '2026-11-01T00:00:00Z'],
      ['2026-10-01T00:00:00Z', encodeURIComponent('+200000-01-01T00:00:00Z')],
      ['2026-10-01T00:00:00Z', '275760-09-13'],
      ['2026-11-01T00:00:00Z', '2026-10-01T00:00:00Z'],
    ]) {
      const response = await download(reportCsv(unit, from, to), district.communeOfficer.token);
      const text = await response.text();
      expect(response.status, `${from} – ${to}: ${text}`).toBe(400);
      expect(text).not.toMatch(/SELECT|prisma|\$1|invalid|range/i);
      const { error } = JSON.parse(text);
      expect(error.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(/^Ngày (bắt đầu|kết thúc)/);
    }
  });

  it('should answer a fault with "Internal server error" and the request id, nothing else', async () => {
    const fault = new Error('Invalid `prisma.$queryRaw()` invocation: SELECT body, contact FROM opinion WHERE session_id = $1 [params: "s-1"]');
    const spy = vi.spyOn(server.app.services.reports, 'sessionOpinionsCsv').mockRejectedValueOnce(fault);
    try {
      const response = await fetch(`${base()}${sessionCsv(district.closedSessionId)}`, {
        headers: { authorization: `Bearer ${district.communeOfficer.token}`, 'accept-language': 'en' },
      });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: { requestId: string } };
      expect(body).toEqual({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', requestId: response.headers.get('x-request-id') } });
      expect(body.error.requestId).toBeTruthy();
    } finally {
      spy.mockRestore();
    }
  });

  it('should answer 404 for an unknown session and 400 for a report without a valid period', async () => {
    expect((await download(sessionCsv('00000000-0000-0000-0000-000000000000'), district.communeOfficer.token)).status).toBe(404);
    expect((await download(`/export/units/${district.communeIds[0]}/report.csv?from=hôm-qua`, district.communeOfficer.token)).status).toBe(400);
  });

  it("should give the unit's staff every opinion of the session, tips and contacts included, as UTF-8 with a byte-order mark", async () => {
    const response = await download(sessionCsv(district.closedSessionId), district.communeOfficer.token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1));
    const [header, ...opinions] = rows;
    expect(header.slice(0, 6)).toEqual(['seq', 'createdAt', 'channel', 'kind', 'topic', 'status']);
    expect(opinions).toHaveLength(6);
    const column = (name: string) => header.indexOf(name);
    const paper = opinions.find((r) => r[column('channel')] === 'PAPER')!;
    expect(paper[column('authorName')]).toBe('Bà Đỗ Thị Hạnh');
    // Added last (issue #24): when the unit received it, the typing time when intake gave none.
    expect(header.at(-1)).toBe('receivedAt');
    expect(paper[column('receivedAt')]).toBe(paper[column('createdAt')]);
    const tip = opinions.find((r) => r[column('body')] === 'Nhà số 12 thôn 2 nghi tàng trữ pháo nổ.')!;
    expect([tip[column('kind')], tip[column('tipStatus')], tip[column('caseNumber')], tip[column('suspects')]]).toEqual(['TIP', 'CASE_OPENED', 'VA-1', '2']);
    const answered = opinions.find((r) => r[column('responses')] !== '')!;
    expect(answered[column('responses')]).toContain('[REFERRED] Đã chuyển UBND xã. (Thượng úy Lại Thị Hương,');
  });

  it('should defuse a formula in a cell and keep quotes and line breaks inside one cell', async () => {
    const response = await download(sessionCsv(district.liveSessionId), district.secondCommuneModerator.token);
    const text = (await response.text()).replace(/^\uFEFF/, '');
    expect(text).toContain(`"'=HYPERLINK(""http://lua-dao.example"",""Nhận quà"")"`);
    const rows = parseCsv(text);
    const bodies = rows.map((r) => r[rows[0].indexOf('body')]);
    expect(bodies).toContain(`'${INJECTION}`);
    expect(bodies).toContain('Ông "Tư" gọi điện, phản ánh:\nđường ngập sau mưa.');
    expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
  });

  it("should export the unit report, one row per unit, with the unit's own tip figures", async () => {
    const response = await download(reportCsv(district.communeIds[1]), district.secondCommuneModerator.token);
    expect(response.status).toBe(200);
    const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(2);
    const [header, row] = rows;
    const cell = (name: string) => row[header.indexOf(name)];
    expect([cell('unit'), cell('level'), cell('sessions'), cell('tipsReceived'), cell('casesOpened'), cell('suspects')]).toEqual(['Công an xã Kiêu Kỵ', '0', '1', '1', '1', '3']);
  });
});
