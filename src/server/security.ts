import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

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
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
    if (options.production) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
}
