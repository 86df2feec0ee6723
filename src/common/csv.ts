/** Excel reads a UTF-8 file as UTF-8 (Vietnamese diacritics intact) only when it starts with this mark. */
export const UTF8_BOM = '\uFEFF';

// Where a spreadsheet may start a cell: the cell's start, and after every character some
// spreadsheet splits on — the comma, the semicolon (Excel under Vietnamese and most European
// regional settings), the tab, a line break — with any spaces or tabs it trims. A cell that starts
// with = + - @ runs as a formula (=HYPERLINK(…), @SUM(…); OWASP "CSV injection"); one that starts
// with 0 and a digit (phone and ID numbers) or holds 12 digits and more loses its leading zeros or
// digits to a number. Each such position gets an apostrophe; apostrophes already there before
// such a start get one more, so the export can be read back exactly (csvUncell).
const TRIGGER = `'*(?:[=+\\-@]|0\\d|\\d{12})`;
const CELL_STARTS = new RegExp(`(^|[,;\\t\\r\\n])([ \\t]*)(?=${TRIGGER})`, 'g');
const DEFUSED = new RegExp(`(^|[,;\\t\\r\\n])([ \\t]*)'(?=${TRIGGER})`, 'g');

/**
 * One cell: every position a spreadsheet may start a cell at gets a leading apostrophe where it
 * would run a formula or mangle a number; quotes, commas, semicolons, tabs and line breaks are quoted.
 */
export function csvCell(value: string | number | boolean | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = (value instanceof Date ? value.toISOString() : value).replace(CELL_STARTS, "$1$2'");
  return /[",;\t\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell's text as written before csvCell (after the CSV reader removed the quoting): its apostrophes taken back. */
export function csvUncell(text: string): string {
  return text.replace(DEFUSED, '$1$2');
}

/** One CSV line (RFC 4180: CRLF at the end). */
export function csvRow(cells: readonly (string | number | boolean | Date | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
