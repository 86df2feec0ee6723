import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/unavailable.js';

// The shapes below are those Prisma 6 with @prisma/adapter-pg produced while a PostgreSQL server
// was stopped, killed mid-transaction and starting up (see test/faults/postgres-restart).
const adapterError = (cause: Record<string, unknown>) => ({ meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });

describe('isDatabaseUnavailable', () => {
  it('should recognise a server that cannot be reached', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), { code: 'P1001', ...adapterError({ kind: 'DatabaseNotReachable' }) }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('Raw query failed'), { code: 'P2010', ...adapterError({ kind: 'DatabaseNotReachable' }) }))).toBe(true);
  });

  it('should recognise a connection cut by a shutdown or refused while starting up', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('Raw query failed'), { code: 'P2010', ...adapterError({ kind: 'postgres', code: '57P01' }) }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('Raw query failed'), { code: 'P2010', ...adapterError({ kind: 'postgres', code: '57P03' }) }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
  });

  it('should leave every other error alone', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('Unique constraint failed'), { code: 'P2002', ...adapterError({ kind: 'UniqueConstraintViolation' }) }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('Raw query failed'), { code: 'P2010', ...adapterError({ kind: 'postgres', code: '22P02' }) }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
