import net from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { setImmediate as nextLoopTurn, setTimeout as sleep } from 'node:timers/promises';

/** Time for a client that got its last answer just before the drain to send its next request. */
const SETTLE_MS = 250;

/**
 * The graceful HTTP stop's first step, before `fastify.close()`. Made with the server, so it
 * knows the responses in progress.
 *
 * `drain()` stops accepting connections, answers every further request with `Connection: close`
 * so clients let go of their keep-alive sockets, and waits until requests already sent on open
 * sockets have been read (then they count as in progress, and fastify.close() lets them finish).
 * Responses still being prepared when the drain starts (a submission waiting for its batch's
 * commit, say) are sent with `Connection: close` too: otherwise their clients would send the next
 * request on a socket that fastify.close() then drops as idle, before reading it (a reset).
 *
 * Without it, `http.Server#close` drops at once every socket with no request in progress, and
 * with it any request still waiting to be read: the client sees a reset for a mutation that was
 * about to run. A busy event loop leaves several such requests waiting in the kernel.
 */
export class HttpDrain {
  /** Responses not yet finished, of this server only. */
  private readonly inProgress = new Set<ServerResponse>();
  private draining = false;

  constructor(private readonly server: Server) {
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      if (this.draining) {
        if (!response.headersSent) response.shouldKeepAlive = false;
        return;
      }
      this.inProgress.add(response);
      response.once('close', () => this.inProgress.delete(response));
    });
  }

  async drain(): Promise<void> {
    if (!this.server.listening || this.draining) return;
    this.draining = true;
    for (const response of this.inProgress) if (!response.headersSent) response.shouldKeepAlive = false;
    this.inProgress.clear();
    // net.Server's close, not http.Server's: refuse new connections, keep the open ones.
    net.Server.prototype.close.call(this.server);
    await sleep(SETTLE_MS);
    // A timer can fire right after a long task, before the loop has polled sockets again: two
    // more turns guarantee a poll phase, which reads every request that reached the kernel.
    await nextLoopTurn();
    await nextLoopTurn();
  }
}
