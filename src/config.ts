import path from 'node:path';

/** Every environment variable the server reads, parsed and checked once at start. */
export interface Config {
  nodeEnv: 'production' | 'development' | 'test';
  host: string;
  port: number;
  /** PostgreSQL server URL; absent means the embedded PGlite database in `dataDir`. */
  databaseUrl?: string;
  /** Folder for the embedded database and the development JWT secret. */
  dataDir: string;
  /** Absent in development: a secret is generated and kept in `dataDir`. */
  jwtSecret?: string;
  staffTokenTtlSeconds: number;
  citizenTokenTtlSeconds: number;
  adminEmail?: string;
  adminPassword?: string;
  redisUrl?: string;
  logLevel: string;
  /** Allowed browser origins for CORS and WebSocket; empty allows any. */
  allowedOrigins: string[];
  introspection: boolean;
  /**
   * The proxies whose X-Forwarded-For entries give the client's address (per-address rate
   * limits): addresses, CIDR ranges or proxy-addr's names (loopback, linklocal, uniquelocal);
   * true believes any entry (anyone can claim any address), false none (the socket's address,
   * the default: in the documented deployment phones on the hall's LAN reach the server directly
   * and could claim any address in the header).
   */
  trustProxy: boolean | string[];
  /** Depth, aliases, tokens and cost of a GraphQL document, over HTTP and WebSocket alike. */
  queryLimits: QueryLimits;
  /** Requests allowed per citizen, device, e-mail or IP address (src/auth/rate-limiter.ts). */
  rateLimits: RateLimits;
  /** With it, `/metrics` on `port` answers only `Authorization: Bearer <token>`; without it, 404 there. */
  metricsToken?: string;
  /** A second port (same host) serving only `/metrics`, without a token: for a scraper on a private network. */
  metricsPort?: number;
}

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

/**
 * Where the database is (DATABASE_URL, or the embedded one in DATA_DIR), and nothing else: what
 * tools that only read the database (verify-record) need, without the server's secrets.
 */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): Pick<Config, 'databaseUrl' | 'dataDir'> {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgresql:// (leave it unset for the embedded database)');
  }
  return { databaseUrl, dataDir: path.resolve(env.DATA_DIR?.trim() || './data') };
}

/** Reads the configuration from the environment; throws ConfigError on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const { databaseUrl, dataDir } = loadDatabaseConfig(env);
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 bytes long');
  }
  if (nodeEnv === 'production' && !jwtSecret && databaseUrl) {
    // Several instances must share one secret; a generated one would differ per machine.
    throw new ConfigError('JWT_SECRET is required in production with DATABASE_URL');
  }
  const adminEmail = env.ADMIN_EMAIL?.trim() || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD go together');
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && Buffer.byteLength(metricsToken) < 16) {
    throw new ConfigError('METRICS_TOKEN must be at least 16 bytes long');
  }
  return {
    nodeEnv,
    host: env.HOST?.trim() || '0.0.0.0',
    port: int(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    dataDir,
    jwtSecret,
    staffTokenTtlSeconds: int(env, 'STAFF_TOKEN_TTL_SECONDS', 12 * 3600, 60, 30 * 86400),
    citizenTokenTtlSeconds: int(env, 'CITIZEN_TOKEN_TTL_SECONDS', 30 * 86400, 60, 365 * 86400),
    adminEmail,
    adminPassword,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    logLevel: env.LOG_LEVEL?.trim() || (nodeEnv === 'test' ? 'silent' : 'info'),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
    // No proxy unless named: phones on the hall's LAN reach the server directly, and a trusted
    // private network would let each of them claim a new address per request.
    trustProxy: trustProxyFrom(env.TRUST_PROXY, false),
    queryLimits: queryLimitsFrom(env),
    rateLimits: rateLimitsFrom(env),
    metricsToken,
    metricsPort: env.METRICS_PORT?.trim() ? int(env, 'METRICS_PORT', 0, 0, 65535) : undefined,
  };
}

/** What one GraphQL document may ask; src/server/limits.ts measures it. */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  // The deepest client operation (SessionOpinions) has 7 levels; recursive chains such as
  // opinion { session { opinions { … } } } go far deeper.
  maxDepth: 12,
  // Client operations use none; aliases are how one request repeats a costly field many times.
  maxAliases: 30,
  // The largest client document has about 300 tokens, the standard introspection query 160;
  // parsing stops early instead of building the tree of a megabyte query.
  maxTokens: 2000,
  // SessionOpinions costs 16,303 at the largest page (first: 100); one more nested page or list
  // multiplies that by 20 to 100.
  maxCost: 50_000,
};

