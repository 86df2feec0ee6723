import { badInput } from './errors.js';

// C0/C1 controls except tab, newline and carriage return. Matching controls is the point.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/g;
/* eslint-enable no-control-regex */
// Format characters (category Cf: zero-width spaces and joiners, bidi marks and overrides, word
// joiner, soft hyphen, tag characters…) render as nothing or reorder what is shown, so stored text
// would read differently from what moderators approved. The one kept: a zero-width joiner between
// two pictographs (an emoji's own skin tone or presentation selector may sit before it), which
// makes 👨‍👩‍👧 one emoji. Tag characters go too, flag subdivisions included: they are also a way
// to hide ASCII text.
const FORMAT = /(?!(?<=\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]?)\u200D(?=\p{Extended_Pictographic}))\p{Cf}/gu;

/** Removes every format character (Unicode category Cf) except a zero-width joiner inside an emoji sequence. */
export function stripFormatCharacters(value: string): string {
  return value.replace(FORMAT, '');
}

/**
 * Cleans user text: format characters stripped (see FORMAT), Unicode NFC (so "ệ" typed as base
 * letter + marks equals the precomposed one), control characters stripped (a space on a single
 * line), line endings unified, trimmed.
 */
export function cleanText(value: string, { multiline = false } = {}): string {
  // Stripped before composing: a hidden character between a letter and its mark would keep them apart.
  const normalized = stripFormatCharacters(value).normalize('NFC').replace(/\r\n?/g, '\n');
  return (multiline ? normalized.replace(CONTROL, '') : normalized.replace(CONTROL_SINGLE_LINE, ' ').replace(/\s+/g, ' ')).trim();
}

/** Length in user-perceived characters (code points), not UTF-16 units. */
export function textLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

export interface TextRule {
  field: string;
  min?: number;
  max: number;
  multiline?: boolean;
}

/** cleanText, then a length check that names the field; throws BAD_USER_INPUT. */
export function requireText(value: string, rule: TextRule): string {
  const cleaned = cleanText(value, { multiline: rule.multiline });
  const length = textLength(cleaned);
  const min = rule.min ?? 1;
  if (length < min) {
    const { field } = rule;
    throw badInput(min === 1 ? { id: 'text.empty', params: { field } } : { id: 'text.tooShort', params: { field, min } }, { field });
  }
  if (length > rule.max) {
    throw badInput({ id: 'text.tooLong', params: { field: rule.field, length, max: rule.max } }, { field: rule.field });
  }
  return cleaned;
}

/** Like requireText, but null/undefined/blank becomes null. */
export function optionalText(value: string | null | undefined, rule: TextRule): string | null {
  if (value === null || value === undefined) return null;
  if (cleanText(value, { multiline: rule.multiline }) === '') return null;
  return requireText(value, rule);
}

/**
 * Folds Vietnamese text for search: lower case, tone and vowel marks removed, đ → d.
 * "Đèn giao thông" and "den giao thong" fold to the same string.
 */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a search query, folded; empty when the query has no words. */
export function searchTerms(query: string): string[] {
  return foldForSearch(cleanText(query)).split(' ').filter(Boolean).slice(0, 10);
}

/** The form e-mail addresses are stored and compared in. */
export function normalizeEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}
