import { PersonalDataKind } from '../../common/enums.js';

// Written for how people type on phones in Vietnam: digits grouped with spaces, dots or dashes,
// Vietnamese words around them, and the same digits also meaning years and sums of money.

const NOT_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const NOT_WORD_AFTER = String.raw`(?![\p{L}\p{N}])`;

// Money spelled after a number: "1.500.000 đồng", "850 nghìn", "2 triệu", "50.000đ".
const MONEY_AFTER = /^\s*(?:đồng|đ|vnđ|vnd|nghìn|ngàn|triệu|tỷ|tỉ|k)(?![\p{L}])/iu;
// Thousands grouped by dots or commas: a sum of money, never a phone number.
const THOUSANDS = /^\d{1,3}(?:[.,]\d{3})+$/;

// 0 or +84/84, then 9 or 10 more digits with single separators between them.
const PHONE = new RegExp(String.raw`(?<![\p{N}.,+])(?:\+84|84|0)(?:[ .\-]?\p{N}){8,10}(?![\p{N}])`, 'gu');
// CCCD: 12 digits starting with a province code 001–096; CMND: 9 digits.
// Not part of a longer number, nor of one grouped by dots or commas (a sum of money).
const ID_NUMBER = new RegExp(String.raw`(?<!\p{N}|\p{N}[.,])(?:0\d{11}|\d{9})(?!\p{N}|[.,]\p{N})`, 'gu');
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// 29A-123.45, 30F1-234.56, 51G 12345, 29A-1234, 29-B1 123.45.
const PLATE = new RegExp(
  String.raw`${NOT_WORD_BEFORE}\d{2}[ \-]?[A-Z][A-Z0-9]?[ \-]?(?:\d{3}\.?\d{2}|\d{4})${NOT_WORD_AFTER}`,
  'giu',
);
// A house number with its lane or street: "số nhà 15", "nhà số 7", "ngõ 34", "ngách 12/5",
// "hẻm 45", "kiệt 8", "số 15 Hàng Bạc", "15 phố Hàng Gai", "đường số 5".
const HOUSE_NUMBER = String.raw`\d+[a-zA-Z]?(?:\/\d+[a-zA-Z]?)*`;
// Case-sensitive (a street name starts with a capital), so keywords list both cases.
const ADDRESS = new RegExp(
  [
    String.raw`${NOT_WORD_BEFORE}(?:[Ss]ố nhà|[Nn]hà số|[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt|[Đđ]ường số|[Pp]hố số)\s+${HOUSE_NUMBER}${NOT_WORD_AFTER}`,
    String.raw`${NOT_WORD_BEFORE}[Ss]ố\s+${HOUSE_NUMBER}\s+(?:ngõ|ngách|hẻm|kiệt|phố|đường|\p{Lu})`,
    String.raw`${NOT_WORD_BEFORE}${HOUSE_NUMBER}\s+(?:phố|đường|Phố|Đường)\s+\p{Lu}`,
  ].join('|'),
  'gu',
);

const digitsOf = (text: string) => text.replace(/\D/g, '');

function isPhone(match: string, after: string): boolean {
  if (THOUSANDS.test(match) || MONEY_AFTER.test(after)) return false;
  const digits = digitsOf(match);
  const national = digits.startsWith('84') && !match.startsWith('0') ? `0${digits.slice(2)}` : digits;
  // Mobile: 10 digits, 03/05/07/08/09; landline: 11 digits, 02x.
  return (national.length === 10 && /^0[35789]/.test(national)) || (national.length === 11 && national.startsWith('02'));
}

function isIdNumber(match: string, after: string): boolean {
  if (MONEY_AFTER.test(after)) return false;
  // Nine digits starting 0 followed by a mobile prefix are a phone number missing a digit, not a CMND.
  return match.length === 12 || !/^0[35789]/.test(match);
}

function some(pattern: RegExp, text: string, accept: (match: string, after: string) => boolean = () => true): boolean {
  for (const found of text.matchAll(pattern)) {
    const end = (found.index ?? 0) + found[0].length;
    if (accept(found[0].trim(), text.slice(end, end + 8))) return true;
  }
  return false;
}

/**
 * The kinds of personal data in a text, in enum order: Vietnamese phone numbers (0xx xxxx xxxx,
 * +84), CCCD/CMND numbers, e-mail addresses, licence plates and street addresses with a house
 * number. A hint for moderators before they publish, not a guarantee: it errs towards flagging.
 */
export function detectPersonalData(text: string): PersonalDataKind[] {
  const normalized = text.normalize('NFC');
  const found: PersonalDataKind[] = [];
  if (some(PHONE, normalized, isPhone)) found.push(PersonalDataKind.PHONE);
  if (some(ID_NUMBER, normalized, isIdNumber)) found.push(PersonalDataKind.ID_NUMBER);
  if (some(EMAIL, normalized)) found.push(PersonalDataKind.EMAIL);
  if (some(PLATE, normalized)) found.push(PersonalDataKind.PLATE);
  if (some(ADDRESS, normalized)) found.push(PersonalDataKind.ADDRESS);
  return found;
}
