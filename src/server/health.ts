import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/client.js';

/** A dependency the server needs to serve traffic, checked by /readyz. */
export interface ReadinessCheck {
  name: string;
  ping(): Promise<boolean>;
}

/** A check that does not answer within this time counts as down, so probes never hang. */
const PING_TIMEOUT_MS = 2000;

async function answers(ping: () => Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([ping().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: liveness, 200 while the process and its database answer. `/readyz`: readiness,
 * 200 only when every check (database; Redis when configured) answers, else 503 naming what is down.
 */
export function registerHealthRoutes(app: FastifyInstance, options: { database: Database; readiness: ReadinessCheck[] }): void {
  app.get('/healthz', async (_request, reply) => {
    const ok = await answers(() => options.database.ping());
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable' });
  });

  app.get('/readyz', async (_request, reply) => {
    const results = await Promise.all(options.readiness.map(async (check) => [check.name, await answers(() => check.ping())] as const));
    const checks = Object.fromEntries(results.map(([name, up]) => [name, up ? 'ok' : 'down']));
    const down = results.filter(([, up]) => !up).map(([name]) => name);
    return reply.code(down.length ? 503 : 200).send({ status: down.length ? 'unavailable' : 'ready', checks, down });
  });
}
