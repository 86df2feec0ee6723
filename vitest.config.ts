import fs from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The suite runs on in-memory PGlite; with TEST_DATABASE_URL it runs a second time on PostgreSQL.
// Files named *.pglite.test.ts run on PGlite only, *.postgres.test.ts on PostgreSQL only.
// The second run (PostgreSQL) keeps to what SQL decides: the files about the database, faults,
// live delivery and instances, and the service tests whose rules are SQL (visibility, statistics,
// the record and its triggers, reports, idempotency and concurrency). Resolver, transport and
// browser tests run on PGlite only: they drive the same services through the same SQL.
const ON_POSTGRES = [
  /\.postgres\.test\.ts$/,
  /^test\/(db|faults|live)\//,
  /^test\/modules\/(record|report|session-event)\//,
  /^test\/auth\/visibility\.test\.ts$/,
  /^test\/modules\/opinion\/(opinion\.service|intake|upvote|submission-writer)\.test\.ts$/,
  /^test\/modules\/forum-session\/session-stats\.test\.ts$/,
];
/** Every test file, as a path relative to the project. */
function testFiles(dir = 'test'): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return testFiles(file);
    return file.endsWith('.test.ts') ? [file] : [];
  });
}
// The docs' pictures are made by `npm run screenshots` (SCREENSHOTS=1), not by every `npm test`:
// each page they show is driven and checked by the browser tests in test/web.
const PICTURES = process.env.SCREENSHOTS === '1' ? [] : ['test/web/screenshots.test.ts'];
const projects: { extends: true; test: { name: string; env: Record<string, string>; include?: string[]; exclude: string[] } }[] = [
  { extends: true as const, test: { name: 'pglite', env: { TEST_DB: 'pglite' }, exclude: ['**/node_modules/**', 'test/**/*.postgres.test.ts', ...PICTURES] } },
];
if (process.env.TEST_DATABASE_URL) {
  projects.push({
    extends: true as const,
    test: { name: 'postgres', env: { TEST_DB: 'postgres' }, exclude: ['**/node_modules/**', ...testFiles().filter((file) => file.endsWith('.pglite.test.ts') || !ON_POSTGRES.some((pattern) => pattern.test(file)))] },
  });
}

export default defineConfig({
  // One graphql module for the tests and the libraries: Vite would otherwise pick the ESM build
  // for test files while type-graphql and Apollo load the CommonJS one ("another realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    // A migrated PGlite database that test servers start from (test/helpers/pglite-template.ts).
    globalSetup: ['test/helpers/pglite-template.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on two cores (Vitest's default there is one): most of a file's
    // time is spent waiting on sockets, timers and the database, not on the CPU.
    maxWorkers: Number(process.env.TEST_WORKERS) || 2,
    projects,
  },
});
