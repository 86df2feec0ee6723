import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client.js';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../../src/db/unavailable.js';
import { startPostgresCluster, type PostgresCluster } from '../helpers/postgres-cluster.js';
import { startServerProcess, type ServerProcess } from '../helpers/process.js';
import { FAULT_ADMIN, lostSubmissions, oneTo, readStoredSession, seedOverHttp, submissionStorm } from '../helpers/faults.js';
import { eventually } from '../helpers/live.js';

// PostgreSQL restarted under the server's feet: `pg_ctl stop -m fast`, then `start`, so that the
// outage lasts long enough to watch requests fail in it. A cluster of this file's own: the shared
// test server stays up for the files running beside this one.
describe('the server while PostgreSQL restarts', () => {
  let cluster: PostgresCluster;
  let server: ServerProcess;
  let database: Database;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
    server = await startServerProcess({ DATABASE_URL: cluster.url, ...FAULT_ADMIN });
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await server?.exited;
    await database?.close();
    await cluster?.destroy();
  });

  it('should refuse requests clearly during the outage and serve again afterwards without a restart', async () => {
    const { sessionId } = await seedOverHttp(server.url);
    const storm = submissionStorm({ url: server.url, sessionId, loops: 10, requestTimeoutMs: 20_000, pauseAfterFailureMs: 50 });
    await storm.acknowledgedAtLeast(30);

    const stoppedAt = Date.now();
    await cluster.stop();
    // Hold the outage until 20 requests have been refused in it.
    await eventually(() => storm.submissions.filter((s) => s.sentAt > stoppedAt && s.outcome !== 'acknowledged').length >= 20, 10_000);
    await cluster.start();
    const startedAt = Date.now();
    const before = storm.acknowledged().length;
    await storm.acknowledgedAtLeast(before + 30, 20_000);
    const sent = await storm.stop();

    const unanswered = sent.filter((s) => s.outcome !== 'acknowledged');
    const slowest = Math.max(...sent.map((s) => s.settledAt - s.sentAt));
    const codes = [...new Set(unanswered.map((s) => `${s.status} ${s.code}: ${s.message}`))];
    const back = sent.find((s) => s.outcome === 'acknowledged' && s.sentAt > startedAt);
    console.info(`PostgreSQL restart: ${sent.length} sent, ${sent.length - unanswered.length} acknowledged, ${unanswered.length} refused; slowest answer ${slowest} ms; first success ${back ? back.settledAt - startedAt : '?'} ms after the start; errors: ${codes.join(' | ')}`);
    expect(server.child.exitCode).toBeNull();
    expect(unanswered.length).toBeGreaterThan(0);
    // Every request got an answer, none hung, and the failures say what happened.
    expect(unanswered.filter((s) => s.outcome === 'failed')).toEqual([]);
    expect(slowest).toBeLessThan(10_000);
    for (const s of unanswered) expect({ code: s.code, message: s.message }).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: DATABASE_UNAVAILABLE_MESSAGE });

    // None half-applied: the counter and the rows moved together, or not at all.
    database = await openDatabase({ url: cluster.url, poolSize: 1 });
    const stored = await readStoredSession(database, sessionId);
    expect(lostSubmissions(storm.acknowledged(), stored)).toEqual([]);
    expect(stored.opinions.map((o) => o.seq)).toEqual(oneTo(stored.opinions.length));
    expect(stored.lastSeq).toBe(stored.opinions.length);
    expect((await fetch(server.url.replace('/graphql', '/healthz'))).status).toBe(200);
  }, 60_000);
});
