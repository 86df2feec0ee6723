import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { startApp, type RunningApp, type StartOptions } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createTestDatabase, type TestDatabase } from './database.js';

async function sharedDatabase(of: TestDatabase): Promise<TestDatabase> {
  if (!of.url) throw new Error('only a PostgreSQL test database can be shared');
  const database = await openDatabase({ url: of.url, poolSize: 5 });
  return { database, url: of.url, drop: () => database.close() };
}

/** What test clients ask for (requests, sockets): English, the text as thrown; test/server/error-language.test.ts covers the rest. */
export const TEST_LANGUAGE = 'en';

export const TEST_JWT_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/**
 * Rate limits no ordinary test reaches (many submissions from one client, one address); the
 * rate-limit tests pass lower ones in `env`.
 */
export const GENEROUS_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_SUBMIT_OPINION_PER_POSTER: '100000',
  RATE_LIMIT_SUBMIT_OPINION_PER_IP: '100000',
  RATE_LIMIT_SUBMIT_OPINION_ANONYMOUS_PER_IP: '100000',
  RATE_LIMIT_INTAKE_PER_STAFF: '100000',
  RATE_LIMIT_UPVOTE_PER_CITIZEN: '100000',
  RATE_LIMIT_UPVOTE_PER_IP: '100000',
  RATE_LIMIT_JOIN_PER_IP: '100000',
  RATE_LIMIT_JOIN_PER_IP_PER_HOUR: '100000',
  RATE_LIMIT_JOIN_PER_DEVICE_PER_HOUR: '100000',
  RATE_LIMIT_SESSION_BY_CODE_PER_IP: '100000',
  RATE_LIMIT_SESSION_BY_CODE_PER_IP_PER_HOUR: '100000',
  RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL: '100000',
  RATE_LIMIT_LOGIN_FAILURES_PER_IP: '100000',
};

export interface GraphQLResult<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown }; path?: (string | number)[] }[];
}

export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
}

export interface TestServer {
  app: RunningApp;
  db: TestDatabase;
  url: string;
  /** Sends a typed operation over HTTP POST. */
  request<R, V>(doc: TypedDocumentNode<R, V>, variables?: V, options?: RequestOptions): Promise<GraphQLResult<R>>;
  /** Sends raw JSON (for malformed or hand-written requests). */
  post(body: unknown, options?: RequestOptions): Promise<GraphQLResult<unknown>>;
  /** Stops the server and starts it again on the same port and database (clients see a restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the real server on a free port over a fresh test database, or over the database of
 * another test server (`shareDatabaseOf`, PostgreSQL only: several instances, one database), or
 * on the very database object of a server whose app was closed (`restartOf`: a restart, on
 * PGlite too; close only the last server, which drops the database).
 * `logger` replaces the server's own (tests that read the logs); `ws` shortens WebSocket timeouts.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: {
    shareDatabaseOf?: TestServer;
    restartOf?: TestServer;
    logger?: Logger;
    ws?: StartOptions['ws'];
    webDir?: string;
    /** What the app gets instead of the test database (e.g. countingDatabase); the test database is still the one dropped. */
    wrapDatabase?: (database: Database) => Database;
  } = {},
): Promise<TestServer> {
  const db = options.restartOf
    ? options.restartOf.db
    : options.shareDatabaseOf
      ? await sharedDatabase(options.shareDatabaseOf.db)
      : await createTestDatabase({ migrated: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-test-'));
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, ...GENEROUS_RATE_LIMITS, ...env });
  const start = (port: number) =>
    startApp({ ...config, port }, { database: options.wrapDatabase ? options.wrapDatabase(db.database) : db.database, logger: options.logger, ws: options.ws, webDir: options.webDir });
  let app = await start(config.port);
  const post = async (body: unknown, options: RequestOptions = {}) => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // Tests read the messages as thrown (English); the Vietnamese default has its own tests.
        'accept-language': TEST_LANGUAGE,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text);
    } catch {
      json = { errors: [{ message: text }] };
    }
    return { status: response.status, ...json } as GraphQLResult<unknown>;
  };
  return {
    get app() {
      return app;
    },
    db,
    url: app.url,
    request: async (doc, variables, options) =>
      (await post({ query: print(doc), variables: variables ?? {} }, options)) as GraphQLResult<never>,
    post,
    restart: async () => {
      await app.close();
      app = await start(app.port);
      // fetch keeps idle sockets to the old server; the first use of each fails. Use them up here.
      for (let i = 0; i < 10; i++) {
        if (await fetch(app.url.replace(/\/graphql$/, '/healthz')).then(() => true, () => false)) break;
      }
    },
    close: async () => {
      await app.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The data of a result that must have succeeded; fails the test with the errors otherwise. */
export function ok<T>(result: GraphQLResult<T>): T {
  if (result.errors?.length || !result.data) {
    throw new Error(`expected success, got ${result.status}: ${JSON.stringify(result.errors)}`);
  }
  return result.data;
}

/** The code of the first error of a result that must have failed. */
export function errorCode(result: GraphQLResult<unknown>): string | undefined {
  if (!result.errors?.length) throw new Error(`expected an error, got data ${JSON.stringify(result.data)}`);
  return result.errors[0].extensions?.code;
}
