// @ts-check
// The embedded database's own thread: PGlite runs here, so a long statement blocks this thread
// and not the server's event loop. It answers the requests of PGliteBridge (pglite-bridge.ts).
// Plain JavaScript, so it starts without a TypeScript loader, the same from src/ and from dist/.
import { Blob, Buffer } from 'node:buffer';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { messages, PGlite, types } from '@electric-sql/pglite';
import { durablePgliteOptions } from './durable-fs.mjs';

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
/** @type {{ dataDir?: string, durable?: boolean, template?: string }} */
const { dataDir, durable, template } = workerData;

// Every value comes back as the text PostgreSQL sent; the main thread parses it with the
// caller's own parsers (functions do not cross threads).
const RAW = Object.fromEntries(Object.keys(types.parsers).map((type) => [type, (/** @type {string} */ value) => value]));

/** @type {Map<number, { tx: import('@electric-sql/pglite').Transaction, finish: () => void, done: Promise<unknown> }>} */
const transactions = new Map();

/** The error as plain data; `database` marks PostgreSQL's own errors (DatabaseError). */
function describeError(/** @type {any} */ error) {
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const key of Object.keys(error ?? {})) if (typeof error[key] !== 'function' && typeof error[key] !== 'object') fields[key] = error[key];
  return { ...fields, name: String(error?.name ?? 'Error'), message: String(error?.message ?? error), database: error instanceof messages.DatabaseError };
}

/** @param {import('@electric-sql/pglite').Results} result */
const raw = (result) => ({ rows: result.rows, fields: result.fields, affectedRows: result.affectedRows });

// PGlite alone never flushes to the disk; durable-fs.mjs makes each commit wait for its WAL fsync.
// A template (an in-memory database started from a dump) skips initdb: a fraction of a second instead of several.
const pglite = await PGlite.create(
  dataDir ? (durable ? durablePgliteOptions(dataDir) : { dataDir }) : template ? { loadDataDir: new Blob([fs.readFileSync(template)]) } : undefined,
);

/** @param {{ id: number, op: string, tx?: number, sql?: string, params?: unknown[] }} request */
async function handle(request) {
  const target = request.tx === undefined ? pglite : transactions.get(request.tx)?.tx;
  if (!target) throw new Error('Transaction is closed');
  switch (request.op) {
    case 'query':
      return raw(await target.query(String(request.sql), request.params, { rowMode: 'array', parsers: RAW }));
    case 'exec':
      return (await target.exec(String(request.sql), { rowMode: 'array', parsers: RAW })).map(raw);
    case 'begin':
      return new Promise((resolve, reject) => {
        /** @type {() => void} */
        let finish = () => {};
        const finished = new Promise((r) => (finish = () => r(undefined)));
        const done = pglite
          .transaction(async (tx) => {
            transactions.set(request.id, { tx, finish, done });
            resolve(undefined);
            await finished;
          })
          .finally(() => transactions.delete(request.id));
        done.catch(reject);
      });
    case 'commit':
    case 'rollback': {
      const open = transactions.get(Number(request.tx));
      if (!open) throw new Error('Transaction is closed');
      if (request.op === 'rollback' && !open.tx.closed) await open.tx.rollback();
      open.finish();
      await open.done;
      return undefined;
    }
    case 'close':
      await pglite.close();
      return undefined;
    case 'dump': {
      const dump = await pglite.dumpDataDir('none');
      fs.writeFileSync(String(request.sql), Buffer.from(await dump.arrayBuffer()));
      return undefined;
    }
    default:
      throw new Error(`unknown request ${request.op}`);
  }
}

port.on('message', (request) => {
  handle(request).then(
    (result) => port.postMessage({ id: request.id, result }),
    (error) => port.postMessage({ id: request.id, error: describeError(error) }),
  );
});
port.postMessage({ id: 0, result: 'ready' });
