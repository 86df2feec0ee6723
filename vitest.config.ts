import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// The suite runs on in-memory PGlite; with TEST_DATABASE_URL it runs a second time on PostgreSQL.
// Files named *.pglite.test.ts run on PGlite only, *.postgres.test.ts on PostgreSQL only.
const projects = [
  { extends: true as const, test: { name: 'pglite', env: { TEST_DB: 'pglite' }, exclude: ['**/node_modules/**', 'test/**/*.postgres.test.ts'] } },
];
if (process.env.TEST_DATABASE_URL) {
  projects.push({
    extends: true as const,
    test: { name: 'postgres', env: { TEST_DB: 'postgres' }, exclude: ['**/node_modules/**', 'test/**/*.pglite.test.ts'] },
  });
}

export default defineConfig({
  // One graphql module for the tests and the libraries: Vite would otherwise pick the ESM build
  // for test files while type-graphql and Apollo load the CommonJS one ("another realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects,
  },
});
