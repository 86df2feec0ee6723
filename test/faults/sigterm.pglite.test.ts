import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../helpers/process.js';
import { RawSocket } from '../helpers/raw-ws.js';
import { FAULT_ADMIN, faultWorkspace, lostSubmissions, oneTo, restartAndReadPglite, seedOverHttp, submissionStorm } from '../helpers/faults.js';

// SIGTERM while submissions stream in, in production mode (where Apollo would also listen for
// signals): the server finishes what it started, refuses what comes after, and exits cleanly.
describe('the server stopped with SIGTERM under load', () => {
  const { dataDir, track } = faultWorkspace('lang-nghe-sigterm-');

  it('should finish in-flight mutations, close sockets with 1001, exit 0 and keep every acknowledged opinion', async () => {
    const server = await startServerProcess({ NODE_ENV: 'production', DATA_DIR: dataDir, ...FAULT_ADMIN });
    track(server);
    const { sessionId } = await seedOverHttp(server.url);
    const sockets = [new RawSocket(server.wsUrl), new RawSocket(server.wsUrl)];
    await Promise.all(sockets.map((socket) => socket.acknowledge()));
    const storm = submissionStorm({ url: server.url, sessionId, loops: 10 });
    await storm.acknowledgedAtLeast(40);

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const closeCodes = await Promise.all(sockets.map(async (socket) => (await socket.closed).code));
    const exitCode = await server.exited;
    const exitedAfter = Date.now() - signalledAt;
    const sent = await storm.stop();

    const acknowledged = sent.filter((s) => s.outcome === 'acknowledged');
    const others = sent.filter((s) => s.outcome !== 'acknowledged');
    const answeredDuringShutdown = acknowledged.filter((s) => s.settledAt >= signalledAt).length;
    console.info(
      `SIGTERM under load: exit ${exitCode} after ${exitedAfter} ms; ${sent.length} sent, ${acknowledged.length} acknowledged (${answeredDuringShutdown} answered after the signal); ` +
        `others: ${[...new Set(others.map((s) => `${s.outcome} ${s.status ?? ''} ${s.code}`))].join(', ')}`,
    );
    expect(closeCodes).toEqual([1001, 1001]);
    expect(exitCode).toBe(0);
    expect(exitedAfter).toBeLessThan(10_000);
    // Requests under way when the signal came were answered, not dropped.
    expect(answeredDuringShutdown).toBeGreaterThan(0);
    // Nothing was cut off or refused with an error: a request either finished or found the door closed.
    expect(others.filter((s) => !(s.outcome === 'failed' && s.code === 'ECONNREFUSED'))).toEqual([]);

    const { afterRestart, stored } = await restartAndReadPglite({ dataDir, sessionId, track });
    expect(lostSubmissions(acknowledged, stored)).toEqual([]);
    // Refused requests never reached the database: the stored opinions are exactly the acknowledged ones and the one after.
    expect(stored.opinions.length).toBe(acknowledged.length + 1);
    expect(stored.opinions.map((o) => o.seq)).toEqual(oneTo(stored.opinions.length));
    expect(stored.lastSeq).toBe(stored.opinions.length);
    expect(afterRestart).toMatchObject({ outcome: 'acknowledged', seq: stored.lastSeq });
  }, 60_000);
});
