import crypto from 'node:crypto';

/**
 * The letters and digits of a join code: none that read alike on a projector or a phone
 * (no 0/O, 1/I/L). The backfill in prisma/migrations/20261130030000_forum_operations spells
 * codes with the same alphabet.
 */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

const SHAPE = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** A random join code (31^6 ≈ 887 million codes; uniqueness is the database's to enforce). */
export function newJoinCode(): string {
  let code = '';
  for (const byte of crypto.randomBytes(JOIN_CODE_LENGTH * 2)) {
    // Rejection sampling keeps every letter equally likely: 248 = 8 × 31.
    if (byte >= 248) continue;
    code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
    if (code.length === JOIN_CODE_LENGTH) return code;
  }
  return newJoinCode();
}

// Spaces, dashes of any kind and invisible format characters (zero-width space and joiners, soft
// hyphen, bidi marks: category Cf) that a keyboard, a copy from a chat or a projector slide adds.
const IGNORED = /[\s\p{Pd}\p{Cf}]/gu;

/**
 * A code as typed, in its stored form: full-width letters and digits read as ASCII (NFKC), case,
 * spaces, dashes and invisible characters ignored ("abc 234" → "ABC234", "ＡＢＣ２３４" → "ABC234");
 * null when it cannot be a join code at all.
 */
export function normalizeJoinCode(typed: string): string | null {
  const code = typed.normalize('NFKC').replace(IGNORED, '').toUpperCase();
  return SHAPE.test(code) ? code : null;
}
