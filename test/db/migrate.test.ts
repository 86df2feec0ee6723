import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations, MigrationError, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, onPostgres, type TestDatabase } from '../helpers/database.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Runs the Prisma CLI on a PGlite folder until its output matches `expected`. The CLI keeps the
 * process alive after some commands with the PGlite adapter (an open WASM handle), so the
 * child is stopped once the answer is in.
 */
function prisma(args: string[], pgliteDir: string, expected: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/prisma'), args, {
      cwd: ROOT,
      env: { ...process.env, PRISMA_PGLITE_DIR: pgliteDir, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const done = (error?: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      if (error) reject(error);
      else resolve(output);
    };
    const timer = setTimeout(() => done(new Error(`prisma ${args.join(' ')} timed out:\n${output}`)), 200_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (expected.test(output)) done();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => (expected.test(output) ? done() : done(new Error(`prisma ${args.join(' ')} exited ${code}:\n${output}`))));
  });
}

describe('applyMigrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('should apply every migration once and record it in Prisma\'s ledger with its checksum', async () => {
    const migrations = readMigrations();
    expect(await applyMigrations(db.database)).toEqual(migrations.map((m) => m.name));
    const conn = await db.database.connect();
    const rows = await conn.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    await conn.release();
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(migrations.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true);
  });

  it('should apply nothing the second time', async () => {
    expect(await applyMigrations(db.database)).toEqual([]);
  });

  it('should refuse a migration that changed after it was applied', async () => {
    const [first] = readMigrations();
    await expect(applyMigrations(db.database, [{ ...first, checksum: 'f'.repeat(64) }])).rejects.toBeInstanceOf(MigrationError);
  });

  it('should roll back a failing migration and leave no ledger row for it', async () => {
    const broken = { name: '29990101000000_broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();', checksum: 'a'.repeat(64) };
    await expect(applyMigrations(db.database, [...readMigrations(), broken])).rejects.toThrow(/29990101000000_broken/);
    const conn = await db.database.connect();
    const ledger = await conn.query('SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1', [broken.name]);
    const table = await conn.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    await conn.release();
    expect([ledger.length, table.length]).toEqual([0, 0]);
  });
});

describe.runIf(onPostgres())('applyMigrations on PostgreSQL', () => {
  it('should let instances that start together take turns under the advisory lock', async () => {
    const fresh = await createTestDatabase();
    const others = await Promise.all([1, 2, 3].map(() => openDatabase({ url: fresh.url, poolSize: 2 })));
    try {
      const results = await Promise.all([fresh.database, ...others].map((d) => applyMigrations(d)));
      expect(results.flat().sort()).toEqual(readMigrations().map((m) => m.name));
      const conn = await fresh.database.connect();
      const rows = await conn.query('SELECT migration_name FROM "_prisma_migrations"');
      await conn.release();
      expect(rows).toHaveLength(readMigrations().length);
    } finally {
      await Promise.all(others.map((d) => d.close()));
      await fresh.drop();
    }
  });
});

describe.runIf(!onPostgres())('migrations and the Prisma CLI', () => {
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-migrate-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should leave a ledger that `prisma migrate status` reads as up to date', async () => {
    const database = await openDatabase({ dataDir: path.join(dir, 'ours') });
    await applyMigrations(database);
    await database.close();
    expect(await prisma(['migrate', 'status'], path.join(dir, 'ours'), /up to date|not yet been applied|failed/)).toMatch(/Database schema is up to date/);
  }, 120_000);

  it('should have migrations that produce exactly prisma/schema.prisma (no drift)', async () => {
    await prisma(['migrate', 'deploy'], path.join(dir, 'cli'), /successfully applied|Error/);
    expect(await prisma(['db', 'push', '--skip-generate'], path.join(dir, 'cli'), /already in sync|in sync with|Error|⚠️/)).toMatch(/already in sync/);
  }, 240_000);
});
