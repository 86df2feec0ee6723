import { GENERIC_VI, MESSAGES_VI, TERMS_VI } from './messages.vi.js';

/** The languages clients are answered in. */
export type Locale = 'vi' | 'en';

/** A deployment in Vietnam answers in Vietnamese unless the client prefers English. */
export const DEFAULT_LOCALE: Locale = 'vi';

// Longer headers are not a browser's: read the start only.
const MAX_HEADER = 500;

/**
 * The language to answer in, from an Accept-Language value (`vi-VN,vi;q=0.9,en;q=0.8`):
 * whichever of Vietnamese and English has the higher weight, the first named on a tie;
 * Vietnamese when the value is absent, `*`, or names neither.
 */
export function preferredLocale(acceptLanguage: unknown): Locale {
  if (typeof acceptLanguage !== 'string') return DEFAULT_LOCALE;
  let best: { locale: Locale; weight: number } | null = null;
  for (const range of acceptLanguage.slice(0, MAX_HEADER).split(',')) {
    const [tag = '', ...params] = range.split(';');
    const language = tag.trim().toLowerCase().split('-')[0];
    if (language !== 'vi' && language !== 'en') continue;
    const q = params.map((param) => param.trim().toLowerCase()).find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    // q=0 says "not this one"; a malformed weight counts as not given.
    if (weight === 0) continue;
    const effective = Number.isFinite(weight) ? weight : 1;
    if (!best || effective > best.weight) best = { locale: language, weight: effective };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * The longest message the catalogue is matched against. Its own sentences with their values are
 * a few hundred characters; anything longer carries text a client sent (graphql-js echoes a bad
 * variable's value) and is not translated: it keeps its code's Vietnamese lead-in.
 */
export const MAX_TRANSLATED_LENGTH = 2000;

// A value is translated too ("60 seconds" in a rate-limit refusal), but no deeper than this:
// a value of a value of a value is never the catalogue's.
const MAX_NESTING = 2;

/** A catalogue template cut at its placeholders: `literals[0] {names[0]} literals[1] … literals[n]`. */
interface Template {
  literals: string[];
  names: string[];
  vi: string;
}

function compile(en: string, vi: string): Template {
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of en.matchAll(PLACEHOLDER)) {
    literals.push(en.slice(last, match.index));
    names.push(match[1]);
    last = match.index + match[0].length;
  }
  literals.push(en.slice(last));
  return { literals, names, vi };
}

/**
 * The values of `text` at the template's placeholders (each at least one character), or null.
 * No regular expression: the first and last literal anchor the ends and each literal between is
 * found with one forward indexOf from where the previous one ended. Taking the leftmost
 * occurrence every time is the shortest-first match a lazy `(.+?)` would find, and it never
 * looks back: one pass over the text per template.
 */
function valuesOf(template: Template, text: string): string[] | null {
  const { literals } = template;
  const first = literals[0];
  const last = literals[literals.length - 1];
  if (!text.startsWith(first) || !text.endsWith(last)) return null;
  const end = text.length - last.length;
  const values: string[] = [];
  let from = first.length;
  for (const literal of literals.slice(1, -1)) {
    const at = text.indexOf(literal, from + 1);
    // A later occurrence would only leave less room for the values after it.
    if (at === -1 || at + literal.length >= end) return null;
    values.push(text.slice(from, at));
    from = at + literal.length;
  }
  if (end <= from) return null;
  values.push(text.slice(from, end));
  return values;
}

// What the code puts at a placeholder: a field, a number, a status or an action. A message whose
// "value" has spaces or quotes is not one the code threw, but graphql-js's about a client's text
// that happens to contain a template's words: it is not dressed up as ours.
const PLAIN_VALUE = /^[\w.-]{1,100}$/;
// The one placeholder that holds a sentence: an internal error's own message (development only).
const FREE_TEXT = new Set(['detail']);
const isPlainValue = (name: string, value: string) => FREE_TEXT.has(name) || PLAIN_VALUE.test(value);

const exact = new Map<string, string>(Object.entries(TERMS_VI));
const templates: Template[] = [];
for (const [en, vi] of Object.entries(MESSAGES_VI)) {
  if (/\{\w+\}/.test(en)) templates.push(compile(en, vi));
  else exact.set(en, vi);
}

function translate(text: string, depth: number): string | null {
  const known = exact.get(text);
  if (known !== undefined) return known;
  if (depth >= MAX_NESTING) return null;
  for (const template of templates) {
    const values = valuesOf(template, text);
    if (!values) continue;
    const vietnamese = values.map((value, index) => translate(value, depth + 1) ?? (isPlainValue(template.names[index], value) ? value : null));
    if (vietnamese.includes(null)) continue;
    return template.vi.replace(PLACEHOLDER, (_, name: string) => vietnamese[template.names.indexOf(name)]!);
  }
  return null;
}

/**
 * The Vietnamese of an English message or value from the catalogue (src/common/messages.vi.ts),
 * or null; in time linear in the text's length, and null for text longer than MAX_TRANSLATED_LENGTH.
 */
export function translateToVietnamese(text: string): string | null {
  if (text.length > MAX_TRANSLATED_LENGTH) return null;
  return translate(text, 0);
}

const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/**
 * A client-facing message in `locale`. English is the text as thrown; Vietnamese comes from the
 * catalogue, and a message it does not know (graphql-js's own) keeps its text after a
 * Vietnamese lead-in for its code. Codes never change.
 */
export function localizeMessage(message: string, { locale, code }: { locale: Locale; code?: unknown }): string {
  if (locale === 'en') return message;
  const vietnamese = translateToVietnamese(message);
  if (vietnamese !== null) return capitalized(vietnamese);
  const leadIn = typeof code === 'string' && Object.hasOwn(GENERIC_VI, code) ? GENERIC_VI[code] : null;
  return leadIn ? `${leadIn}: ${message}` : message;
}
