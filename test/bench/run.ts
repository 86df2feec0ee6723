// `npm run bench`: measures Lắng Nghe side by side with references in the same run and writes
// the table to bench-results/latest.md (and .json). Flags: --quick (smaller sizes, shorter runs),
// --sizes=1000,5000,10000, --events=N, --seconds=N, --soak-minutes=N (0 skips the soak).
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import WebSocket from 'ws';
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/process.js';
import { GENEROUS_RATE_LIMITS } from '../helpers/server.js';
import { loadConfig } from '../../src/config.js';
import { startApp } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { countingDatabase, createTestDatabase } from '../helpers/database.js';
import { buildSchema as buildSchemaFromSdl, parse, type OperationDefinitionNode } from 'graphql';
import Fastify from 'fastify';
import { ApolloServer } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import { DEFAULT_QUERY_LIMITS } from '../../src/config.js';
import { buildSchema } from '../../src/schema.js';
import { measureOperation } from '../../src/server/limits.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BENCH_DIST = path.join(ROOT, 'dist/bench');
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const quick = args.has('quick');
const SIZES = (args.get('sizes') ?? (quick ? '200,1000' : '1000,5000,10000')).split(',').map(Number);
const EVENTS = Number(args.get('events') ?? (quick ? 5 : 20));
const SECONDS = Number(args.get('seconds') ?? (quick ? 3 : 10));
// Measured turns per side in the throughput comparison (see submitThroughput).
const ROUNDS = quick ? 1 : 3;
const SOAK_MINUTES = Number(args.get('soak-minutes') ?? (quick ? 0 : 10));
// --only=fanout,events,storm,hall,throughput,page,soak,isolation runs a subset.
const ONLY = args.get('only')?.split(',');
const runs = (part: string) => !ONLY || ONLY.includes(part);
const ADMIN = { email: 'bench@langnghe.vn', password: 'bench-password-2026' };
const JWT_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const PUBLISHED = `subscription Feed($s: ID!) { opinionPublished(sessionId: $s) { id seq kind body authorName status upvotes createdAt } }`;
// The same fields through the session record; with no cursor each subscriber replays from the start.
const SESSION_EVENTS = `subscription Events($s: ID!) { sessionEvents(sessionId: $s) { cursor type opinion { id seq kind body authorName status upvotes createdAt } } }`;

interface Server {
  kind: 'lang-nghe' | 'reference';
  url: string;
  wsUrl: string;
  child: ChildProcess;
  /** The server's inspector, through which the harness asks for a full garbage collection. */
  inspectPort: number;
  stop(): Promise<void>;
}

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/**
 * RSS once garbage is gone: a full collection through the inspector (twice, so objects freed by
 * the first one's finalizers go too), then /proc. Without it RSS also counts whatever garbage the
 * last connections left, which depends on when V8 last collected more than on what is kept.
 */
