import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase } from '../helpers/database.js';

describe('applyMigrations on PostgreSQL', () => {
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
