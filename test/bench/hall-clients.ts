// Phones in a hall for the hall-burst benchmark, in their own process, driven over IPC by
// test/bench/run.ts: each opens the public page (one HTTP query, which also says where the
// session record stood) at a random moment of the burst window, then follows `sessionEvents`
// from that cursor, as the citizen page does.
import WebSocket from 'ws';

interface BurstCommand {
  cmd: 'burst';
  url: string;
  wsUrl: string;
  sessionId: string;
  count: number;
  windowMs: number;
  page: string;
  events: string;
}

interface Phone {
  /** The lowest seq the page showed: from there on the phone must hold every opinion. */
  from: number;
  held: Set<number>;
  duplicated: number;
}

const phones: Phone[] = [];
const sockets: WebSocket[] = [];

interface PageAnswer {
  data?: { session: { recordCursor: string; opinions: { edges: { node: { seq: number } }[] } } };
  errors?: unknown[];
}

async function open(command: BurstCommand, index: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, Math.random() * command.windowMs));
  const started = performance.now();
  const response = await fetch(command.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: command.page, variables: { id: command.sessionId } }),
  });
  const answer = (await response.json()) as PageAnswer;
  const took = performance.now() - started;
  if (!answer.data) throw new Error(`page refused: ${JSON.stringify(answer.errors)}`);
  const seqs = answer.data.session.opinions.edges.map((e) => e.node.seq);
  const phone: Phone = { from: Math.min(...seqs), held: new Set(seqs), duplicated: 0 };
  phones.push(phone);
  await new Promise<void>((resolve, reject) => {
    const socket = new WebSocket(command.wsUrl, 'graphql-transport-ws');
    sockets.push(socket);
    socket.on('open', () => socket.send('{"type":"connection_init"}'));
    socket.on('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; payload?: { data?: { sessionEvents?: { opinion?: { seq: number } | null } } } };
      if (message.type === 'connection_ack') {
        const variables = { s: command.sessionId, after: answer.data!.session.recordCursor };
        socket.send(JSON.stringify({ id: `h${index}`, type: 'subscribe', payload: { query: command.events, variables } }));
        resolve();
      } else if (message.type === 'ping') {
        socket.send('{"type":"pong"}');
      } else if (message.type === 'next') {
        const seq = message.payload?.data?.sessionEvents?.opinion?.seq;
        if (typeof seq !== 'number') return;
        if (phone.held.has(seq) && seq > Math.max(...seqs)) phone.duplicated++;
        phone.held.add(seq);
      }
    });
  });
  return took;
}

process.on('message', async (message: BurstCommand | { cmd: 'status'; seqs: number[] } | { cmd: 'close' }) => {
  if (message.cmd === 'burst') {
    const results = await Promise.allSettled(Array.from({ length: message.count }, (_, i) => open(message, i)));
    const times = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])).sort((a, b) => a - b);
    const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
    process.send!({ served: times.length, failed: failed.length, firstFailure: failed[0] ?? null, p50: at(50), p99: at(99) });
  } else if (message.cmd === 'status') {
    let converged = 0;
    let duplicated = 0;
    for (const phone of phones) {
      duplicated += phone.duplicated;
      if (message.seqs.every((seq) => seq < phone.from || phone.held.has(seq))) converged++;
    }
    process.send!({ converged, phones: phones.length, duplicated });
  } else if (message.cmd === 'close') {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
