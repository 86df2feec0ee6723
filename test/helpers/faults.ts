import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { openDatabase, type Database } from '../../src/db/client.js';
import { PASSWORD } from './fixtures.js';
import { startServerProcess, type ServerProcess } from './process.js';
import { ok, TEST_LANGUAGE, type GraphQLResult } from './server.js';
import { CreateSessionDocument, CreateUnitDocument, LoginDocument, SetSessionStatusDocument, SubmitOpinionDocument } from '../generated/graphql.js';

/** What became of one submission sent during a fault. */
export interface Submission {
  body: string;
  /** `acknowledged`: answered with data; `refused`: answered with errors; `failed`: no answer. */
  outcome: 'acknowledged' | 'refused' | 'failed';
  /** When the request was sent and when its outcome was known (Date.now()). */
  sentAt: number;
  settledAt: number;
  id?: string;
  seq?: number;
  /** HTTP status of an answer. */
  status?: number;
  /** First error message and code of a refusal, or the network error of a failure. */
  message?: string;
  code?: string;
}

export interface SubmissionStorm {
  readonly submissions: Submission[];
  acknowledged(): Submission[];
  /** Resolves once `count` submissions have been acknowledged; fails after `timeoutMs`. */
  acknowledgedAtLeast(count: number, timeoutMs?: number): Promise<void>;
  /** Lets each loop finish its current request, then resolves. */
  stop(): Promise<Submission[]>;
}

const SUBMIT = print(SubmitOpinionDocument);

/** The cause code of a failed fetch: ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET, TimeoutError… */
function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; name?: string } }).cause;
  return cause?.code ?? cause?.name ?? (error as Error).name ?? 'UNKNOWN';
}

/** Posts one opinion over HTTP and says what became of it; never throws. */
export async function submitOverHttp({ url, sessionId, body, timeoutMs = 15_000 }: { url: string; sessionId: string; body: string; timeoutMs?: number }): Promise<Submission> {
  const sentAt = Date.now();
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': TEST_LANGUAGE },
      body: JSON.stringify({ query: SUBMIT, variables: { input: { sessionId, body } } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    return { body, outcome: 'failed', sentAt, settledAt: Date.now(), message: (error as Error).message, code: networkCode(error) };
  }
  const answered = { body, sentAt, settledAt: Date.now(), status: response.status };
  let json: { data?: { submitOpinion?: { id: string; seq: number } } | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    json = JSON.parse(text);
  } catch {
    // A truncated or non-JSON answer: the worst outcome, kept as a refusal with its text.
    return { ...answered, outcome: 'refused', message: `unparsable: ${text.slice(0, 200)}`, code: 'UNPARSABLE' };
  }
  const opinion = json.data?.submitOpinion;
  if (opinion && !json.errors?.length) return { ...answered, outcome: 'acknowledged', id: opinion.id, seq: opinion.seq };
  const [error] = json.errors ?? [{ message: 'no data and no errors' }];
  return { ...answered, outcome: 'refused', message: error.message, code: error.extensions?.code };
}

/**
 * Posts opinions into `sessionId` from `loops` concurrent loops, each waiting for its answer
 * before the next, until stopped or `perLoop` have been sent. Every outcome is kept. After a
 * failure a loop pauses `pauseAfterFailureMs` so a dead server is not hammered.
 */
export function submissionStorm({
  url,
  sessionId,
  loops = 10,
  perLoop = 1000,
  requestTimeoutMs = 15_000,
  pauseAfterFailureMs = 25,
}: {
  url: string;
  sessionId: string;
  loops?: number;
  perLoop?: number;
  requestTimeoutMs?: number;
  pauseAfterFailureMs?: number;
}): SubmissionStorm {
  const submissions: Submission[] = [];
  let stopped = false;
  const waiters: { count: number; resolve: () => void }[] = [];
  const acknowledged = () => submissions.filter((s) => s.outcome === 'acknowledged');

  const loop = async (n: number) => {
    for (let i = 0; i < perLoop && !stopped; i++) {
      const body = `Ý kiến ${n}-${i}: đề nghị tăng cường tuần tra quanh chợ Đồng Xuân buổi tối`;
      const submission = await submitOverHttp({ url, sessionId, body, timeoutMs: requestTimeoutMs });
      submissions.push(submission);
      if (submission.outcome === 'acknowledged') {
        const count = acknowledged().length;
        for (const waiter of waiters.filter((w) => w.count <= count)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      } else {
        await new Promise((resolve) => setTimeout(resolve, pauseAfterFailureMs));
      }
    }
  };
  const running = Promise.all(Array.from({ length: loops }, (_, n) => loop(n)));

  return {
    submissions,
    acknowledged,
    acknowledgedAtLeast: (count, timeoutMs = 20_000) =>
      acknowledged().length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`only ${acknowledged().length} of ${count} submissions acknowledged in ${timeoutMs} ms: ${JSON.stringify(submissions.slice(-3))}`)),
              timeoutMs,
            );
            waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
          }),
    stop: async () => {
      stopped = true;
      await running;
      return submissions;
    },
  };
}

