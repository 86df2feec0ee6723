// Subscriber connections for the benchmarks, in their own process so they do not share the
// server's CPU accounting. Driven over IPC by test/bench/run.ts.
import WebSocket from 'ws';

interface ConnectCommand {
  cmd: 'connect';
  url: string;
  count: number;
  query: string;
  variables: Record<string, unknown>;
}

const sockets: WebSocket[] = [];
// seq → receipt times (ms, wall clock with sub-ms precision)
const receipts = new Map<number, number[]>();
let duplicated = 0;
const now = () => performance.timeOrigin + performance.now();

function open(command: ConnectCommand, index: number): Promise<void> {
  const seen = new Set<number>();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(command.url, 'graphql-transport-ws');
    const timer = setTimeout(() => reject(new Error('subscribe timed out')), 60_000);
    socket.on('open', () => socket.send('{"type":"connection_init"}'));
    socket.on('message', (data) => {
      const text = data.toString();
      if (text.startsWith('{"type":"connection_ack"')) {
        socket.send(JSON.stringify({ id: `s${index}`, type: 'subscribe', payload: { query: command.query, variables: command.variables } }));
        // Subscribed once the server had a moment to run onSubscribe; the runner also waits.
        setTimeout(() => {
          clearTimeout(timer);
          resolve();
        }, 5);
        return;
      }
      const at = now();
      const message = JSON.parse(text) as { type: string; payload?: { data?: { opinionPublished?: { seq: number }; sessionEvents?: { opinion?: { seq: number } | null } } } };
      if (message.type === 'ping') socket.send('{"type":"pong"}');
      const result = message.payload?.data;
      const seq = result?.opinionPublished?.seq ?? result?.sessionEvents?.opinion?.seq;
      if (message.type === 'next' && typeof seq === 'number') {
        if (seen.has(seq)) {
          duplicated++;
          return;
        }
        seen.add(seq);
        let list = receipts.get(seq);
        if (!list) receipts.set(seq, (list = []));
        list.push(at);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    sockets.push(socket);
  });
}

process.on('message', async (message: ConnectCommand | { cmd: 'collect' } | { cmd: 'close' }) => {
  if (message.cmd === 'connect') {
    const batch = 200;
    try {
      for (let i = 0; i < message.count; i += batch) {
        await Promise.all(Array.from({ length: Math.min(batch, message.count - i) }, (_, j) => open(message, i + j)));
      }
      process.send!({ ready: sockets.length });
    } catch (error) {
      process.send!({ error: String(error) });
    }
  } else if (message.cmd === 'collect') {
    process.send!({ receipts: [...receipts.entries()], duplicated });
    receipts.clear();
  } else if (message.cmd === 'close') {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
