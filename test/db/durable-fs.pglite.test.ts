import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../src/db/client.js';
import { durablePgliteOptions } from '../../src/db/durable-fs.mjs';

// A power cut cannot be staged in a test; what it would take is: the commit's WAL record is
// fsynced to the disk before the COMMIT answers. fs.fsyncSync is where that happens. The server
// opens PGlite in its worker thread (pglite-worker.mjs), where a spy cannot reach: the fsync
// tests open it here with the same options the worker uses, and the last test checks that
// openDatabase's `durable` reaches the worker.
describe('the embedded database on disk', () => {
  const opened: { close(): Promise<unknown> }[] = [];
  // A fresh data folder takes PGlite's initdb (tens of seconds on a busy machine): one of each kind.
  let durable: Awaited<ReturnType<typeof open>>;
  let relaxed: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    [durable, relaxed] = await Promise.all([open(true), open(false)]);
  }, 180_000);
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    for (const database of opened.splice(0)) await database.close();
  });

  async function open(isDurable: boolean) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-durable-'));
    const connection = await PGlite.create(isDurable ? durablePgliteOptions(dataDir) : { dataDir });
    opened.push(connection);
    await connection.exec('create table y_kien (id serial primary key, noi_dung text not null)');
    return { dataDir, connection };
  }

  /** The files fsynced while `write` runs, relative to the data folder, in order. */
  async function fsyncedDuring(dataDir: string, write: () => Promise<unknown>): Promise<string[]> {
    const synced: string[] = [];
    const real = fs.fsyncSync;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      synced.push(path.relative(dataDir, fs.readlinkSync(`/proc/self/fd/${fd}`)));
      return real(fd);
    });
    await write();
    return synced;
  }

  it('should fsync the write-ahead log before a commit answers', async () => {
    const { dataDir, connection } = durable;
    let answered = false;
    const synced = await fsyncedDuring(dataDir, async () => {
      await connection.query('insert into y_kien (noi_dung) values ($1)', ['Đèn đường ngõ 5 phố Lý Thường Kiệt bị hỏng']);
      answered = true;
    });
    expect(answered).toBe(true);
    expect(synced.some((file) => file.startsWith('pg_wal/'))).toBe(true);
  });

  it('should fsync once per commit, each before it answers', async () => {
    const { dataDir, connection } = durable;
    const order: string[] = [];
    const real = fs.fsyncSync;
    vi.spyOn(fs, 'fsyncSync').mockImplementation((fd) => {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(path.join(fs.realpathSync(dataDir), 'pg_wal'))) order.push('fsync');
      return real(fd);
    });
    for (let i = 1; i <= 3; i++) {
      await connection.query('insert into y_kien (noi_dung) values ($1)', [`Ý kiến số ${i}`]);
      order.push(`answered ${i}`);
    }
    expect(order).toEqual(['fsync', 'answered 1', 'fsync', 'answered 2', 'fsync', 'answered 3']);
  });

  it('should not fsync at all when durability is turned off (what PGlite does by itself)', async () => {
    const { dataDir, connection } = relaxed;
    const synced = await fsyncedDuring(dataDir, () => connection.query('insert into y_kien (noi_dung) values ($1)', ['Không đồng bộ xuống đĩa']));
    expect(synced).toEqual([]);
  });

  it('should run the worker with fsync on by default and off only when asked', async () => {
    const settings = await Promise.all(
      [undefined, false].map(async (isDurable) => {
        const database = await openDatabase({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-durable-')), durable: isDurable });
        opened.push(database);
        const connection = await database.connect();
        const [fsync] = await connection.query<{ fsync: string }>('show fsync');
        const [method] = await connection.query<{ wal_sync_method: string }>('show wal_sync_method');
        return [fsync.fsync, method.wal_sync_method];
      }),
    );
    expect(settings).toEqual([
      ['on', 'fsync'],
      ['off', 'fdatasync'],
    ]);
  }, 180_000);
});
