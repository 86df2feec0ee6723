// Reconnecting `sessionEvents` clients for the reconnect-storm benchmark, in their own process,
// driven over IPC by test/bench/run.ts. Each client keeps the cursor of the last event it got;
// when its socket closes (the server restarts) it reconnects at once, retrying every ~200 ms
// while the server is down, and resumes with `after: <that cursor>`, as the web pages do.
import WebSocket from 'ws';

interface ConnectCommand {
  cmd: 'connect';
  url: string;
  count: number;
  query: string;
  sessionId: string;
}

interface Client {
  cursor: string | null;
  /** Opinion seq → first receipt time (ms). */
  seen: Map<number, number>;
  duplicated: number;
  connections: number;
}

const now = () => performance.timeOrigin + performance.now();
const clients: Client[] = [];
const sockets = new Set<WebSocket>();
let stopping = false;

function connect(command: ConnectCommand, client: Client, index: number): void {
  if (stopping) return;
  const socket = new WebSocket(command.url, 'graphql-transport-ws');
  sockets.add(socket);
  socket.on('open', () => socket.send('{"type":"connection_init"}'));
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as {
      type: string;
      payload?: { data?: { sessionEvents?: { cursor: string; opinion?: { seq: number } | null } } };
    };
    if (message.type === 'connection_ack') {
      client.connections++;
      const variables = { s: command.sessionId, after: client.cursor };
      socket.send(JSON.stringify({ id: `e${index}`, type: 'subscribe', payload: { query: command.query, variables } }));
    } else if (message.type === 'ping') {
      socket.send('{"type":"pong"}');
    } else if (message.type === 'next') {
      const event = message.payload?.data?.sessionEvents;
      if (!event) return;
      client.cursor = event.cursor;
      const seq = event.opinion?.seq;
      if (typeof seq !== 'number') return;
      if (client.seen.has(seq)) client.duplicated++;
      else client.seen.set(seq, now());
    }
  });
  socket.on('error', () => {
    // 'close' follows: the retry is scheduled there.
  });
  socket.on('close', () => {
    sockets.delete(socket);
    if (!stopping) setTimeout(() => connect(command, client, index), 150 + Math.random() * 100);
  });
}

process.on('message', (message: ConnectCommand | { cmd: 'status'; seqs: number[] } | { cmd: 'close' }) => {
  if (message.cmd === 'connect') {
    for (let i = 0; i < message.count; i++) {
      const client: Client = { cursor: null, seen: new Map(), duplicated: 0, connections: 0 };
      clients.push(client);
      connect(message, client, i);
    }
    process.send!({ started: clients.length });
  } else if (message.cmd === 'status') {
    // How many clients hold every one of `seqs`, and when the last of them completed.
    let complete = 0;
    let lastCompletion = 0;
    let missing = 0;
    let duplicated = 0;
    let connections = 0;
    for (const client of clients) {
      duplicated += client.duplicated;
      connections += client.connections;
      let completion = 0;
      let has = true;
      for (const seq of message.seqs) {
        const at = client.seen.get(seq);
        if (at === undefined) {
          has = false;
          missing++;
        } else completion = Math.max(completion, at);
      }
      if (has) {
        complete++;
        lastCompletion = Math.max(lastCompletion, completion);
      }
    }
    process.send!({ complete, lastCompletion, missing, duplicated, connections });
  } else if (message.cmd === 'close') {
    stopping = true;
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
