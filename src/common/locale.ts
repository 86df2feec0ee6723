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

interface Template {
  pattern: RegExp;
  names: string[];
  vi: string;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(en: string, vi: string): Template {
  const names: string[] = [];
  let source = '^';
  let last = 0;
  for (const match of en.matchAll(PLACEHOLDER)) {
    source += `${escapeRegExp(en.slice(last, match.index))}(.+?)`;
    names.push(match[1]);
    last = match.index + match[0].length;
  }
  return { pattern: new RegExp(`${source}${escapeRegExp(en.slice(last))}$`, 's'), names, vi };
}

const exact = new Map<string, string>(Object.entries(TERMS_VI));
const templates: Template[] = [];
for (const [en, vi] of Object.entries(MESSAGES_VI)) {
  if (/\{\w+\}/.test(en)) templates.push(compile(en, vi));
  else exact.set(en, vi);
}

/** The Vietnamese of an English message or value from the catalogue (src/common/messages.vi.ts), or null. */
export function translateToVietnamese(text: string): string | null {
  const known = exact.get(text);
  if (known !== undefined) return known;
  for (const template of templates) {
    const match = template.pattern.exec(text);
    if (!match) continue;
    return template.vi.replace(PLACEHOLDER, (_, name: string) => {
      const value = match[1 + template.names.indexOf(name)];
      return translateToVietnamese(value) ?? value;
    });
  }
  return null;
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
