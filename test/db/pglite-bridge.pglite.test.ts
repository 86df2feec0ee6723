import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '@electric-sql/pglite';
import { PGliteBridge, STATEMENT_TIMEOUT_MESSAGE } from '../../src/db/pglite-bridge.js';

// Statements that keep PostgreSQL busy (PGlite has no pg_sleep worth the name): a second or
// more, and minutes.
const LONG_STATEMENT = 'SELECT count(*) FROM generate_series(1, 1000000)';
const RUNAWAY_STATEMENT = 'SELECT count(*) FROM generate_series(1, 300000000)';

describe('PGliteBridge', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-bridge-'));
  let inMemory: PGliteBridge;
  let onDisk: PGliteBridge | undefined;
  beforeAll(async () => {
    inMemory = await PGliteBridge.open({});
  });
  afterAll(async () => {
    await Promise.all([inMemory, onDisk].map((bridge) => bridge?.close().catch(() => {})));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Opens the data folder twice (at first, and again in a new worker after the timeout): each
  // compiles PGlite's WebAssembly, seconds each on a busy machine.
  it('should stop a runaway statement past the timeout, keep what was committed and serve again', { timeout: 180_000 }, async () => {
    const bridge = (onDisk = await PGliteBridge.open({ dataDir, statementTimeoutMs: 1000 }));
    await bridge.exec("CREATE TABLE y_kien (noi_dung text); INSERT INTO y_kien VALUES ('Đèn đường ngõ 5 bị hỏng')");
    await expect(bridge.query(RUNAWAY_STATEMENT)).rejects.toMatchObject({ code: '57014', message: STATEMENT_TIMEOUT_MESSAGE });
    expect((await bridge.query<{ noi_dung: string }>('SELECT noi_dung FROM y_kien')).rows).toEqual([{ noi_dung: 'Đèn đường ngõ 5 bị hỏng' }]);
  });

  it('should answer other callers while a long statement runs, without blocking the event loop', async () => {
    const bridge = inMemory;
    let finished = false;
    const long = bridge.query(LONG_STATEMENT).then(() => (finished = true));
    // A timer fires while the database thread is busy: the event loop is free.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(finished).toBe(false);
    await long;
  });

  it("should report PostgreSQL's errors as PGlite's DatabaseError with their SQLSTATE", async () => {
    const bridge = inMemory;
    await bridge.exec('CREATE TABLE can_bo (email text PRIMARY KEY)');
    await bridge.query('INSERT INTO can_bo VALUES ($1)', ['hoa.tran@cand.test']);
    const duplicate = bridge.query('INSERT INTO can_bo VALUES ($1)', ['hoa.tran@cand.test']);
    // pglite-prisma-adapter tells database errors by this class (vitest may load another copy of
    // the module than the bridge's, so the test compares the class's (minified) name).
    const error = await duplicate.catch((caught: unknown) => caught as Error);
    expect(error.constructor.name).toBe(messages.DatabaseError.name);
    expect(error).toMatchObject({ code: '23505', severity: 'ERROR', message: expect.stringMatching(/duplicate key/) });
  });

  it('should commit a transaction whose callback returns and roll back one that throws or rolls back', async () => {
    const bridge = inMemory;
    await bridge.exec('CREATE TABLE chu_de (ten text)');
    await bridge.transaction(async (tx) => tx.query("INSERT INTO chu_de VALUES ('An toàn giao thông')"));
    await expect(
      bridge.transaction(async (tx) => {
        await tx.query("INSERT INTO chu_de VALUES ('Trộm cắp tài sản')");
        throw new Error('người dùng hủy');
      }),
    ).rejects.toThrow('người dùng hủy');
    await bridge.transaction(async (tx) => {
      await tx.query("INSERT INTO chu_de VALUES ('Tệ nạn xã hội')");
      void tx.rollback();
    });
    expect((await bridge.query<{ ten: string }>('SELECT ten FROM chu_de')).rows).toEqual([{ ten: 'An toàn giao thông' }]);
  });
});
