import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../common/paths.js';
import type { Database } from './client.js';

export const MIGRATIONS_DIR = path.join(projectRoot(), 'prisma/migrations');

// Any constant works; it only has to be the same for every instance of this application.
const MIGRATION_LOCK_KEY = 72_616_823_001;

// Prisma's own ledger table, created exactly as `prisma migrate deploy` creates it, so the
// official CLI (`prisma migrate status`) agrees with what this applier recorded.
const LEDGER_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migrations in prisma/migrations, in name order, with Prisma's checksum (SHA-256 of the file). */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {}

/**
 * Applies pending migrations, each in its own transaction together with its ledger row.
 * A session-level advisory lock makes instances that start together take turns: the second
 * waits, then finds nothing left to do. Returns the names it applied.
 */
export async function applyMigrations(db: Database, migrations = readMigrations()): Promise<string[]> {
  const conn = await db.connect();
  const applied: string[] = [];
  try {
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await conn.exec(LEDGER_DDL);
      const rows = await conn.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
      );
      const done = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));
      for (const failed of done.values()) {
        if (failed.finished_at === null) {
          throw new MigrationError(`Migration ${failed.migration_name} started but never finished; resolve it by hand (prisma migrate resolve)`);
        }
      }
      for (const migration of migrations) {
        const row = done.get(migration.name);
        if (row) {
          if (row.checksum !== migration.checksum) {
            throw new MigrationError(`Migration ${migration.name} was changed after it was applied (checksum differs)`);
          }
          continue;
        }
        const id = crypto.randomUUID();
        await conn.exec('BEGIN');
        try {
          await conn.exec(migration.sql);
          await conn.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [id, migration.checksum, migration.name],
          );
          await conn.exec('COMMIT');
        } catch (error) {
          await conn.exec('ROLLBACK');
          throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
        }
        applied.push(migration.name);
      }
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await conn.release();
  }
  return applied;
}