/** Requests allowed per key and window; refused requests get RATE_LIMITED and change nothing. */
export interface RateLimits {
  /** The window of every limit below but the login ones. */
  windowSeconds: number;
  /** Opinions per citizen token, staff member or X-Device-Id: nobody types an opinion in 12 s. */
  submitOpinionPerPoster: number;
  /** Opinions per IP address: a hall of 300 behind one Wi-Fi, each posting twice in the busiest minute. */
  submitOpinionPerIp: number;
  /**
   * Opinions without any token per IP address, whatever X-Device-Id they claim: one a second. The
   * hall's phones post with citizen tokens (joinAsCitizen), which the per-address limit above covers.
   */
  submitOpinionAnonymousPerIp: number;
  /**
   * Opinions a staff member types in from other channels (hotline, paper slips, …). A clerk typing
   * a stack of slips manages one every 10–20 s, one pasting a hotline log one every second or two:
   * 60 a minute never slows either, while a lost staff token still cannot flood a session. Not
   * counted per address: the clerk sits on the hall's Wi-Fi with everybody else.
   */
  intakePerStaff: number;
  /** Upvotes per citizen: one a second while scrolling. */
  upvotePerCitizen: number;
  /** Upvotes per IP address: 300 people, 10 a minute each. */
  upvotePerIp: number;
  /** Citizen tokens per IP address: the whole hall opening the page twice in one minute. */
  joinPerIp: number;
  /**
   * Citizen tokens per IP address and hour: a hall of 300 phones behind one Wi-Fi, each joining
   * once (a token lasts 30 days) and a few of them twice, but not the thousands of throw-away
   * tokens that buy thousands of upvotes (docs/benchmarks.md "Cost of fake upvotes").
   */
  joinPerIpPerHour: number;
  /** Citizen tokens per X-Device-Id and hour: a phone that lost its token now and then. */
  joinPerDevicePerHour: number;
  /**
   * Join-code lookups (sessionByCode) per IP address, each alias of a document counted: the whole
   * hall typing the code twice in one minute, as for joinAsCitizen.
   */
  sessionByCodePerIp: number;
  /**
   * Join-code lookups per IP address and hour: 300 phones each mistyping a few times, but not a
   * search of the 887 million codes (at this pace a few live sessions take one address years).
   */
  sessionByCodePerIpPerHour: number;
  /**
   * Failed sign-ins per e-mail address and IP address in `loginWindowSeconds`, whether the account
   * exists or not: that pair is then refused. Past as many failures on one e-mail address from
   * any addresses, its sign-ins are slowed down instead (`loginMaxDelayMs`), never refused.
   */
  loginFailuresPerEmail: number;
  /** The longest wait of a slowed-down sign-in (milliseconds): the first waits 250 ms, each next one twice as long. */
  loginMaxDelayMs: number;
  /** Failed sign-ins per IP address in `loginWindowSeconds`: a station's staff share one address. */
  loginFailuresPerIp: number;
  loginWindowSeconds: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  windowSeconds: 60,
  submitOpinionPerPoster: 5,
  submitOpinionPerIp: 600,
  submitOpinionAnonymousPerIp: 60,
  intakePerStaff: 60,
  upvotePerCitizen: 60,
  upvotePerIp: 3000,
  joinPerIp: 600,
  joinPerIpPerHour: 500,
  joinPerDevicePerHour: 5,
  sessionByCodePerIp: 600,
  sessionByCodePerIpPerHour: 3000,
  loginFailuresPerEmail: 5,
  loginFailuresPerIp: 50,
  loginMaxDelayMs: 3000,
  loginWindowSeconds: 15 * 60,
};

