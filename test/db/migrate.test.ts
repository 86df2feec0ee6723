import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

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
