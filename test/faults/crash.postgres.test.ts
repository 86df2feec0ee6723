import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { killMidStream, lostSubmissions, oneTo, readStoredSession, submitOverHttp } from '../helpers/faults.js';

// A server process on PostgreSQL killed with SIGKILL while it answers: every answered opinion
// was committed before its answer, and a transaction cut short leaves neither row nor seq.
describe('the server on PostgreSQL killed with SIGKILL', () => {
  let db: TestDatabase;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await Promise.all(servers.map((server) => server.exited));
    await db?.drop();
  });

  it('should keep every acknowledged opinion and a gap-free seq after a restart', async () => {
    const env = { DATABASE_URL: db.url! };
    const { sessionId, sent, acknowledged } = await killMidStream({ env, acknowledgements: 80, track: (s) => servers.push(s) });

    const restarted = await startServerProcess(env);
    servers.push(restarted);
    const stored = await readStoredSession(db.database, sessionId);
    const lost = lostSubmissions(acknowledged, stored);
    console.info(`kill -9 on PostgreSQL: ${sent.length} sent, ${acknowledged.length} acknowledged, ${stored.opinions.length} stored, ${lost.length} lost`);
    expect(sent.some((s) => s.outcome === 'failed')).toBe(true);
    expect(lost).toEqual([]);
    expect(stored.opinions.map((o) => o.seq)).toEqual(oneTo(stored.opinions.length));
    expect(stored.lastSeq).toBe(stored.opinions.length);
    // The restarted server carries on from the stored counter.
    const afterRestart = await submitOverHttp({ url: restarted.url, sessionId, body: 'Góp ý sau khi máy chủ khởi động lại' });
    expect(afterRestart).toMatchObject({ outcome: 'acknowledged', seq: stored.lastSeq + 1 });
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  }, 60_000);
});
