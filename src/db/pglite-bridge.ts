import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { messages, types, type ParserOptions, type Results, type Transaction } from '@electric-sql/pglite';
import { projectRoot } from '../common/paths.js';

/** What the worker is started with. */
export interface WorkerOptions {
  /** PGlite data folder; undefined keeps the database in memory. */
  dataDir?: string;
  /** With a data folder: commits fsynced to the disk before they answer (durable-fs.mjs). */
  durable?: boolean;
  /** In memory only: a file written by `dumpTo` that the database starts from, instead of an empty cluster. */
  template?: string;
}

/** One request to the worker; `tx` names the open transaction it belongs to. */
export interface BridgeRequest {
  id: number;
  op: 'query' | 'exec' | 'begin' | 'commit' | 'rollback' | 'close' | 'dump';
  tx?: number;
  sql?: string;
  params?: unknown[];
}

/** A result as the worker sends it: rows of PostgreSQL's text values, parsed on this side. */
export interface RawResult {
  rows: (string | null)[][];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

export interface BridgeReply {
  id: number;
  result?: unknown;
  error?: { name: string; message: string; database: boolean; [field: string]: unknown };
}

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: ParserOptions;
}

/** The part of PGlite that pglite-prisma-adapter and the migration applier use. */
export interface PGliteLike {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T>;
}

export interface BridgeOptions extends WorkerOptions {
  /**
   * Longest time one statement may run, in ms. PGlite cannot cancel a statement (it runs
   * PostgreSQL single-user in WebAssembly: statement_timeout never fires), so past it the worker is
   * stopped, which to the data folder is the same as the process being killed (committed data
   * stays, the statement and its transaction are lost), and a new one opens the folder again.
   * Only with a data folder: an in-memory database would be lost.
   */
  statementTimeoutMs?: number;
}

/** What a statement stopped by the timeout fails with (SQLSTATE 57014, query_canceled). */
export const STATEMENT_TIMEOUT_MESSAGE = 'canceling statement due to statement timeout';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer?: NodeJS.Timeout;
}

// In src/ whether the server runs from src/ (tsx, tests) or from the dist/ bundle.
const WORKER = path.join(projectRoot(), 'src/db/pglite-worker.mjs');

/** A DatabaseError, as pglite-prisma-adapter recognises it, from what the worker sent. */
function rebuildError(sent: NonNullable<BridgeReply['error']>): Error {
  const { name, message, database, ...fields } = sent;
  if (database) return Object.assign(new messages.DatabaseError(message, 0, 'error'), fields);
  return Object.assign(new Error(message), { ...fields, name });
}

function parse<T>(raw: RawResult, options?: QueryOptions): Results<T> {
  const parsers = options?.parsers;
  const values = raw.rows.map((row) => row.map((value, i) => types.parseType(value, raw.fields[i].dataTypeID, parsers)));
  const rows = options?.rowMode === 'array' ? values : values.map((row) => Object.fromEntries(raw.fields.map((field, i) => [field.name, row[i]])));
  return { rows: rows as T[], fields: raw.fields, affectedRows: raw.affectedRows };
}

/**
 * PGlite in a worker thread, behind the methods pglite-prisma-adapter calls (query, exec,
 * transaction; rollback on a transaction). The server's event loop stays free while a statement
 * runs; statements still run one at a time, in the order they were sent, as in PGlite itself.
 */
export class PGliteBridge implements PGliteLike {
  private worker!: Worker;
  private ready!: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(private readonly options: BridgeOptions) {}

  /** Starts the worker and opens the database in it. */
  static async open(options: BridgeOptions): Promise<PGliteBridge> {
    const bridge = new PGliteBridge(options);
    bridge.start();
    await bridge.ready;
    return bridge;
  }

  private start(): void {
    const worker = new Worker(WORKER, { workerData: { dataDir: this.options.dataDir, durable: this.options.durable, template: this.options.template } satisfies WorkerOptions });
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once('error', reject);
      // The worker's first message (id 0) says the database is open.
      worker.on('message', (reply: BridgeReply) => (reply.id === 0 ? resolve() : this.settle(reply)));
    });
    // A failed start is reported by open() or by the first request.
    this.ready.catch(() => {});
    worker.on('error', (error) => this.failAll(error));
    worker.once('exit', (code) => {
      if (this.worker === worker && !this.closed) this.failAll(new Error(`the embedded database stopped (worker exit code ${code})`));
    });
  }

  private settle(reply: BridgeReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (reply.error) pending.reject(rebuildError(reply.error));
    else pending.resolve(reply.result);
  }

  private failAll(error: unknown): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }

  /** Stops a worker stuck in a statement and opens the data folder in a new one. */
  private restart(): void {
    const stuck = this.worker;
    const error = Object.assign(new messages.DatabaseError(STATEMENT_TIMEOUT_MESSAGE, 0, 'error'), { code: '57014', severity: 'ERROR' });
    this.failAll(error);
    this.start();
    void stuck.terminate();
  }

  private async call(request: Omit<BridgeRequest, 'id'>, { id = this.nextId++, timed = true } = {}): Promise<unknown> {
    if (this.closed && request.op !== 'close') throw new Error('the embedded database is closed');
    await this.ready;
    return new Promise((resolve, reject) => {
      const pending: Pending = { resolve, reject };
      const timeout = this.options.statementTimeoutMs;
      if (timed && timeout && this.options.dataDir && request.op !== 'close') pending.timer = setTimeout(() => this.restart(), timeout);
      this.pending.set(id, pending);
      this.worker.postMessage({ ...request, id } satisfies BridgeRequest);
    });
  }

  async query<T>(sql: string, params?: unknown[], options?: QueryOptions, tx?: number): Promise<Results<T>> {
    return parse<T>((await this.call({ op: 'query', sql, params, tx })) as RawResult, options);
  }

  async exec(sql: string, tx?: number): Promise<Results[]> {
    return ((await this.call({ op: 'exec', sql, tx })) as RawResult[]).map((raw) => parse(raw));
  }

  /** Writes the whole database to `file` (a tarball), for `template`: starting from it skips initdb and the migrations. */
  async dumpTo(file: string): Promise<void> {
    await this.call({ op: 'dump', sql: file }, { timed: false });
  }

  /**
   * Plain SQL without the statement timeout, for the migration applier: a migration may
   * rightly take long on a big database, and stopping it would only make the next start retry it.
   */
  readonly untimed = {
    exec: async (sql: string): Promise<void> => void (await this.call({ op: 'exec', sql }, { timed: false })),
    query: async <T>(sql: string, params?: unknown[]): Promise<T[]> => parse<T>((await this.call({ op: 'query', sql, params }, { timed: false })) as RawResult).rows,
  };

  /** Runs `callback` in a transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = this.nextId++;
    await this.call({ op: 'begin' }, { id });
    let closed = false;
    let rollback: Promise<unknown> | undefined;
    const tx = {
      query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => this.query<R>(sql, params, options, id),
      exec: (sql: string) => this.exec(sql, id),
      // pglite-prisma-adapter calls rollback() without waiting for it, then ends the callback.
      rollback: () => {
        closed = true;
        return (rollback ??= this.call({ op: 'rollback', tx: id })).then(() => undefined);
      },
      get closed() {
        return closed;
      },
    } as unknown as Transaction;
    let result: T;
    try {
      result = await callback(tx);
    } catch (error) {
      if (!closed) await tx.rollback().catch(() => {});
      else await rollback?.catch(() => {});
      throw error;
    }
    if (closed) await rollback;
    else {
      closed = true;
      await this.call({ op: 'commit', tx: id });
    }
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.call({ op: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }
}
