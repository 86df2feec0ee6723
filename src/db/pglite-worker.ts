// The embedded database's own thread: PGlite runs here, so a long statement blocks this thread
// and not the server's event loop. It answers the requests of PGliteBridge (pglite-bridge.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { BridgeReply, BridgeRequest, RawResult, WorkerOptions } from './pglite-bridge.js';

const port = parentPort!;
const { dataDir } = workerData as WorkerOptions;

// Every value comes back as the text PostgreSQL sent; the main thread parses it with the
// caller's own parsers (functions do not cross threads).
const RAW = Object.fromEntries(Object.keys(types.parsers).map((type) => [type, (value: string) => value]));

interface OpenTransaction {
  tx: Transaction;
  /** Resolving it ends the callback given to PGlite's transaction(): it commits unless rolled back. */
  finish: () => void;
  done: Promise<unknown>;
}

const transactions = new Map<number, OpenTransaction>();

function describeError(error: unknown): BridgeReply['error'] {
  const e = error as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(e)) if (typeof e[key] !== 'function' && typeof e[key] !== 'object') fields[key] = e[key];
  return { ...fields, name: String(e.name ?? 'Error'), message: String(e.message ?? error), database: e.constructor?.name === 'DatabaseError' };
}

async function toRaw(results: { rows: unknown[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number }): Promise<RawResult> {
  return { rows: results.rows as (string | null)[][], fields: results.fields, affectedRows: results.affectedRows };
}

const pglite = await PGlite.create(dataDir);

async function handle(request: BridgeRequest): Promise<unknown> {
  const target = request.tx === undefined ? pglite : transactions.get(request.tx)?.tx;
  if (!target) throw new Error('Transaction is closed');
  switch (request.op) {
    case 'query':
      return toRaw(await target.query(request.sql!, request.params, { rowMode: 'array', parsers: RAW }));
    case 'exec':
      return (await target.exec(request.sql!, { rowMode: 'array', parsers: RAW })).map((result) => ({ rows: result.rows, fields: result.fields, affectedRows: result.affectedRows }));
    case 'begin': {
      const id = request.id;
      return new Promise<void>((resolve, reject) => {
        let finish!: () => void;
        const finished = new Promise<void>((r) => (finish = r));
        const done = pglite
          .transaction(async (tx) => {
            transactions.set(id, { tx, finish, done });
            resolve();
            await finished;
          })
          .finally(() => transactions.delete(id));
        done.catch(reject);
      });
    }
    case 'commit':
    case 'rollback': {
      const open = transactions.get(request.tx!);
      if (!open) throw new Error('Transaction is closed');
      if (request.op === 'rollback' && !open.tx.closed) await open.tx.rollback();
      open.finish();
      await open.done;
      return undefined;
    }
    case 'close':
      await pglite.close();
      return undefined;
  }
}

port.on('message', (request: BridgeRequest) => {
  handle(request).then(
    (result) => port.postMessage({ id: request.id, result } satisfies BridgeReply),
    (error: unknown) => port.postMessage({ id: request.id, error: describeError(error) } satisfies BridgeReply),
  );
});
port.postMessage({ id: 0, result: 'ready' } satisfies BridgeReply);
