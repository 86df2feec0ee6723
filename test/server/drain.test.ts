import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpDrain } from '../../src/server/drain.js';

// The first step of a graceful stop: every response sent from the drain on tells its client not
// to reuse the socket, including responses to requests that were already in progress (a
// submission waiting for its batch's commit). A client reusing such a socket would send its next
// request just as fastify.close() drops the socket as idle: a reset instead of a refusal.

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections();
});

/** A server whose answers wait until `release` is called; `arrived` resolves when a request is in. */
async function heldServer() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  const server = http.createServer(async (_request, response) => {
    arrived();
    await released;
    response.end('ok');
  });
  const drain = new HttpDrain(server);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true });
  const get = () =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, agent }, (response) => response.resume().once('end', () => resolve(response))).once('error', reject);
    });
  return { drain, release, arrival, get };
}

describe('HttpDrain', () => {
  it('should answer a request that was in progress when the drain began with Connection: close', async () => {
    const held = await heldServer();
    const answer = held.get();
    await held.arrival;
    const draining = held.drain.drain();
    held.release();
    const response = await answer;
    expect(response.headers.connection).toBe('close');
    await draining;
  });

  it('should keep the socket alive for a request answered without a drain (the control)', async () => {
    const held = await heldServer();
    const answer = held.get();
    await held.arrival;
    held.release();
    const response = await answer;
    expect(response.headers.connection).toBe('keep-alive');
  });
});
