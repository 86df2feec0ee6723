// @ts-check
// Plain JavaScript: the PGlite worker (pglite-worker.mjs) imports it without a TypeScript loader.
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

// PGlite 0.5 (checked in 0.5.16) ships three things that together make a commit durable only
// against a killed process, not against a power cut:
// - it starts Postgres with `-F` (fsync = off), so Postgres never asks for a flush;
// - Emscripten's NODEFS has no `fsync` stream operation, so `fsync(2)` from the WASM side is a
//   silent no-op even with fsync = on;
// - `fdatasync(2)` (Postgres's default wal_sync_method on Linux) is a stub that returns 0.
// The three fixes below: start without `-F`, sync the WAL with fsync(2), and give NODEFS an
// fsync that calls fs.fsyncSync on the real file. A COMMIT then returns only after its WAL
// record is on the disk, as on a PostgreSQL server with its defaults.

/** Postgres flags for a durable embedded database: PGlite's own, without `-F`, WAL synced with fsync(2). */
export const DURABLE_START_PARAMS = Object.freeze([
  ...PGlite.defaultStartParams.filter((flag) => flag !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
]);

/** NODEFS whose fsync reaches the disk (fs.fsyncSync on the file's descriptor). */
export class DurableNodeFS extends NodeFS {
  /**
   * @param {string} dataDir
   * @param {() => void} [onFsync]
   */
  constructor(dataDir, onFsync) {
    super(dataDir);
    this.onFsync = onFsync;
  }

  /** @param {Parameters<NodeFS['init']>} args */
  async init(...args) {
    const result = await super.init(...args);
    const { emscriptenOpts } = result;
    emscriptenOpts.preRun = [
      ...(emscriptenOpts.preRun ?? []),
      (/** @type {any} */ module) => {
        const nodefs = module.NODEFS;
        nodefs.stream_ops.fsync = (/** @type {{ nfd?: number }} */ stream) => {
          // Turns a failed fsync into the errno Postgres expects (it then stops rather than lose data).
          const fd = stream.nfd;
          if (typeof fd === 'number') nodefs.tryFSOperation(() => fs.fsyncSync(fd));
          this.onFsync?.();
          return 0;
        };
      },
    ];
    return result;
  }
}

/**
 * PGlite options for a durable database in `dataDir`.
 * @param {string} dataDir
 * @param {() => void} [onFsync]
 * @returns {import('@electric-sql/pglite').PGliteOptions}
 */
export function durablePgliteOptions(dataDir, onFsync) {
  return { fs: new DurableNodeFS(dataDir, onFsync), startParams: [...DURABLE_START_PARAMS] };
}
