import type { PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** Postgres flags for a durable embedded database: PGlite's own, without `-F`, WAL synced with fsync(2). */
export declare const DURABLE_START_PARAMS: readonly string[];
/** NODEFS whose fsync reaches the disk (fs.fsyncSync on the file's descriptor). */
export declare class DurableNodeFS extends NodeFS {
  constructor(dataDir: string, onFsync?: () => void);
}
/** PGlite options for a durable database in `dataDir`. */
export declare function durablePgliteOptions(dataDir: string, onFsync?: () => void): PGliteOptions;
