import { exec as execCallback, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './process.js';

const exec = promisify(execCallback);

/** A PostgreSQL server of one test's own, to stop and restart without disturbing other files. */
export interface PostgresCluster {
  /** postgresql:// URL of its `postgres` database. */
  url: string;
  port: number;
  /** `pg_ctl stop -m fast`: open connections are cut, new ones refused. */
  stop(): Promise<void>;
  /** `pg_ctl start -w` on the same port and options. */
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

/** The folder of initdb and pg_ctl: TEST_PG_BIN (set by .ci/services.sh), else the newest installed. */
function postgresBin(): string {
  if (process.env.TEST_PG_BIN) return process.env.TEST_PG_BIN;
  try {
    return path.dirname(fs.realpathSync(execSync('command -v initdb', { shell: '/bin/sh' }).toString().trim()));
  } catch {
    const root = '/usr/lib/postgresql';
    const [newest] = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
    if (!newest) throw new Error('PostgreSQL binaries not found: set TEST_PG_BIN');
    return path.join(root, newest, 'bin');
  }
}

/**
 * initdb and pg_ctl start into a temporary folder on a free loopback port, as .ci/services.sh's
 * start_postgres does: as the postgres user when running as root (initdb refuses root), with
 * fsync off. Takes a couple of seconds.
 */
export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = postgresBin();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-pg-'));
  fs.chmodSync(dir, 0o755);
  let run = '';
  if (process.getuid?.() === 0) {
    const uid = Number(execSync('id -u postgres').toString().trim());
    fs.chownSync(dir, uid, -1);
    run = 'runuser -u postgres --';
  }
  const data = path.join(dir, 'data');
  const sh = (command: string) => exec(`${run} ${command}`, { timeout: 60_000 });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = async () => void (await sh(`${bin}/pg_ctl -D ${data} -l ${dir}/server.log -w -t 60 -o "${options}" start`));
  const stop = async () => void (await sh(`${bin}/pg_ctl -D ${data} -m fast -w stop`));
  try {
    await sh(`${bin}/initdb -D ${data} -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync`);
    await start();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let destroyed = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      await stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
