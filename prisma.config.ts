// Prisma CLI configuration: the JavaScript schema engine with a PGlite driver adapter, so
// `prisma generate`, `migrate deploy`, `migrate diff` and `db push` work offline.
// PRISMA_PGLITE_DIR picks the PGlite folder the CLI works on (default: a throwaway in-memory one).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const dir = process.env.PRISMA_PGLITE_DIR;
    // The adapter bundles an older @prisma/driver-adapter-utils: same protocol, distinct types.
    return new PrismaPGlite(dir ? new PGlite({ dataDir: dir }) : new PGlite()) as unknown as PrismaPg;
  },
});
