import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, errorCode, startTestServer, type TestServer } from '../../helpers/server.js';
import { createStaff, createUnit, type StaffFixture } from '../../helpers/fixtures.js';
import { RawSocket } from '../../helpers/raw-ws.js';
import { startRedis, type RedisProcess } from '../../helpers/process.js';
import { LogoutDocument, MeDocument, UpdateStaffDocument } from '../../generated/graphql.js';

// Two instances on one PostgreSQL and one Redis: this file runs in the postgres project only.
describe('staff revocation across instances', () => {
  let redis: RedisProcess;
  let a: TestServer;
  let b: TestServer;
  let communeId: string;
  let admin: StaffFixture;

  beforeAll(async () => {
    redis = await startRedis();
    a = await startTestServer({ REDIS_URL: redis.url });
    b = await startTestServer({ REDIS_URL: redis.url }, { shareDatabaseOf: a });
    const districtId = await createUnit(a.app, 'Công an huyện Mê Linh');
    communeId = await createUnit(a.app, 'Công an xã Tiền Phong', districtId);
    admin = await createStaff(a.app, 'ADMIN', districtId, 'Thượng tá Nguyễn Văn Thắng');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it("should close a deactivated officer's socket on instance B when instance A deactivates them", async () => {
    const officer = await createStaff(a.app, 'OFFICER', communeId, 'Thượng úy Lê Thị Hồng');
    const bystander = await createStaff(a.app, 'OFFICER', communeId, 'Thượng úy Phan Văn Tài');
    const socket = new RawSocket(b.app.wsUrl);
    await socket.acknowledge({ authorization: `Bearer ${officer.token}` });
    const kept = new RawSocket(b.app.wsUrl);
    await kept.acknowledge({ authorization: `Bearer ${bystander.token}` });

    ok(await a.request(UpdateStaffDocument, { input: { id: officer.id, active: false } }, { token: admin.token }));

    expect((await socket.closed).code).toBe(4403);
    expect(errorCode(await b.request(MeDocument, {}, { token: officer.token }))).toBe('UNAUTHENTICATED');
    // The bystander's socket on B outlived the revocation: it still answers.
    await kept.send({ type: 'ping' });
    await kept.next('pong');
    kept.close();
  });

  it('should close the socket on instance B of a token signed out on instance A, and only that one', async () => {
    const moderator = await createStaff(a.app, 'MODERATOR', communeId, 'Đại úy Vương Thị Yến');
    const other = await a.app.tokens.issue({ kind: 'staff', id: moderator.id, role: 'MODERATOR', unitId: communeId });
    const socket = new RawSocket(b.app.wsUrl);
    await socket.acknowledge({ authorization: `Bearer ${moderator.token}` });
    const kept = new RawSocket(b.app.wsUrl);
    await kept.acknowledge({ authorization: `Bearer ${other}` });

    ok(await a.request(LogoutDocument, {}, { token: moderator.token }));

    expect((await socket.closed).code).toBe(4403);
    expect(errorCode(await b.request(MeDocument, {}, { token: moderator.token }))).toBe('UNAUTHENTICATED');
    await kept.send({ type: 'ping' });
    await kept.next('pong');
    kept.close();
    expect(ok(await b.request(MeDocument, {}, { token: other })).me?.id).toBe(moderator.id);
  });

  it('should see a commune created on instance A from instance B at once', async () => {
    const districtId = await createUnit(a.app, 'Công an huyện Sóc Sơn');
    const districtModerator = await createStaff(a.app, 'MODERATOR', districtId, 'Thiếu tá Hà Thị Mai');
    // B reads (and caches) the unit tree for the district's moderator before the commune exists.
    const before = await b.app.services.access.viewerFromAuthorization(`Bearer ${districtModerator.token}`);
    const commune = await createUnit(a.app, 'Công an xã Bắc Sơn', districtId);
    await expect.poll(async () => {
      const viewer = await b.app.services.access.viewerFromAuthorization(`Bearer ${districtModerator.token}`);
      return viewer.kind === 'staff' && viewer.coverage?.units.has(commune);
    }).toBe(true);
    expect(before.kind === 'staff' && before.coverage?.units.has(commune)).toBe(false);
  });
});