function trustProxyFrom(raw: string | undefined, fallback: boolean | string[]): boolean | string[] {
  const value = raw?.trim().toLowerCase();
  if (!value) return fallback;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) throw new ConfigError('TRUST_PROXY takes proxy addresses or true/false, not a hop count');
  return value.split(',').map((entry) => entry.trim()).filter(Boolean);
}

function queryLimitsFrom(env: NodeJS.ProcessEnv): QueryLimits {
  const d = DEFAULT_QUERY_LIMITS;
  return {
    maxDepth: int(env, 'QUERY_MAX_DEPTH', d.maxDepth, 1, 1000),
    maxAliases: int(env, 'QUERY_MAX_ALIASES', d.maxAliases, 0, 100_000),
    maxTokens: int(env, 'QUERY_MAX_TOKENS', d.maxTokens, 100, 1_000_000),
    maxCost: int(env, 'QUERY_MAX_COST', d.maxCost, 1, 1_000_000_000),
  };
}

function rateLimitsFrom(env: NodeJS.ProcessEnv): RateLimits {
  const d = DEFAULT_RATE_LIMITS;
  const count = (name: string, fallback: number) => int(env, name, fallback, 1, 1_000_000_000);
  return {
    windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', d.windowSeconds, 1, 86400),
    submitOpinionPerPoster: count('RATE_LIMIT_SUBMIT_OPINION_PER_POSTER', d.submitOpinionPerPoster),
    submitOpinionPerIp: count('RATE_LIMIT_SUBMIT_OPINION_PER_IP', d.submitOpinionPerIp),
    submitOpinionAnonymousPerIp: count('RATE_LIMIT_SUBMIT_OPINION_ANONYMOUS_PER_IP', d.submitOpinionAnonymousPerIp),
    intakePerStaff: count('RATE_LIMIT_INTAKE_PER_STAFF', d.intakePerStaff),
    upvotePerCitizen: count('RATE_LIMIT_UPVOTE_PER_CITIZEN', d.upvotePerCitizen),
    upvotePerIp: count('RATE_LIMIT_UPVOTE_PER_IP', d.upvotePerIp),
    joinPerIp: count('RATE_LIMIT_JOIN_PER_IP', d.joinPerIp),
    joinPerIpPerHour: count('RATE_LIMIT_JOIN_PER_IP_PER_HOUR', d.joinPerIpPerHour),
    joinPerDevicePerHour: count('RATE_LIMIT_JOIN_PER_DEVICE_PER_HOUR', d.joinPerDevicePerHour),
    sessionByCodePerIp: count('RATE_LIMIT_SESSION_BY_CODE_PER_IP', d.sessionByCodePerIp),
    sessionByCodePerIpPerHour: count('RATE_LIMIT_SESSION_BY_CODE_PER_IP_PER_HOUR', d.sessionByCodePerIpPerHour),
    loginFailuresPerEmail: count('RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL', d.loginFailuresPerEmail),
    loginFailuresPerIp: count('RATE_LIMIT_LOGIN_FAILURES_PER_IP', d.loginFailuresPerIp),
    loginMaxDelayMs: int(env, 'RATE_LIMIT_LOGIN_MAX_DELAY_MS', d.loginMaxDelayMs, 0, 10_000),
    loginWindowSeconds: int(env, 'RATE_LIMIT_LOGIN_WINDOW_SECONDS', d.loginWindowSeconds, 1, 7 * 86400),
  };
}
