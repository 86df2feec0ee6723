import net from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setImmediate as nextLoopTurn, setTimeout as sleep } from 'node:timers/promises';

/** Time for a client that got its last answer just before the drain to send its next request. */
const SETTLE_MS = 250;

/**
 * First step of a graceful HTTP stop, before `fastify.close()`: stops accepting connections,
 * answers every further request with `Connection: close` so clients let go of their keep-alive
 * sockets, and waits until requests already sent on open sockets have been read (then they
 * count as in progress, and fastify.close() lets them finish).
 *
 * Without it, `http.Server#close` drops at once every socket with no request in progress, and
 * with it any request still waiting to be read: the client sees a reset for a mutation that was
 * about to run. A busy event loop (PGlite runs queries on it) leaves several such requests
 * waiting in the kernel.
 */
export async function drainHttp(server: Server): Promise<void> {
  if (!server.listening) return;
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (!response.headersSent) response.shouldKeepAlive = false;
  });
  // net.Server's close, not http.Server's: refuse new connections, keep the open ones.
  net.Server.prototype.close.call(server);
  await sleep(SETTLE_MS);
  // A timer can fire right after a long task, before the loop has polled sockets again: two
  // more turns guarantee a poll phase, which reads every request that reached the kernel.
  await nextLoopTurn();
  await nextLoopTurn();
}
