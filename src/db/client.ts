import fs from 'node:fs';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PGliteBridge } from './pglite-bridge.js';
import prismaModule from '@prisma/client';
import type { PrismaClient as PrismaClientType } from '@prisma/client';

const { PrismaClient } = prismaModule;
export type Prisma = PrismaClientType;

/**
 * A connection that speaks plain SQL, for the migration applier: `exec` runs a multi-statement
 * script over the simple query protocol, `query` one parameterised statement.
 */
export interface SqlConnection {
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  release(): Promise<void>;
}

export interface Database {
  kind: 'pglite' | 'postgresql';
  prisma: Prisma;
  /** A dedicated connection (PostgreSQL) or the embedded database itself (PGlite). */
  connect(): Promise<SqlConnection>;
  /** Answers true when a trivial query succeeds. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** PGlite only: writes the whole database to a file that `template` can start from (the tests' migrated template). */
  dumpTo?(file: string): Promise<void>;
}

export interface DatabaseOptions {
  /** postgresql://… for a server; otherwise PGlite. */
  url?: string;
  /** PGlite data folder; undefined keeps the database in memory. */
  dataDir?: string;
  /**
   * PGlite in `dataDir` only: false runs Postgres without fsync, as PGlite does by itself (a
   * power cut can lose the last commits). For benchmarks comparing the two; the default is true.
   */
  durable?: boolean;
  poolSize?: number;
  /** PGlite with a data folder: longest time a statement may run (see PGliteBridge). */
  statementTimeoutMs?: number;
  /** PGlite in memory: start from this file written by `dumpTo` rather than from an empty cluster. */
  template?: string;
}

/**
 * Far above any statement the query limits let through (a costly accepted request takes well
 * under a second), so only a runaway statement meets it.
 */
export const PGLITE_STATEMENT_TIMEOUT_MS = 30_000;

/** Opens the database the configuration names: PostgreSQL with a URL, else embedded PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir, options.statementTimeoutMs ?? PGLITE_STATEMENT_TIMEOUT_MS, options.durable ?? true, options.template);
}

async function openPglite(dataDir: string | undefined, statementTimeoutMs: number, durable: boolean, template?: string): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  // Durability: in Node, PGlite's NodeFS hands every write straight to the folder (write(2), no
  // buffer in the process; `relaxedDurability` and `syncToFs` only matter for IndexedDB/OPFS),
  // so a commit that answered survives the process being killed (test/faults/crash.pglite).
  // On its own PGlite never flushes to the disk (fsync off, and no fsync in NODEFS); with
  // durablePgliteOptions a commit answers only once its WAL record is fsynced, so it also
  // survives a power cut (test/db/durable-fs.pglite.test.ts).
  // PGlite runs in a worker thread (pglite-bridge.ts): a long statement no longer blocks the
  // event loop, so other requests are parsed, authorised and answered meanwhile.
  const pglite = await PGliteBridge.open({ dataDir, statementTimeoutMs, durable, template: dataDir ? undefined : template });
  // pglite-prisma-adapter bundles an older @prisma/driver-adapter-utils: same runtime protocol,
  // distinct TypeScript types; and it is given the bridge, which has the PGlite methods it calls.
  const adapter = new PrismaPGlite(pglite as never) as unknown as PrismaPg;
  const prisma = new PrismaClient({ adapter });
  const connection: SqlConnection = { ...pglite.untimed, release: async () => {} };
  return {
    kind: 'pglite',
    prisma,
    connect: async () => connection,
    ping: async () => (await pglite.query('select 1')).rows.length === 1,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
    dumpTo: (file) => pglite.dumpTo(file),
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    kind: 'postgresql',
    prisma,
    connect: async () => {
      const client = await pool.connect();
      return {
        exec: async (sql) => void (await client.query(sql)),
        query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
        release: async () => client.release(),
      };
    },
    ping: async () => (await pool.query('select 1')).rowCount === 1,
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
