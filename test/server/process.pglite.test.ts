import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServerProcess } from '../helpers/process.js';

// These start `src/index.ts` as a process on an embedded database; the pglite project runs them.
describe('the server process', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-proc-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('should start in production on the embedded database without any setting, keeping a generated secret', async () => {
    const dir = dataDir();
    const server = await startServerProcess({ NODE_ENV: 'production', DATA_DIR: dir, JWT_SECRET: '' });
    try {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ units { id } }' }),
      });
      expect(response.status).toBe(200);
      expect(fs.statSync(path.join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
      expect(server.output()).not.toMatch(/BEGIN|password/i);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 90_000);

  it('should close sockets with 1001 and exit 0 on SIGTERM', async () => {
    const server = await startServerProcess({ DATA_DIR: dataDir() });
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const acked = new Promise<void>((resolve) => {
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
      socket.on('message', (data) => JSON.parse(String(data)).type === 'connection_ack' && resolve());
    });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await acked;
    const started = Date.now();
    server.child.kill('SIGTERM');
    expect(await closed).toBe(1001);
    expect(await server.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 90_000);

  it('should create the admin from ADMIN_EMAIL and ADMIN_PASSWORD without logging the password', async () => {
    const password = 'Mật-khẩu-quản-trị-2026';
    const server = await startServerProcess({ DATA_DIR: dataDir(), ADMIN_EMAIL: 'admin@catp.gov.vn', ADMIN_PASSWORD: password });
    try {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation($p: String!) { login(email: "admin@catp.gov.vn", password: $p) { viewer { role } } }', variables: { p: password } }),
      });
      expect(((await response.json()) as { data: { login: { viewer: { role: string } } } }).data.login.viewer.role).toBe('ADMIN');
      expect(server.output()).toContain('created the first admin');
      expect(server.output()).not.toContain(password);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 90_000);
});
