import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';

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

describe('migrations and the Prisma CLI', () => {
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
