// The reference for the fan-out benchmark: graphql-js + graphql-ws + ws as usually wired, with no
// database and no auth. One subscription shaped like opinionPublished; POST /publish sends an event.
import http from 'node:http';
import { buildSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';

const schema = buildSchema(`
  type Opinion { id: ID! seq: Int! kind: String! body: String! authorName: String status: String! upvotes: Int! createdAt: String! }
  type Query { ok: Boolean }
  type Subscription { opinionPublished(sessionId: ID!, afterSeq: Int): Opinion! }
`);

type Listener = (opinion: unknown) => void;
const listeners = new Set<Listener>();

function feed(): AsyncIterableIterator<unknown> {
  const queue: unknown[] = [];
  let wake: ((r: IteratorResult<unknown>) => void) | null = null;
  const listener: Listener = (opinion) => {
    const value = { opinionPublished: opinion };
    if (wake) {
      const w = wake;
      wake = null;
      w({ value, done: false });
    } else queue.push(value);
  };
  listeners.add(listener);
  const iterator: AsyncIterableIterator<unknown> = {
    next: () => (queue.length ? Promise.resolve({ value: queue.shift(), done: false }) : new Promise((resolve) => (wake = resolve))),
    return: () => {
      listeners.delete(listener);
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

const root = { opinionPublished: () => feed() };
(schema.getSubscriptionType()!.getFields().opinionPublished as { subscribe?: unknown }).subscribe = root.opinionPublished;
(schema.getSubscriptionType()!.getFields().opinionPublished as { resolve?: unknown }).resolve = (payload: { opinionPublished: unknown }) => payload.opinionPublished;

const server = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/publish') {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { seq } = JSON.parse(body) as { seq: number };
      const opinion = {
        id: `op-${seq}`,
        seq,
        kind: 'SUGGESTION',
        body: `Ý kiến số ${seq}: đề nghị tăng cường tuần tra vào buổi tối ở khu dân cư`,
        authorName: 'Nguyễn Văn An',
        status: 'APPROVED',
        upvotes: 0,
        createdAt: new Date().toISOString(),
      };
      for (const listener of listeners) listener(opinion);
      res.end('{"ok":true}');
    });
    return;
  }
  res.statusCode = 404;
  res.end();
});
const wss = new WebSocketServer({ server, path: '/graphql' });
useServer({ schema }, wss);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.send?.({ port: address.port });
  console.log(`reference listening on ${address.port}`);
});
// A clean exit on SIGTERM, so that --cpu-prof (BENCH_SERVER_NODE_ARGS) gets to write its profile.
process.on('SIGTERM', () => process.exit(0));
