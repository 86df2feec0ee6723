import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.js';

export interface TestDatabase {
  database: Database;
  /** The URL of a PostgreSQL test database; undefined on PGlite. */
  url?: string;
  drop(): Promise<void>;
}

export const onPostgres = () => process.env.TEST_DB === 'postgres';

/** Where test/helpers/pglite-template.ts left the migrated PGlite database that test servers start from. */
export const PGLITE_TEMPLATE_ENV = 'TEST_PGLITE_TEMPLATE';

/**
 * A fresh, empty database for one test file: in-memory PGlite, or (TEST_DB=postgres) a new
 * database on the TEST_DATABASE_URL server, dropped afterwards. `migrated` (PGlite): start from
 * the run's migrated template when there is one, which saves initdb and the migrations (several
 * seconds a server); the server applies whatever the template lacks, as at any start.
 */
export async function createTestDatabase({ migrated = false }: { migrated?: boolean } = {}): Promise<TestDatabase> {
  if (!onPostgres()) {
    const template = migrated ? process.env[PGLITE_TEMPLATE_ENV] : undefined;
    const database = await openDatabase({ template });
    return { database, drop: () => database.close().catch(() => {}) };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `ln_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      // A test may have closed the database already (outage tests); the drop must still happen.
      await database.close().catch(() => {});
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * The same database with every Prisma operation counted (model queries, raw queries, each
 * statement of a transaction): how tests and benchmarks tell whether a read touched the database.
 */
export function countingDatabase(base: Database): { database: Database; operations(): number } {
  let operations = 0;
  const prisma = base.prisma.$extends({
    query: {
      async $allOperations({ args, query }) {
        operations++;
        return query(args);
      },
    },
  }) as unknown as Database['prisma'];
  return { database: { ...base, prisma }, operations: () => operations };
}
