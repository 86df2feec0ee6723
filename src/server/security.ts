import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A browser page or its asset (web.ts): the pages' CSP, and the handler's own caching. */
    webPage?: boolean;
  }
}

export interface HttpPostureOptions {
  production: boolean;
  /** Browser origins that get CORS headers; empty allows any. */
  allowedOrigins: string[];
}

/**
 * CORS from ALLOWED_ORIGINS, and the headers every HTTP response carries: no sniffing, no
 * framing, no referrer, no caching (answers are per viewer), HSTS in production, and the
 * request id (X-Request-Id) that masked errors and the logs quote.
 */
export async function registerHttpPosture(app: FastifyInstance, options: HttpPostureOptions): Promise<void> {
  await app.register(cors, {
    // A listed origin is echoed back; any other gets no CORS headers, so browsers refuse the answer.
    origin: options.allowedOrigins.length > 0 ? options.allowedOrigins : '*',
    methods: ['GET', 'POST'],
    exposedHeaders: ['x-request-id'],
    maxAge: 600,
  });
  // In production only JSON and text are served (the landing page is off), so nothing may load.
  const contentSecurityPolicy = options.production ? "default-src 'none'; frame-ancestors 'none'" : "frame-ancestors 'none'";
  app.addHook('onSend', async (request, reply, payload) => {
    const webPage = request.routeOptions.config?.webPage === true;
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', webPage ? webPagePolicy(request.headers.host) : contentSecurityPolicy);
    reply.header('referrer-policy', 'no-referrer');
    if (!webPage || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (options.production) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
}

// A Host header as browsers send it: a name or an IPv4/IPv6 address, and maybe a port.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The pages' policy: scripts, styles and images from this server only, no inline code, and
 * connections only back to it (/graphql over HTTP and the WebSocket on the same host; 'self'
 * does not cover ws: in every browser, so the host is named).
 */
export function webPagePolicy(host: string | undefined): string {
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    // The citizen page's manifest and service worker (installable, opens offline).
    "manifest-src 'self'",
    "worker-src 'self'",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