/** The first admin of a server process started for a fault test (ADMIN_EMAIL, ADMIN_PASSWORD). */
export const FAULT_ADMIN = { ADMIN_EMAIL: 'quantri.suco@congan.test', ADMIN_PASSWORD: PASSWORD };

/** Sends a typed operation to a server that is not in this process. */
async function requestOver<R, V>(url: string, doc: TypedDocumentNode<R, V>, variables: V, token?: string): Promise<GraphQLResult<R>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': TEST_LANGUAGE, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(doc), variables }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/**
 * A LIVE, post-moderated session created through the API of a server started with FAULT_ADMIN:
 * cheaper than seeding in this process, which would open the database a second time.
 */
export async function seedOverHttp(url: string): Promise<{ sessionId: string }> {
  const { login } = ok(await requestOver(url, LoginDocument, { email: FAULT_ADMIN.ADMIN_EMAIL, password: FAULT_ADMIN.ADMIN_PASSWORD }));
  const { token } = login;
  const { createUnit } = ok(await requestOver(url, CreateUnitDocument, { input: { name: 'Công an phường Hàng Bạc' } }, token));
  const { createSession } = ok(
    await requestOver(
      url,
      CreateSessionDocument,
      { input: { unitId: createUnit.id, title: 'Đối thoại về an ninh trật tự khu phố cổ', startsAt: new Date().toISOString(), moderationMode: 'POST' } },
      token,
    ),
  );
  ok(await requestOver(url, SetSessionStatusDocument, { id: createSession.id, status: 'LIVE' }, token));
  return { sessionId: createSession.id };
}

export interface StoredSession {
  lastSeq: number;
  opinions: { id: string; seq: number; body: string }[];
}

/** A session's counter and opinions as stored, read straight from the database. */
export async function readStoredSession(database: Database, sessionId: string): Promise<StoredSession> {
  const session = await database.prisma.forumSession.findUniqueOrThrow({ where: { id: sessionId }, select: { lastSeq: true } });
  const opinions = await database.prisma.opinion.findMany({ where: { sessionId }, select: { id: true, seq: true, body: true }, orderBy: { seq: 'asc' } });
  return { lastSeq: session.lastSeq, opinions };
}

/** 1..n, what a session's seqs must be. */
export const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The acknowledged submissions that are not stored as answered (missing, other body or seq). */
export function lostSubmissions(acknowledged: Submission[], stored: StoredSession): Submission[] {
  const storedById = new Map(stored.opinions.map((o) => [o.id, o]));
  return acknowledged.filter((s) => storedById.get(s.id!)?.body !== s.body || storedById.get(s.id!)?.seq !== s.seq);
}

/**
 * Starts a server process on the database `env` names, seeds a LIVE session, fires submissions
 * from 10 loops and kills the process with SIGKILL once `acknowledgements` have been answered.
 */
export async function killMidStream({ env, acknowledgements, track }: { env: Record<string, string>; acknowledgements: number; track: (server: ServerProcess) => void }) {
  const server = await startServerProcess({ ...env, ...FAULT_ADMIN });
  track(server);
  const { sessionId } = await seedOverHttp(server.url);
  const storm = submissionStorm({ url: server.url, sessionId, loops: 10 });
  await storm.acknowledgedAtLeast(acknowledgements);
  server.child.kill('SIGKILL');
  await server.exited;
  const sent = await storm.stop();
  return { sessionId, sent, acknowledged: sent.filter((s) => s.outcome === 'acknowledged') };
}

/**
 * Restarts a server process on the embedded database in `dataDir`, posts one opinion through it,
 * stops it with SIGTERM and reads the session from the folder (PGlite holds it exclusively, so
 * only once the server is gone).
 */
export async function restartAndReadPglite({ dataDir, sessionId, track }: { dataDir: string; sessionId: string; track: (server: ServerProcess) => void }) {
  const restarted = await startServerProcess({ DATA_DIR: dataDir });
  track(restarted);
  const afterRestart = await submitOverHttp({ url: restarted.url, sessionId, body: 'Góp ý sau khi máy chủ khởi động lại' });
  restarted.child.kill('SIGTERM');
  const exitCode = await restarted.exited;
  const database = await openDatabase({ dataDir });
  try {
    return { afterRestart, exitCode, stored: await readStoredSession(database, sessionId) };
  } finally {
    await database.close();
  }
}

/**
 * A data folder and a register of server processes for one fault-test file; afterAll kills
 * whatever is still running and removes the folder.
 */
export function faultWorkspace(prefix: string): { dataDir: string; track: (server: ServerProcess) => void } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await Promise.all(servers.map((server) => server.exited));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { dataDir, track: (server) => servers.push(server) };
}
