import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The suite runs on in-memory PGlite; with TEST_DATABASE_URL it runs a second time on PostgreSQL.
// Files named *.pglite.test.ts run on PGlite only, *.postgres.test.ts on PostgreSQL only.
// The second run leaves out what no SQL decides: the browser pages (they drive the same API the
// API tests cover on both databases), pure text/CSV helpers, the schema and the import graph.
const SQL_FREE = ['test/web/**', 'test/common/**', 'test/schema/**', 'test/architecture/**'];
const projects = [
  { extends: true as const, test: { name: 'pglite', env: { TEST_DB: 'pglite' }, exclude: ['**/node_modules/**', 'test/**/*.postgres.test.ts'] } },
];
if (process.env.TEST_DATABASE_URL) {
  projects.push({
    extends: true as const,
    test: { name: 'postgres', env: { TEST_DB: 'postgres' }, exclude: ['**/node_modules/**', 'test/**/*.pglite.test.ts', ...SQL_FREE] },
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
