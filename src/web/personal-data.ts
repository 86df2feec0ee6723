import type { PersonalDataKind } from './generated/graphql.js';

// The server decides which kinds of personal data a text holds (Opinion.personalData); these
// patterns only find where, so the console can mark the spans of the kinds it flagged. They lean
// towards marking too much: a moderator reads every mark before publishing.
const SPANS: Record<PersonalDataKind, RegExp> = {
  PHONE: /(?<![\p{N}.,])(?:\+84|84|0)(?:[ .-]?\p{N}){8,10}(?!\p{N})/gu,
  ID_NUMBER: /(?<![\p{N}.,])(?:0\d{11}|\d{9})(?![\p{N}]|[.,]\p{N})/gu,
  EMAIL: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g,
  PLATE: /(?<![\p{L}\p{N}])\d{2}[ -]?[A-Z][A-Z0-9]?[ -]?(?:\d{3}\.?\d{2}|\d{4})(?![\p{L}\p{N}])/giu,
  ADDRESS: /(?<![\p{L}\p{N}])(?:[Ss]ố nhà|[Nn]hà số|[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt|[Đđ]ường số|[Ss]ố)\s+\d+[a-zA-Z]?(?:\/\d+[a-zA-Z]?)*(?![\p{L}\p{N}])/gu,
};

/** A stretch of text that looks like personal data of one kind. */
export interface Span {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

/** Where the flagged kinds occur in `text`, in order and without overlaps (the first found wins). */
export function personalDataSpans(text: string, kinds: readonly PersonalDataKind[]): Span[] {
  const found: Span[] = [];
  for (const kind of kinds) {
    for (const match of text.matchAll(SPANS[kind])) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (!found.some((s) => start < s.end && s.start < end)) found.push({ kind, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The text with every span replaced by a visible mark: the redaction a moderator starts from. */
export function masked(text: string, spans: readonly Span[]): string {
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += `${text.slice(last, s.start)}[đã che]`;
    last = s.end;
  }
  return out + text.slice(last);
}