async function settledRss(server: Server): Promise<number> {
  const [target] = (await (await fetch(`http://127.0.0.1:${server.inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  for (let id = 1; id <= 2; id++) {
    const answered = new Promise((resolve) => socket.once('message', resolve));
    socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
    await answered;
  }
  socket.close();
  await sleep(200);
  return rssBytes(server.child.pid!);
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  // Generous: on a machine busy with other work, opening the embedded database alone can take a minute.
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('server exited');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error(`not healthy: ${url}`);
}

/** BENCH_SERVER_NODE_ARGS: flags for both servers' node (ours and the reference), e.g. --cpu-prof. */
const serverNodeArgs = () => process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

/** Our server as `npm start` runs it; `at` reuses a port and a data folder (kept on stop), for a restart. */
async function startLangNghe(env: Record<string, string> = {}, at?: { port: number; dataDir: string }): Promise<Server> {
  const port = at?.port ?? (await freePort());
  const dataDir = at?.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-bench-'));
  const inspectPort = await freePort();
  const child = spawn(process.execPath, [...serverNodeArgs(), `--inspect=127.0.0.1:${inspectPort}`, '--enable-source-maps', 'dist/index.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      DATA_DIR: dataDir,
      JWT_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // The benchmark is one client address firing thousands of requests: lift the abuse limits.
      ...GENEROUS_RATE_LIMITS,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitHealthy(`http://127.0.0.1:${port}/healthz`, child);
  return {
    kind: 'lang-nghe',
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    child,
    inspectPort,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      if (!at) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startReference(): Promise<Server> {
  const inspectPort = await freePort();
  const child = fork(path.join(BENCH_DIST, 'reference-server.js'), [], { execArgv: [...serverNodeArgs(), `--inspect=127.0.0.1:${inspectPort}`], stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    kind: 'reference',
    url: `http://127.0.0.1:${port}/publish`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    child,
    inspectPort,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

// The load generator shares this 2-core machine with the server, so it should cost as little as
// possible: node:http on kept-alive sockets costs the client about a third of what fetch (undici)
// does per request, CPU the server then has.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

/** POSTs a GraphQL operation and returns its data; throws on errors. */
async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const body = JSON.stringify({ query, variables });
  const text = await new Promise<string>((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
  const json = JSON.parse(text) as { data?: T; errors?: unknown };
  if (json.errors || !json.data) throw new Error(`GraphQL error: ${JSON.stringify(json.errors)}`);
  return json.data;
}

/** A unit and a LIVE session (POST moderation, so every opinion is published at once). */
async function liveSession(url: string): Promise<{ sessionId: string; token: string }> {
  const { login } = await gql<{ login: { token: string } }>(url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: ADMIN.email, p: ADMIN.password });
  const token = login.token;
  const { createUnit } = await gql<{ createUnit: { id: string } }>(url, 'mutation { createUnit(input: { name: "Công an quận Hoàn Kiếm" }) { id } }', {}, token);
  const { createSession } = await gql<{ createSession: { id: string } }>(
    url,
    'mutation($u: ID!, $t: DateTime!) { createSession(input: { unitId: $u, title: "Đối thoại trực tuyến", startsAt: $t, moderationMode: POST }) { id } }',
    { u: createUnit.id, t: new Date().toISOString() },
    token,
  );
  await gql(url, 'mutation($id: ID!) { setSessionStatus(id: $id, status: LIVE) { id } }', { id: createSession.id }, token);
  return { sessionId: createSession.id, token };
}

const SUBMIT = 'mutation($s: ID!, $b: String!) { submitOpinion(input: { sessionId: $s, body: $b, authorName: "Nguyễn Văn An" }) { id seq } }';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface FanoutResult {
  subscribers: number;
  p50: number;
  p99: number;
  lost: number;
  duplicated: number;
  /** RSS growth per idle subscriber, measured after a full garbage collection. */
  rssPerSubscriber: number;
  /** The same without collecting first (includes garbage the connections left): in the JSON only, it swings with GC timing. */
  rawRssPerSubscriber: number;
}

async function fanout(server: Server, subscribers: number, query = PUBLISHED): Promise<FanoutResult> {
  const session = server.kind === 'lang-nghe' ? await liveSession(server.url) : { sessionId: 'bench', token: '' };
  await sleep(500);
  const rawBefore = rssBytes(server.child.pid!);
  const rssBefore = await settledRss(server);
  const clients = fork(path.join(BENCH_DIST, 'clients.js'), [], { execArgv: process.env.BENCH_CLIENT_NODE_ARGS?.split(' ').filter(Boolean) ?? [], stdio: 'inherit' });
  const ready = await new Promise<{ ready?: number; error?: string }>((resolve) => {
    clients.once('message', resolve);
    // The reference has one feed, shaped like opinionPublished, whatever the query.
    clients.send({ cmd: 'connect', url: server.wsUrl, count: subscribers, query: server.kind === 'lang-nghe' ? query : PUBLISHED, variables: { s: session.sessionId } });
  });
  if (ready.error) throw new Error(ready.error);
  await sleep(2000);
  const rawAfter = rssBytes(server.child.pid!);
  const rssAfter = await settledRss(server);
  const sentAt = new Map<number, number>();
  const spacing = Math.max(300, subscribers / 5);
  // One unmeasured event first, on both sides, so neither is timed while its code is still cold.
  if (server.kind === 'lang-nghe') await gql(server.url, SUBMIT, { s: session.sessionId, b: 'Ý kiến khởi động' });
  else await fetch(server.url, { method: 'POST', body: JSON.stringify({ seq: 0 }) });
  await sleep(spacing);
  for (let i = 1; i <= EVENTS; i++) {
    const at = now();
    if (server.kind === 'lang-nghe') {
      const { submitOpinion } = await gql<{ submitOpinion: { seq: number } }>(server.url, SUBMIT, { s: session.sessionId, b: `Ý kiến số ${i}: đề nghị tăng cường tuần tra vào buổi tối ở khu dân cư` });
      sentAt.set(submitOpinion.seq, at);
    } else {
      await fetch(server.url, { method: 'POST', body: JSON.stringify({ seq: i }) });
      sentAt.set(i, at);
    }
    await sleep(spacing);
  }
  await sleep(Math.max(2000, subscribers / 2));
  const { receipts, duplicated } = await new Promise<{ receipts: [number, number[]][]; duplicated: number }>((resolve) => {
    clients.once('message', resolve);
    clients.send({ cmd: 'collect' });
  });
  clients.send({ cmd: 'close' });
  await new Promise((resolve) => clients.once('exit', resolve));
  const latencies: number[] = [];
  let delivered = 0;
  for (const [seq, times] of receipts) {
    const at = sentAt.get(seq);
    if (at === undefined) continue;
    delivered += times.length;
    for (const t of times) latencies.push(t - at);
  }
  latencies.sort((a, b) => a - b);
  return {
    subscribers,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lost: subscribers * EVENTS - delivered,
    duplicated,
    rssPerSubscriber: (rssAfter - rssBefore) / subscribers,
    rawRssPerSubscriber: (rawAfter - rawBefore) / subscribers,
  };
}


const STORM_EVENTS = `subscription Events($s: ID!, $after: String) { sessionEvents(sessionId: $s, after: $after) { cursor type opinion { id seq } } }`;

interface StormStatus {
  complete: number;
  lastCompletion: number;
  missing: number;
  duplicated: number;
  connections: number;
}

interface StormResult {
  clients: number;
  /** From the first connect until every client holds every opinion, fresh clients (after: null). */
  freshMs: number;
  /** From the restarted server answering /healthz until every client holds every opinion again. */
  stormMs: number;
  lost: number;
  duplicated: number;
  /** Journal pages the restarted server read for the storm's replays. */
  journalReads: number;
}

const BENCH_METRICS_TOKEN = 'bench-metrics-0123456789abcdef';

async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

/**
 * Reconnect storm: `clients` subscribers on sessionEvents. First they connect fresh (after: null)
 * to a session that already holds EVENTS opinions. Then the server stops, EVENTS more opinions are
 * written meanwhile (by another instance on the same database), and the server restarts on the
 * same port: every client reconnects at once with its cursor. Each phase is timed until every
 * client holds every opinion it was missing, while live opinions keep arriving; then every
 * client must hold every opinion exactly once.
 */
async function storm(clients: number): Promise<StormResult> {
  const at = { port: await freePort(), dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-storm-')) };
  let server = await startLangNghe({}, at);
  const process_ = fork(path.join(BENCH_DIST, 'storm-clients.js'), [], { stdio: 'inherit' });
  const ask = <T>(message: object) =>
    new Promise<T>((resolve) => {
      process_.once('message', (m) => resolve(m as T));
      process_.send(message);
    });
  const seqs: number[] = [];
  const submit = async (url: string, label: string) => {
    const { submitOpinion } = await gql<{ submitOpinion: { seq: number } }>(url, SUBMIT, { s: sessionId, b: `${label}: đề nghị tăng cường tuần tra khu dân cư` });
    seqs.push(submitOpinion.seq);
  };
  /** Opinions arriving every 200 ms until the returned function is called. */
  const arriving = (label: string) => {
    let running = true;
    const loop = (async () => {
      for (let i = 1; running; i++) {
        await submit(server.url, `${label} ${i}`);
        await sleep(200);
      }
    })();
    return async () => {
      running = false;
      await loop;
    };
  };
  const allHold = async (wanted: number[], deadlineMs: number): Promise<StormStatus> => {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const status = await ask<StormStatus>({ cmd: 'status', seqs: wanted });
      if (status.complete === clients || Date.now() > until) return status;
      await sleep(100);
    }
  };
  const { sessionId } = await liveSession(server.url);
  try {
    for (let i = 1; i <= EVENTS; i++) await submit(server.url, `Ý kiến trước phiên ${i}`);
    let stop = arriving('Ý kiến lúc kết nối');
    const freshStart = now();
    await ask({ cmd: 'connect', url: server.wsUrl, count: clients, query: STORM_EVENTS, sessionId });
    const fresh = await allHold(seqs.slice(0, EVENTS), 180_000);
    await stop();
    await allHold([...seqs], 60_000);

    await server.stop();
    const other = await startLangNghe({}, { port: await freePort(), dataDir: at.dataDir });
    for (let i = 1; i <= EVENTS; i++) await submit(other.url, `Ý kiến trong lúc mất kết nối ${i}`);
    await other.stop();
    const missed = [...seqs];
    server = await startLangNghe({}, at);
    const ready = now();
    stop = arriving('Ý kiến sau khởi động lại');
    const stormed = await allHold(missed, 300_000);
    await stop();
    const final = await allHold([...seqs], 60_000);
    return {
      clients,
      freshMs: fresh.lastCompletion - freshStart,
      stormMs: stormed.lastCompletion - ready,
      lost: final.missing,
      duplicated: final.duplicated,
      journalReads: await metricValue(server.url, 'langnghe_journal_reads_total'),
    };
  } finally {
    process_.send({ cmd: 'close' });
    await new Promise((resolve) => process_.once('exit', resolve));
    await server.stop();
    fs.rmSync(at.dataDir, { recursive: true, force: true });
  }
}

interface HallResult {
  phones: number;
  windowSeconds: number;
  served: number;
  failed: number;
  pageP50: number;
  pageP99: number;
  converged: number;
  duplicated: number;
  opinionsDuringBurst: number;
}

/**
 * The hall burst: `phones` clients each open the public page and follow `sessionEvents` from the
 * page's record cursor, all within `windowSeconds`, while opinions arrive every 200 ms. Then every
 * phone must hold every opinion from the oldest its page showed onwards (nothing falls between the
 * page and the feed).
 */
async function hallBurst(phones: number, windowSeconds: number): Promise<HallResult> {
  const server = await startLangNghe();
  const clients = fork(path.join(BENCH_DIST, 'hall-clients.js'), [], { stdio: 'inherit' });
  const ask = <T>(message: object) =>
    new Promise<T>((resolve) => {
      clients.once('message', (m) => resolve(m as T));
      clients.send(message);
    });
  try {
    const { sessionId } = await liveSession(server.url);
    const seqs: number[] = [];
    const submit = async (body: string) => {
      const { submitOpinion } = await gql<{ submitOpinion: { seq: number } }>(server.url, SUBMIT, { s: sessionId, b: body });
      seqs.push(submitOpinion.seq);
    };
    for (let i = 1; i <= 30; i++) await submit(`Ý kiến trước giờ họp ${i}: đề nghị lắp thêm đèn chiếu sáng ngõ 12`);
    const before = seqs.length;
    let running = true;
    const arriving = (async () => {
      for (let i = 1; running; i++) {
        await submit(`Ý kiến trong hội trường ${i}: xe máy đỗ tràn vỉa hè`);
        await sleep(200);
      }
    })();
    const burst = await ask<{ served: number; failed: number; firstFailure: string | null; p50: number; p99: number }>({
      cmd: 'burst',
      url: server.url,
      wsUrl: server.wsUrl,
      sessionId,
      count: phones,
      windowMs: windowSeconds * 1000,
      page: PAGE.replace('session(id: $id) { id', 'session(id: $id) { id recordCursor'),
      events: STORM_EVENTS,
    });
    if (burst.firstFailure) console.log(`hall: first failure: ${burst.firstFailure}`);
    running = false;
    await arriving;
    const until = Date.now() + 60_000;
    let status: { converged: number; phones: number; duplicated: number };
    do {
      await sleep(250);
      status = await ask({ cmd: 'status', seqs });
    } while (status.converged < status.phones && Date.now() < until);
    return {
      phones,
      windowSeconds,
      served: burst.served,
      failed: burst.failed,
      pageP50: burst.p50,
      pageP99: burst.p99,
      converged: status.converged,
      duplicated: status.duplicated,
      opinionsDuringBurst: seqs.length - before,
    };
  } finally {
    clients.send({ cmd: 'close' });
    await new Promise((resolve) => clients.once('exit', resolve));
    await server.stop();
  }
}

/** Runs `work` in `concurrency` loops for `seconds`; returns completed operations per second. */
async function rate(concurrency: number, seconds: number, work: (i: number) => Promise<void>): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let done = 0;
  let counter = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        await work(counter++);
        done++;
      }
    }),
  );
  return done / seconds;
}

/** A database for a throughput run: a temp PGlite folder, or a fresh database on BENCH_DATABASE_URL. */
async function benchDatabase(kind: 'pglite' | 'postgresql'): Promise<{ env: Record<string, string>; open(): Promise<Database>; drop(): Promise<void> }> {
  if (kind === 'postgresql') {
    process.env.TEST_DB = 'postgres';
    process.env.TEST_DATABASE_URL ??= process.env.BENCH_DATABASE_URL;
    const db = await createTestDatabase();
    await db.database.close();
    return { env: { DATABASE_URL: db.url! }, open: () => openDatabase({ url: db.url, poolSize: 10 }), drop: db.drop };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-bench-db-'));
  return { env: { DATA_DIR: dir }, open: () => openDatabase({ dataDir: dir }), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * submitOpinion over HTTP with 50 clients, against the same inserts through Prisma in-process.
 * Both sides get an unmeasured warm-up, then ROUNDS measured turns each, taken in alternation so
 * that a noisy spell on the machine falls on both; the medians are compared.
 */
async function submitThroughput(kind: 'pglite' | 'postgresql'): Promise<{ kind: string; ours: number; direct: number; oursRounds: number[]; directRounds: number[] }> {
  const forServer = await benchDatabase(kind);
  const server = await startLangNghe(forServer.env);
  const forDirect = await benchDatabase(kind);
  const database = await forDirect.open();
  try {
    const { sessionId } = await liveSession(server.url);
    const ours = (seconds: number) =>
      rate(50, seconds, async (i) => {
        await gql(server.url, SUBMIT, { s: sessionId, b: `Ý kiến thông lượng số ${i} về an ninh trật tự` });
      });
    await applyMigrations(database);
    const unit = await database.prisma.unit.create({ data: { name: 'Công an quận Hoàn Kiếm' } });
    const session = await database.prisma.forumSession.create({ data: { unitId: unit.id, title: 'Đối thoại', startsAt: new Date(), status: 'LIVE', moderationMode: 'POST' } });
    let seq = 0;
    const direct = (seconds: number) =>
      rate(50, seconds, async (i) => {
        const body = `Ý kiến thông lượng số ${i} về an ninh trật tự`;
        // The reference numbers its rows itself, the public seq too (no tips here, so both are
        // the same): the trigger that numbers them relies on the writer holding the session's
        // row lock, which submit_opinion does and these bare inserts do not.
        const n = ++seq;
        await database.prisma.opinion.create({
          data: { sessionId: session.id, seq: n, publicSeq: n, kind: 'SUGGESTION', body, searchText: body, authorName: 'Nguyễn Văn An', authorKey: 'bench', status: 'APPROVED' },
        });
      });
    await ours(2);
    await direct(2);
    const oursRounds: number[] = [];
    const directRounds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      oursRounds.push(await ours(SECONDS / 2));
      directRounds.push(await direct(SECONDS / 2));
    }
    return { kind, ours: median(oursRounds), direct: median(directRounds), oursRounds, directRounds };
  } finally {
    await server.stop();
    await forServer.drop();
    await database.close();
    await forDirect.drop();
  }
}

// The public session page as the hall's phones open it: the session, its figures, 20 opinions with topics and responses.
const PAGE = `query Page($id: ID!) { session(id: $id) { id title status location stats { opinions approved answered participants upvotes byTopic { topic { name } count } }
  opinions(first: 20) { totalCount edges { node { id seq body authorName upvotes createdAt topic { name } responses { body outcome responder { displayName } } } } } } }`;

interface PageSide {
  rps: number;
  p99: number;
  rounds: number[];
}

interface PageResult {
  /** The public page, anonymous (through the public read cache). */
  ours: PageSide;
  /** The same page read by staff (exact: never cached), for comparison. */
  exact: PageSide;
  /** Apollo Server on Fastify answering the same query from the same data held in memory. */
  reference: PageSide;
  /** Fastify sending the stored response body: the most any response cache could reach. */
  stored: PageSide;
  /** Database operations per public page request during the measured rounds (nothing changing). */
  operationsPerRequest: number;
  exactOperationsPerRequest: number;
}

/** Apollo Server on Fastify serving our schema with `session` answered from an object in memory: the ceiling for the page. */
async function startPageReference(session: unknown): Promise<{ url: string; stop(): Promise<void> }> {
  const schema = buildSchemaFromSdl(fs.readFileSync(path.join(ROOT, 'schema/schema.graphql'), 'utf8'));
  const app = Fastify();
  const apollo = new ApolloServer({ schema, rootValue: { session: () => session }, plugins: [fastifyApolloDrainPlugin(app)] });
  await apollo.start();
  app.route({ url: '/graphql', method: ['GET', 'POST'], handler: fastifyApolloHandler(apollo) });
  // What a response cache at its best does: the stored body, no GraphQL at all.
  const body = JSON.stringify({ data: { session } });
  app.post('/stored', async (_request, reply) => reply.header('content-type', 'application/json').send(body));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/graphql`, stop: () => app.close() };
}

/**
 * The public session page under 50 clients: requests/s, p99 and database operations per request
 * at steady state (nothing changing), against the same page read by staff (never cached) and
 * against Apollo + Fastify answering it from memory. Warm-up, then ROUNDS alternating rounds.
 */
async function pageQuery(kind: 'pglite' | 'postgresql' = 'pglite'): Promise<PageResult & { kind: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-bench-page-'));
  const store = await benchDatabase(kind);
  const counted = countingDatabase(await store.open());
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dir, JWT_SECRET, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...GENEROUS_RATE_LIMITS });
  const app = await startApp(config, { database: counted.database, ownsDatabase: true });
  let reference: { url: string; stop(): Promise<void> } | null = null;
  try {
    const { sessionId, token } = await liveSession(app.url);
    const responder = await counted.database.prisma.staff.findFirstOrThrow();
    for (let i = 0; i < 40; i++) {
      const { submitOpinion } = await gql<{ submitOpinion: { id: string } }>(app.url, SUBMIT, { s: sessionId, b: `Ý kiến trang ${i}: đề nghị tăng cường tuần tra khu dân cư vào buổi tối` });
      // Straight into the table, as the page's data: no journal entry, so the cache is not told (it is empty yet).
      await counted.database.prisma.officialResponse.create({ data: { opinionId: submitOpinion.id, body: 'Đã tiếp nhận, giao Công an phường xử lý', outcome: 'ACKNOWLEDGED', responderId: responder.id } });
    }
    const { session } = await gql<{ session: unknown }>(app.url, PAGE, { id: sessionId });
    reference = await startPageReference(session);
    const side = (url: string, bearer?: string) => async (seconds: number) => {
      const times: number[] = [];
      const rps = await rate(50, seconds, async () => {
        const started = performance.now();
        await gql(url, PAGE, { id: sessionId }, bearer);
        times.push(performance.now() - started);
      });
      return { rps, times };
    };
    const sides = { ours: side(app.url), exact: side(app.url, token), reference: side(reference.url), stored: side(reference.url.replace(/graphql$/, 'stored')) };
    const results: Record<keyof typeof sides, { rps: number; times: number[] }[]> = { ours: [], exact: [], reference: [], stored: [] };
    const operations = { ours: 0, exact: 0 };
    const requests = { ours: 0, exact: 0 };
    for (const run of Object.values(sides)) await run(1);
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of ['ours', 'exact', 'reference', 'stored'] as const) {
        const before = counted.operations();
        const result = await sides[name](SECONDS / 2);
        results[name].push(result);
        if (name === 'ours' || name === 'exact') {
          operations[name] += counted.operations() - before;
          requests[name] += result.rps * (SECONDS / 2);
        }
      }
    }
    const summary = (name: keyof typeof results): PageSide => {
      const times = results[name].flatMap((r) => r.times).sort((x, y) => x - y);
      const rounds = results[name].map((r) => r.rps);
      return { rps: median(rounds), p99: percentile(times, 99), rounds };
    };
    return {
      kind,
      ours: summary('ours'),
      exact: summary('exact'),
      reference: summary('reference'),
      stored: summary('stored'),
      operationsPerRequest: operations.ours / requests.ours,
      exactOperationsPerRequest: operations.exact / requests.exact,
    };
  } finally {
    await reference?.stop();
    await app.close();
    await store.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The soak: 2,000 subscribers while opinions arrive at 20 a second for `minutes`. Checks that
 * every subscriber got every opinion once, and how much the server's RSS grew after warm-up.
 */
async function soak(minutes: number): Promise<{ minutes: number; subscribers: number; opinions: number; lost: number; duplicated: number; rssWarm: number; rssEnd: number; growth: number }> {
  const subscribers = 2000;
  const server = await startLangNghe();
  const clients = fork(path.join(BENCH_DIST, 'clients.js'), [], { stdio: 'inherit' });
  try {
    const session = await liveSession(server.url);
    const ready = await new Promise<{ ready?: number; error?: string }>((resolve) => {
      clients.once('message', resolve);
      clients.send({ cmd: 'connect', url: server.wsUrl, count: subscribers, query: PUBLISHED, variables: { s: session.sessionId } });
    });
    if (ready.error) throw new Error(ready.error);
    const total = Math.round(minutes * 60 * 20);
    const warmUpAt = Math.min(total, 20 * 60);
    let rssWarm = 0;
    const started = Date.now();
    for (let i = 1; i <= total; i++) {
      // 20 a second, paced against the clock so slow answers do not stretch the run.
      const due = started + (i - 1) * 50;
      if (due > Date.now()) await sleep(due - Date.now());
      void gql(server.url, SUBMIT, { s: session.sessionId, b: `Ý kiến kiểm tra độ bền số ${i}` }).catch((error) => console.error(String(error)));
      if (i === warmUpAt) rssWarm = await settledRss(server);
    }
    await sleep(5000);
    const rssEnd = await settledRss(server);
    const { receipts, duplicated } = await new Promise<{ receipts: [number, number[]][]; duplicated: number }>((resolve) => {
      clients.once('message', resolve);
      clients.send({ cmd: 'collect' });
    });
    const delivered = receipts.reduce((sum, [, times]) => sum + times.length, 0);
    return { minutes, subscribers, opinions: total, lost: subscribers * total - delivered, duplicated, rssWarm, rssEnd, growth: (rssEnd - rssWarm) / rssWarm };
  } finally {
    clients.send({ cmd: 'close' });
    await new Promise((resolve) => clients.once('exit', resolve));
    await server.stop();
  }
}

const TRIVIAL = '{ units { id } }';

/**
 * The heaviest public request the limits accept: aliases of the session's stats and a page of
 * 100 opinions with their topics and responses, added while the cost stays within the limit.
 */
async function heaviestAccepted(sessionId: string): Promise<{ query: string; cost: number; aliases: number }> {
  const schema = await buildSchema();
  const page = `stats { opinions pending approved answered participants upvotes medianResponseSeconds byTopic { topic { id name } count } }
    opinions(first: 100, orderBy: TOP) { totalCount edges { node { id seq kind body authorName upvotes status createdAt topic { id name } responses { id body outcome createdAt responder { displayName } } } } }`;
  const costOf = (query: string) => measureOperation(schema, parse(query).definitions[0] as OperationDefinitionNode, () => undefined).cost;
  let best = { query: '', cost: 0, aliases: 0 };
  for (let aliases = 1; aliases <= DEFAULT_QUERY_LIMITS.maxAliases; aliases++) {
    const query = `query Heavy { ${Array.from({ length: aliases }, (_, i) => `s${i}: session(id: "${sessionId}") { ${page} }`).join(' ')} }`;
    const cost = costOf(query);
    if (cost > DEFAULT_QUERY_LIMITS.maxCost) break;
    best = { query, cost, aliases };
  }
  return best;
}

interface IsolationResult {
  aliases: number;
  cost: number;
  heavyMs: number;
  alone: { p50: number; p99: number; count: number };
  loaded: { p50: number; p99: number; count: number };
  ratio: number;
}

/**
 * Isolation: a trivial query's latency, one client in a loop, alone and then while the heaviest
 * accepted public request runs in a loop beside it (one client), on the embedded database.
 */
async function isolation(): Promise<IsolationResult> {
  const server = await startLangNghe();
  try {
    const { sessionId, token } = await liveSession(server.url);
    // An officer of the session's unit answers every third opinion (the bench admin has no unit).
    const { session } = await gql<{ session: { unit: { id: string } } }>(server.url, 'query($id: ID!) { session(id: $id) { unit { id } } }', { id: sessionId });
    const officer = { email: 'can-bo-tra-loi@langnghe.vn', password: 'bench-password-2026' };
    await gql(server.url, 'mutation($input: CreateStaffInput!) { createStaff(input: $input) { id } }', { input: { ...officer, displayName: 'Thượng úy Lê Văn Dũng', role: 'OFFICER', unitId: session.unit.id } }, token);
    const { login } = await gql<{ login: { token: string } }>(server.url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: officer.email, p: officer.password });
    for (let i = 0; i < 300; i++) {
      const { submitOpinion } = await gql<{ submitOpinion: { id: string } }>(server.url, SUBMIT, { s: sessionId, b: `Ý kiến số ${i}: đề nghị tăng cường tuần tra ở khu dân cư` });
      if (i % 3 === 0) {
        await gql(server.url, 'mutation($input: RespondInput!) { respondToOpinion(input: $input) { id } }', { input: { opinionId: submitOpinion.id, outcome: 'ACKNOWLEDGED', body: 'Công an phường đã tiếp nhận.' } }, login.token);
      }
    }
    const heavy = await heaviestAccepted(sessionId);
    const latencies = async (seconds: number) => {
      const times: number[] = [];
      const until = Date.now() + seconds * 1000;
      while (Date.now() < until) {
        const started = performance.now();
        await gql(server.url, TRIVIAL);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return { p50: percentile(times, 50), p99: percentile(times, 99), count: times.length };
    };
    await latencies(2);
    const alone = await latencies(SECONDS);
    let running = true;
    const heavyTimes: number[] = [];
    const loop = (async () => {
      while (running) {
        const started = performance.now();
        await gql(server.url, heavy.query);
        heavyTimes.push(performance.now() - started);
      }
    })();
    await sleep(500);
    const loaded = await latencies(SECONDS);
    running = false;
    await loop;
    heavyTimes.sort((a, b) => a - b);
    return { aliases: heavy.aliases, cost: heavy.cost, heavyMs: percentile(heavyTimes, 50), alone, loaded, ratio: loaded.p99 / alone.p99 };
  } finally {
    await server.stop();
  }
}

async function main() {
  // The server runs as `npm start` runs it: the esbuild bundle of src/, built fresh. The reference
  // and the client connections are bundled the same way, so no side pays for tsx.
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  buildSync({
    entryPoints: ['test/bench/reference-server.ts', 'test/bench/clients.ts', 'test/bench/storm-clients.ts', 'test/bench/hall-clients.ts'].map((file) => path.join(ROOT, file)),
    outdir: BENCH_DIST,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const rows: string[] = [];
  const json: Record<string, unknown> = { machine: `${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`, at: new Date().toISOString() };
  console.log(`Machine: ${json.machine}`);

  for (const [part, query, title] of [
    ['fanout', PUBLISHED, '### Fan-out on `opinionPublished` (one instance, embedded database)'],
    ['events', SESSION_EVENTS, '### Fan-out on `sessionEvents` (one instance, embedded database; every subscriber replays from the start, then shares)'],
  ] as const) {
    const fanouts: { ours: FanoutResult; reference: FanoutResult }[] = [];
    for (const size of runs(part) ? SIZES : []) {
      const reference = await startReference();
      const ref = await fanout(reference, size).finally(() => reference.stop());
      const server = await startLangNghe();
      const ours = await fanout(server, size, query).finally(() => server.stop());
      fanouts.push({ ours, reference: ref });
      console.log(`${part} ${size}: ours p99 ${ours.p99.toFixed(1)} ms vs reference ${ref.p99.toFixed(1)} ms`);
    }
    json[part] = fanouts;
    if (!fanouts.length) continue;
    rows.push(title, '');
    rows.push('| subscribers | p50 ms (ours / ref) | p99 ms (ours / ref) | p99 ratio | lost | duplicated | RSS per idle subscriber, after a full GC (ours / ref) |');
    rows.push('|---:|---:|---:|---:|---:|---:|---:|');
    for (const { ours, reference } of fanouts) {
      rows.push(
        `| ${ours.subscribers} | ${ours.p50.toFixed(1)} / ${reference.p50.toFixed(1)} | ${ours.p99.toFixed(1)} / ${reference.p99.toFixed(1)} | ${(ours.p99 / reference.p99).toFixed(2)}× | ${ours.lost} / ${reference.lost} | ${ours.duplicated} / ${reference.duplicated} | ${kb(ours.rssPerSubscriber)} / ${kb(reference.rssPerSubscriber)} |`,
      );
    }
    rows.push('');
  }

  if (runs('storm')) {
    const storms: StormResult[] = [];
    for (const size of quick ? [500] : [5000, 10000]) {
      const result = await storm(size);
      storms.push(result);
      console.log(`storm ${size}: fresh ${result.freshMs.toFixed(0)} ms, storm ${result.stormMs.toFixed(0)} ms, lost ${result.lost}, duplicated ${result.duplicated}`);
    }
    json.storm = storms;
    rows.push('### Reconnect storm on `sessionEvents`: the server restarts, every client reconnects at once with its cursor while opinions arrive (embedded database)', '');
    rows.push('| clients | all caught up, fresh connect | all caught up after the restart | ratio | lost | duplicated | journal reads for the storm |', '|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of storms) {
      rows.push(`| ${r.clients} | ${(r.freshMs / 1000).toFixed(2)} s | ${(r.stormMs / 1000).toFixed(2)} s | ${(r.stormMs / r.freshMs).toFixed(2)}× | ${r.lost} | ${r.duplicated} | ${r.journalReads} |`);
    }
    rows.push('');
  }

  if (runs('hall')) {
    const hall = await hallBurst(quick ? 200 : 1000, 10);
    json.hall = hall;
    console.log(`hall ${hall.phones}: page p99 ${hall.pageP99.toFixed(0)} ms, converged ${hall.converged}/${hall.served}`);
    rows.push(`### Hall burst: ${hall.phones} phones open the public page and follow \`sessionEvents\` from its record cursor within ${hall.windowSeconds} s, while opinions arrive (embedded database)`, '');
    rows.push('| phones | pages served | failed | page p50 / p99 | converged (hold every opinion from their page on) | duplicated | opinions during the burst |', '|---:|---:|---:|---:|---:|---:|---:|');
    rows.push(`| ${hall.phones} | ${hall.served} | ${hall.failed} | ${hall.pageP50.toFixed(0)} / ${hall.pageP99.toFixed(0)} ms | ${hall.converged} | ${hall.duplicated} | ${hall.opinionsDuringBurst} |`, '');
  }

  const throughput = runs('throughput') ? [await submitThroughput('pglite')] : [];
  if (runs('throughput') && (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL)) throughput.push(await submitThroughput('postgresql'));
  json.throughput = throughput;
  if (throughput.length) rows.push(`### \`submitOpinion\` throughput, 50 concurrent clients (median of ${ROUNDS} alternating rounds of ${SECONDS / 2} s after a warm-up)`, '');
  if (throughput.length) rows.push(`| database | ours (HTTP, full API) | direct Prisma inserts (in-process) | ratio | rounds, ours / direct |`, '|---|---:|---:|---:|---|');
  const perSecond = (values: number[]) => values.map((v) => v.toFixed(0)).join(', ');
  for (const t of throughput) rows.push(`| ${t.kind} | ${t.ours.toFixed(0)}/s | ${t.direct.toFixed(0)}/s | ${(t.ours / t.direct).toFixed(2)}× | ${perSecond(t.oursRounds)} / ${perSecond(t.directRounds)} |`);

  if (runs('page')) {
    const pages = [await pageQuery('pglite')];
    if (process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL) pages.push(await pageQuery('postgresql'));
    json.page = pages;
    rows.push('', `### Public session page (stats + 20 opinions with topics and responses), 50 concurrent clients (median of ${ROUNDS} alternating rounds of ${SECONDS / 2} s after a warm-up)`, '');
    rows.push(
      '| database | public page (cached) req/s, p99 | Apollo + Fastify from memory req/s, p99 | throughput ratio | p99 ratio | DB operations per public page at steady state | same page read by staff (exact) req/s, p99, DB operations per request | Fastify sending the stored response (a response cache\'s ceiling) req/s, p99 |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const p of pages) {
      rows.push(
        `| ${p.kind} | ${p.ours.rps.toFixed(0)}/s, ${p.ours.p99.toFixed(0)} ms | ${p.reference.rps.toFixed(0)}/s, ${p.reference.p99.toFixed(0)} ms | ${(p.ours.rps / p.reference.rps).toFixed(2)}× | ${(p.ours.p99 / p.reference.p99).toFixed(2)}× | ${p.operationsPerRequest.toFixed(2)} | ${p.exact.rps.toFixed(0)}/s, ${p.exact.p99.toFixed(0)} ms, ${p.exactOperationsPerRequest.toFixed(1)} | ${p.stored.rps.toFixed(0)}/s, ${p.stored.p99.toFixed(0)} ms |`,
      );
    }
  }

  if (runs('isolation')) {
    const result = await isolation();
    json.isolation = result;
    rows.push('', `### Isolation: \`{ units { id } }\` in a loop, alone and beside the heaviest accepted public request in a loop (embedded database)`, '');
    rows.push('| heavy request (aliases, cost, median time) | trivial p50 / p99 alone | trivial p50 / p99 beside it | p99 ratio |', '|---|---:|---:|---:|');
    rows.push(
      `| ${result.aliases} × (stats + 100 opinions), ${result.cost} points, ${result.heavyMs.toFixed(0)} ms | ${result.alone.p50.toFixed(1)} / ${result.alone.p99.toFixed(1)} ms | ${result.loaded.p50.toFixed(1)} / ${result.loaded.p99.toFixed(1)} ms | ${result.ratio.toFixed(2)}× |`,
    );
  }

  if (runs('soak') && SOAK_MINUTES > 0) {
    const result = await soak(SOAK_MINUTES);
    json.soak = result;
    rows.push('', `### Soak: ${result.subscribers} subscribers, 20 opinions a second for ${result.minutes} min`, '');
    rows.push('| opinions | lost | duplicated | RSS after 1 min warm-up (after a full GC) | RSS at the end (after a full GC) | growth |', '|---:|---:|---:|---:|---:|---:|');
    rows.push(`| ${result.opinions} | ${result.lost} | ${result.duplicated} | ${(result.rssWarm / 2 ** 20).toFixed(0)} MB | ${(result.rssEnd / 2 ** 20).toFixed(0)} MB | ${(result.growth * 100).toFixed(1)}% |`);
  }

  const report = [`## Benchmarks`, '', `Machine: ${json.machine}. Run: ${json.at}. Events per size: ${EVENTS}.`, '', ...rows, ''].join('\n');
  fs.mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
  // A partial run (--only) keeps its own file, so latest.md stays the last full run.
  const name = ONLY ? `latest-${ONLY.join('-')}` : 'latest';
  fs.writeFileSync(path.join(ROOT, `bench-results/${name}.md`), report);
  fs.writeFileSync(path.join(ROOT, `bench-results/${name}.json`), JSON.stringify(json, null, 2));
  console.log('\n' + report);
}

await main();
