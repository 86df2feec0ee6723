// Vitest global set-up: one in-memory PGlite database with every migration applied, dumped to a
// file that test servers start from (createTestDatabase({ migrated: true })). Starting from it
// skips PGlite's initdb and the migrations: well under a second instead of several, per server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { PGLITE_TEMPLATE_ENV } from './database.js';

export default async function setup(): Promise<() => void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-template-'));
  const file = path.join(dir, 'migrated.tar');
  const database = await openDatabase({});
  try {
    await applyMigrations(database);
    await database.dumpTo!(file);
  } finally {
    await database.close();
  }
  process.env[PGLITE_TEMPLATE_ENV] = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
