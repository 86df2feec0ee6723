import { ApiError } from './api.js';
import { capitalized, renderMessage, STATE_WORDS, type Message } from '../shared/messages.js';

/** A group of state words as labels: the same words the server's messages use, capitalised. */
function asLabels<T extends Record<string, string>>(words: T): { readonly [K in keyof T]: string } {
  return Object.fromEntries(Object.entries(words).map(([value, word]) => [value, capitalized(word)])) as { [K in keyof T]: string };
}

/** Vietnamese names of the API's enums (src/shared/messages.ts), in the order forms offer them. */
export const labels = {
  kind: asLabels(STATE_WORDS.opinionKind),
  status: asLabels(STATE_WORDS.opinionStatus),
  sessionStatus: asLabels(STATE_WORDS.sessionStatus),
  outcome: asLabels(STATE_WORDS.responseOutcome),
  tipStatus: asLabels(STATE_WORDS.tipStatus),
  moderationReason: asLabels(STATE_WORDS.moderationReason),
  personalData: asLabels(STATE_WORDS.personalData),
  channel: asLabels(STATE_WORDS.channel),
  staffRole: asLabels(STATE_WORDS.role),
  auditAction: asLabels(STATE_WORDS.auditAction),
};

/** The label of an enum value, or the value itself when this page does not know it yet. */
export function label<T extends Record<string, string>>(names: T, value: string): string {
  return (names as Record<string, string>)[value] ?? value;
}

/** Time of day and date as people in Vietnam write them. */
export function when(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())} ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/**
 * Why an opinion was refused or hidden, as its author and the staff read it: the reason code's
 * label, then the moderator's words unless they only repeat it (the console sends the label when
 * the moderator adds none, since the API wants words).
 */
export function moderationReasonText(code: string | null, words: string | null): string {
  const named = code ? label(labels.moderationReason, code) : null;
  return [named, words !== named ? words : null].filter(Boolean).join(': ');
}

/** A record fingerprint's first 12 hex digits in groups of four: enough to compare the screen with the minutes. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.slice(0, 12).replace(/(.{4})(?=.)/g, '$1 ');
}

/** One of the catalogue's messages as these pages say it: in Vietnamese, the server's words. */
export const say = (message: Message) => renderMessage(message, 'vi');

/**
 * A Vietnamese sentence for a refusal. The server already words its refusals in Vietnamese (the
 * pages ask for it), from the same catalogue; only what never reached it, or what it words for
 * machines, is worded here, from the catalogue too.
 */
export function refusal(error: unknown): string {
  if (!(error instanceof ApiError)) return say('client.failed');
  switch (error.code) {
    case 'NETWORK':
      return say('client.network');
    case 'UNAVAILABLE':
      return say('client.unavailable');
    case 'RATE_LIMITED':
    case 'BAD_USER_INPUT':
    case 'CONFLICT':
    case 'UNAUTHENTICATED':
    case 'FORBIDDEN':
    case 'NOT_FOUND':
      return error.message;
    default:
      return say('client.serverFailed');
  }
}
