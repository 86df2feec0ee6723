import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { badInput } from '../common/errors.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

// scrypt N=2^15, r=8, p=3: one of OWASP's equivalent minimum settings (same cost as N=2^17, p=1)
// with a quarter of the memory per hash (32 MiB), so concurrent logins stay cheap on 2 cores.
const PARAMS = { N: 2 ** 15, r: 8, p: 3, keylen: 32 };

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password.normalize('NFC'), salt, PARAMS.keylen, { N: PARAMS.N, r: PARAMS.r, p: PARAMS.p, maxmem: 128 * PARAMS.N * PARAMS.r * 2 });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const N = Number(n), R = Number(r), P = Number(p);
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(saltB64, 'base64'), expected.length, { N, r: R, p: P, maxmem: 128 * N * R * 2 });
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** A hash of nothing anyone knows, checked when the e-mail is unknown so both failures take as long. */
export const DUMMY_PASSWORD_HASH = 'scrypt$32768$8$3$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** The shortest staff password accepted (NIST SP 800-63B asks for at least 8; a hall full of shoulders asks for more). */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 200;
const MIN_DISTINCT_CHARACTERS = 5;

/**
 * The one password policy, for every place a staff password is set (createStaff, resetStaffPassword,
 * changeMyPassword, ADMIN_PASSWORD): 12 to 200 characters, at least 5 different ones, and not a
 * common password (src/auth/common-passwords.ts), alone or with digits or signs appended.
 * BAD_USER_INPUT naming `field` otherwise.
 */
export function checkPasswordPolicy(password: string, field = 'password'): void {
  const characters = [...password.normalize('NFC')];
  if (characters.length < MIN_PASSWORD_LENGTH) throw badInput({ id: 'text.tooShort', params: { field, min: MIN_PASSWORD_LENGTH } }, { field });
  if (characters.length > MAX_PASSWORD_LENGTH) throw badInput({ id: 'text.tooLongAtMost', params: { field, max: MAX_PASSWORD_LENGTH } }, { field });
  const lower = password.normalize('NFC').toLowerCase();
  if (new Set(lower).size < MIN_DISTINCT_CHARACTERS) throw badInput({ id: 'password.fewDistinct', params: { field, count: MIN_DISTINCT_CHARACTERS } }, { field });
  const stem = lower.trim().replace(/[\d\s\p{P}\p{S}]+$/u, '');
  if (COMMON_PASSWORDS.has(lower.trim()) || COMMON_PASSWORDS.has(stem)) throw badInput({ id: 'password.common', params: { field } }, { field });
}
