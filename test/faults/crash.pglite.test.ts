import { describe, expect, it } from 'vitest';
import { faultWorkspace, killMidStream, lostSubmissions, oneTo, restartAndReadPglite } from '../helpers/faults.js';

// The embedded database in a folder; the process is killed with SIGKILL while it answers.
// PGlite's Node filesystem writes every page straight through to the folder (write(2), nothing
// buffered in the process), so what was committed is in the kernel when SIGKILL lands.
describe('the server on an embedded database killed with SIGKILL', () => {
  const { dataDir, track } = faultWorkspace('lang-nghe-crash-');

  it('should keep every acknowledged opinion and a gap-free seq after a restart', async () => {
    const { sessionId, sent, acknowledged } = await killMidStream({ env: { DATA_DIR: dataDir }, acknowledgements: 50, track });
    const { afterRestart, exitCode, stored } = await restartAndReadPglite({ dataDir, sessionId, track });

    const lost = lostSubmissions(acknowledged, stored);
    console.info(`kill -9 on PGlite: ${sent.length} sent, ${acknowledged.length} acknowledged, ${stored.opinions.length - 1} stored before the restart, ${lost.length} lost`);
    // Killed mid-stream: some requests were in flight and never answered.
    expect(sent.some((s) => s.outcome === 'failed')).toBe(true);
    expect(lost).toEqual([]);
    expect(stored.opinions.map((o) => o.seq)).toEqual(oneTo(stored.opinions.length));
    expect(stored.lastSeq).toBe(stored.opinions.length);
    // The restarted server carried on from the stored counter.
    expect(afterRestart).toMatchObject({ outcome: 'acknowledged', seq: stored.lastSeq });
    expect(exitCode).toBe(0);
  }, 60_000);
});
