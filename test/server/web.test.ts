import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildTestWeb } from '../helpers/browser.js';

const PRODUCTION = { NODE_ENV: 'production', LOG_LEVEL: 'silent' };

describe('web pages (server side)', () => {
  let webDir: string;
  let server: TestServer;
  let unbuilt: TestServer;
  let base: string;

  beforeAll(async () => {
    webDir = await buildTestWeb();
    server = await startTestServer(PRODUCTION, { webDir });
    unbuilt = await startTestServer(PRODUCTION, { webDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-no-web-')) });
    base = new URL(server.url).origin;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await unbuilt?.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('should not loosen the API policy in production while the pages have their own', async () => {
    const api = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { id } }"}' });
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get('cache-control')).toBe('no-store');

    const page = await fetch(`${base}/s/ABC234`);
    const policy = page.headers.get('content-security-policy')!;
    const host = new URL(base).host;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain(`connect-src 'self' ws://${host} wss://${host}`);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/unsafe|\*|https?:/);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('should name no socket host when the Host header is not a host name', async () => {
    const { request } = await import('node:http');
    const policy = await new Promise<string>((resolve, reject) => {
      const req = request(`${base}/`, { headers: { host: "evil.example; script-src *" } }, (res) => {
        res.resume();
        resolve(String(res.headers['content-security-policy']));
      });
      req.on('error', reject);
      req.end();
    });
    expect(policy).toContain("connect-src 'self';");
    expect(policy).not.toContain('evil');
  });

  it('should serve each page shell, fresh every time, naming only its own assets', async () => {
    for (const pathname of ['/', '/s/ABC234', '/console', '/console/report', '/console/minutes/6bfaf6d2-e904-4938-b94b-270a6aae7e9c', '/screen/6bfaf6d2-e904-4938-b94b-270a6aae7e9c']) {
      const response = await fetch(base + pathname);
      expect(response.status, pathname).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const html = await response.text();
      expect(html).toContain('<html lang="vi">');
      for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) expect(url, pathname).toMatch(/^\/assets\//);
    }
  });

  it('should send hashed assets gzipped and cacheable for good', async () => {
    const html = await (await fetch(`${base}/s/ABC234`)).text();
    const script = /src="(\/assets\/citizen-[^"]+\.js)"/.exec(html)![1];
    const response = await fetch(base + script, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // fetch has already unzipped it.
    expect(Buffer.from(await response.arrayBuffer()).equals(fs.readFileSync(path.join(webDir, script)))).toBe(true);
    expect(fs.statSync(path.join(webDir, `${script}.gz`)).size).toBeLessThan(fs.statSync(path.join(webDir, script)).size / 2);
  });

  it('should answer 404 for an unknown asset and 503 for pages that were never built', async () => {
    expect((await fetch(`${base}/assets/../../package.json`)).status).toBe(404);
    expect((await fetch(`${base}/assets/nothing-ABCDEFGH.js`)).status).toBe(404);
    const missing = await fetch(`${new URL(unbuilt.url).origin}/console`);
    expect(missing.status).toBe(503);
    expect(await missing.text()).toContain('npm run build');
    expect((await fetch(unbuilt.url.replace('/graphql', '/healthz'))).status).toBe(200);
  });
});
