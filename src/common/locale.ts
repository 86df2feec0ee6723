import { renderMessage, type Locale, type Message } from '../shared/messages.js';

export type { Locale } from '../shared/messages.js';

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

/**
 * The messages of others that clients meet whole and that read better in Vietnamese:
 * type-graphql's refusal when an authChecker says no. Looked up by their exact text, never matched.
 */
const FOREIGN_VI: Readonly<Record<string, string>> = {
  "Access denied! You don't have permission for this action!": 'Bạn không có quyền thực hiện thao tác này',
};

/**
 * What precedes a message nobody wrote here (graphql-js and Apollo's own, in English: unknown
 * field, wrong variable type), by error code: the client reads what went wrong in Vietnamese
 * and the technical detail after it.
 */
const LEAD_IN_VI: Readonly<Record<string, string>> = {
  GRAPHQL_PARSE_FAILED: 'Yêu cầu GraphQL sai cú pháp',
  GRAPHQL_VALIDATION_FAILED: 'Yêu cầu GraphQL không hợp lệ',
  BAD_USER_INPUT: 'Dữ liệu gửi lên không hợp lệ',
  BAD_REQUEST: 'Yêu cầu không hợp lệ',
  PERSISTED_QUERY_NOT_FOUND: 'Không tìm thấy truy vấn đã lưu',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Không hỗ trợ truy vấn đã lưu',
  OPERATION_RESOLUTION_FAILURE: 'Không xác định được thao tác cần chạy',
  UNAUTHENTICATED: 'Chưa đăng nhập hoặc đăng nhập không hợp lệ',
  FORBIDDEN: 'Không có quyền',
  NOT_FOUND: 'Không tìm thấy',
  CONFLICT: 'Xung đột dữ liệu',
  RATE_LIMITED: 'Quá nhiều yêu cầu',
  INTERNAL_SERVER_ERROR: 'Lỗi máy chủ',
};

/** One of our messages (an id of src/shared/messages.ts with its values) in `locale`. */
export function localizeMessage(message: Message, locale: Locale): string {
  return renderMessage(message, locale);
}

/**
 * A message that is not ours (graphql-js's, Apollo's, type-graphql's) in `locale`: English as it
 * came; in Vietnamese, a known one by its exact text, any other after a Vietnamese lead-in for
 * its code. Never parsed: a message that quotes a client's text stays the client's text.
 */
export function localizeForeignMessage(message: string, { locale, code }: { locale: Locale; code?: unknown }): string {
  if (locale === 'en') return message;
  if (Object.hasOwn(FOREIGN_VI, message)) return FOREIGN_VI[message];
  const leadIn = typeof code === 'string' && Object.hasOwn(LEAD_IN_VI, code) ? LEAD_IN_VI[code] : null;
  return leadIn ? `${leadIn}: ${message}` : message;
}
