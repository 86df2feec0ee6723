import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { projectRoot } from '../common/paths.js';

/** Where `npm run build` puts the pages (src/web-build.ts). */
export const DEFAULT_WEB_DIR = path.join(projectRoot(), 'dist', 'web');

interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer | null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// Which page shell each browser route gets; the page's script reads the rest of the path.
const PAGE_ROUTES: Record<string, string> = {
  '/': 'home',
  '/s/:code': 'citizen',
  '/console': 'console',
  '/console/report': 'report',
  '/console/minutes/:sessionId': 'minutes',
  '/screen/:sessionId': 'screen',
};

/** Reads the built files once: a few small files, served from memory. */
function loadWebFiles(dir: string): Map<string, Asset> {
  const files = new Map<string, Asset>();
  const add = (file: string, name: string) => {
    const type = TYPES[path.extname(file)];
    if (!type) return;
    const gz = `${file}.gz`;
    files.set(name, { type, body: fs.readFileSync(file), gzip: fs.existsSync(gz) ? fs.readFileSync(gz) : null });
  };
  for (const page of new Set(Object.values(PAGE_ROUTES))) add(path.join(dir, `${page}.html`), page);
  for (const file of fs.readdirSync(path.join(dir, 'assets'))) add(path.join(dir, 'assets', file), `/assets/${file}`);
  add(path.join(dir, 'sw.js'), '/sw.js');
  return files;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset, cacheControl: string) {
  reply.header('content-type', asset.type).header('cache-control', cacheControl).header('vary', 'accept-encoding');
  if (asset.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    return reply.header('content-encoding', 'gzip').send(asset.gzip);
  }
  return reply.send(asset.body);
}

/**
 * The browser pages (citizen page, staff console, big screen, report) and their assets, on the
 * API's own port. Routes carry `config.webPage`, which gives them the pages' CSP (security.ts).
 * Without a build (no dist/web) the pages answer 503 and say how to build them; the API is unaffected.
 */
export function registerWebRoutes(app: FastifyInstance, { dir = DEFAULT_WEB_DIR, logger }: { dir?: string; logger: Logger }): void {
  let files: Map<string, Asset>;
  try {
    files = loadWebFiles(dir);
  } catch {
    logger.warn({ dir }, 'web pages not built (npm run build): / and the console answer 503');
    files = new Map();
  }
  const config = { webPage: true };
  for (const [url, page] of Object.entries(PAGE_ROUTES)) {
    app.get(url, { config }, async (request, reply) => {
      const asset = files.get(page);
      if (!asset) return reply.code(503).type('text/plain; charset=utf-8').send('Web pages are not built: run `npm run build`.\n');
      // Shells are tiny and name the current hashed assets: revalidate every time.
      return send(request, reply, asset, 'no-cache');
    });
  }
  // The citizen page's service worker: revalidated every time, so a new build's worker replaces the old one.
  app.get('/sw.js', { config }, async (request, reply) => {
    const asset = files.get('/sw.js');
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    return send(request, reply, asset, 'no-cache');
  });
  // A home-screen app per session: it opens on the session whose page offered it.
  app.get<{ Params: { code: string } }>('/s/:code/manifest.webmanifest', { config }, async (request, reply) => {
    reply.header('content-type', 'application/manifest+json; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return citizenManifest(request.params.code);
  });
  app.get<{ Params: { file: string } }>('/assets/:file', { config }, async (request, reply) => {
    const asset = files.get(`/assets/${request.params.file}`);
    if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    // Content-hashed names (icon.svg aside): a changed file has a new name.
    const immutable = /-[A-Z0-9]{8}\./.test(request.params.file);
    return send(request, reply, asset, immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
  });
}

/** The web app manifest of a session's citizen page (installable over HTTPS or on localhost). */
export function citizenManifest(code: string) {
  return {
    name: 'Lắng Nghe: gửi ý kiến',
    short_name: 'Lắng Nghe',
    description: 'Gửi ý kiến, câu hỏi, phản ánh đến phiên đối thoại của Công an và theo dõi trả lời.',
    lang: 'vi',
    start_url: `/s/${encodeURIComponent(code)}`,
    scope: '/s/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#9b1c1c',
    icons: [
      { src: '/assets/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/assets/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/assets/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/assets/icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
  };
}
