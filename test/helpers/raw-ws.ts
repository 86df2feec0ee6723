import crypto from 'node:crypto';
import http from 'node:http';
import WebSocket from 'ws';
import { TEST_LANGUAGE } from './server.js';

export interface ProtocolMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * A bare `ws` socket speaking graphql-transport-ws by hand, for tests of protocol faults that
 * a well-behaved client (graphql-ws's) never commits.
 */
export class RawSocket {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  /** The close code and reason, once the socket is closed (by either side). */
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly received: ProtocolMessage[] = [];
  private readonly waiters: { matches: (message: ProtocolMessage) => boolean; resolve: (message: ProtocolMessage) => void }[] = [];

  /** `protocols`: the subprotocols offered; graphql-transport-ws unless told otherwise. */
  constructor(url: string, protocols: string | string[] = 'graphql-transport-ws') {
    this.socket = new WebSocket(url, protocols, { headers: { 'accept-language': TEST_LANGUAGE } });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    this.socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as ProtocolMessage;
      const waiter = this.waiters.find((w) => w.matches(message));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      } else {
        this.received.push(message);
      }
    });
  }

  /** Sends an object as JSON, or a string as it is (for malformed messages). */
  async send(message: ProtocolMessage | string): Promise<void> {
    await this.opened;
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message of `type`; fails after `timeoutMs` or when the socket closes first. */
  next(type: string, timeoutMs = 5000): Promise<ProtocolMessage> {
    return this.nextWhere((message) => message.type === type, type, timeoutMs);
  }

  /** The next `next` message of subscription `id`, as next() does. */
  nextOf(id: string, timeoutMs = 5000): Promise<ProtocolMessage> {
    return this.nextWhere((message) => message.type === 'next' && message.id === id, `next of ${id}`, timeoutMs);
  }

  private nextWhere(matches: (message: ProtocolMessage) => boolean, what: string, timeoutMs: number): Promise<ProtocolMessage> {
    const queued = this.received.find(matches);
    if (queued) {
      this.received.splice(this.received.indexOf(queued), 1);
      return Promise.resolve(queued);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
      const waiter = { matches, resolve: (message: ProtocolMessage) => (clearTimeout(timer), resolve(message)) };
      this.waiters.push(waiter);
      void this.closed.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`closed with ${code} before ${what}`));
      });
    });
  }

  /** Opens the connection: connection_init with `payload`, then waits for connection_ack. */
  async acknowledge(payload?: Record<string, unknown>): Promise<void> {
    await this.send({ type: 'connection_init', ...(payload ? { payload } : {}) });
    await this.next('connection_ack');
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * Upgrades to WebSocket offering `protocol` and reads the server's first frame, which must be a
 * close frame: its code and reason. For subprotocols the server does not select, where the `ws`
 * client gives up on its own ("Server sent no subprotocol") before it reads what the server said.
 */
export function closeFrameAfterUpgrade(url: string, protocol: string, timeoutMs = 5000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url.replace(/^ws/, 'http'), {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': crypto.randomBytes(16).toString('base64'),
        'sec-websocket-protocol': protocol,
      },
      timeout: timeoutMs,
    });
    request.on('upgrade', (_response, socket, head) => {
      let frame = head;
      const read = () => {
        // A close frame from the server: 0x88, unmasked, payload under 126 bytes (code + reason).
        if (frame.length < 2 || frame.length < 2 + (frame[1] & 0x7f)) return;
        socket.destroy();
        if (frame[0] !== 0x88) return reject(new Error(`first frame is not a close frame: ${frame.subarray(0, 2).toString('hex')}`));
        const length = frame[1] & 0x7f;
        resolve({ code: frame.readUInt16BE(2), reason: frame.subarray(4, 2 + length).toString('utf8') });
      };
      socket.on('data', (chunk: Buffer) => {
        frame = Buffer.concat([frame, chunk]);
        read();
      });
      read();
    });
    request.on('response', (response) => reject(new Error(`no upgrade: HTTP ${response.statusCode}`)));
    request.on('timeout', () => request.destroy(new Error('no close frame in time')));
    request.on('error', reject);
    request.end();
  });
}
