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

/** Reads the configuration from the environment; throws ConfigError on a bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgresql:// (leave it unset for the embedded database)');
  }
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
  return {
    nodeEnv,
    host: env.HOST?.trim() || '0.0.0.0',
    port: int(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || './data'),
    jwtSecret,
    staffTokenTtlSeconds: int(env, 'STAFF_TOKEN_TTL_SECONDS', 12 * 3600, 60, 30 * 86400),
    citizenTokenTtlSeconds: int(env, 'CITIZEN_TOKEN_TTL_SECONDS', 30 * 86400, 60, 365 * 86400),
    adminEmail,
    adminPassword,
    redisUrl: env.REDIS_URL?.trim() || undefined,
    logLevel: env.LOG_LEVEL?.trim() || (nodeEnv === 'test' ? 'silent' : 'info'),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
  };
}
