/** Excel reads a UTF-8 file as UTF-8 (Vietnamese diacritics intact) only when it starts with this mark. */
export const UTF8_BOM = '\uFEFF';

// A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…), @SUM(…)),
// also after a leading tab or carriage return (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text that could run as a formula gets a leading quote; quotes, commas and line breaks are quoted. */
export function csvCell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = value instanceof Date ? value.toISOString() : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (RFC 4180: CRLF at the end). */
export function csvRow(cells: readonly (string | number | boolean | Date | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
