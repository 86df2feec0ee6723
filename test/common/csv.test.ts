import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, csvUncell } from '../../src/common/csv.js';

/** The cells a spreadsheet would see after splitting a line (its quoting removed) on `separator`. */
function cellsSplitOn(written: string, separator: RegExp): string[] {
  const unquoted = written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written;
  return unquoted.split(separator).map((cell) => cell.replace(/^[ \t]+/, ''));
}

/** What cellsSplitOn finds at the start of a cell that runs as a formula, or becomes a number without its leading zero. */
const UNSAFE_START = /^([=+\-@]|0\d|\d{12})/;

const HOSTILE = [
  'Đề nghị xem xét;=HYPERLINK("http://lua-dao.example","Nhận quà")',
  'B;@SUM(9+9)',
  'Ý kiến:\n=1+1',
  'Ý kiến:\r\n+cmd|\' /C calc\'!A0',
  'Liên hệ,-2+3',
  'Liên hệ:\t=WEBSERVICE("http://lua-dao.example")',
  'Dòng một; \t =HYPERLINK("http://lua-dao.example")',
];

describe('csvCell', () => {
  it('should not leave a formula at any position a spreadsheet may start a cell, whichever character it splits on', () => {
    for (const text of HOSTILE) {
      const written = csvCell(text);
      for (const separator of [/,/, /;/, /\t/, /\r\n|\r|\n/, /[,;\t\r\n]/]) {
        for (const cell of cellsSplitOn(written, separator)) expect(cell, `${JSON.stringify(text)} split on ${separator}`).not.toMatch(UNSAFE_START);
      }
    }
  });

  it('should quote a cell holding a semicolon or a tab, so a spreadsheet splitting on them keeps it whole', () => {
    expect(csvCell('B;@SUM(9+9)')).toBe(`"B;'@SUM(9+9)"`);
    expect(csvCell('Cột một\tcột hai')).toBe('"Cột một\tcột hai"');
  });

  it('should defuse cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://lua-dao.example","Bấm vào")')).toBe(`"'=HYPERLINK(""http://lua-dao.example"",""Bấm vào"")"`);
    expect(csvCell('+84 912 345 678')).toBe("'+84 912 345 678");
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1+1')).toBe(`"\t'=1+1"`);
  });

  it('should keep the leading zeros of phone and ID numbers with a leading apostrophe', () => {
    expect(csvCell('0912345678')).toBe("'0912345678");
    expect(csvCell('001099012345')).toBe("'001099012345");
    expect(csvCell('Gọi 0912345678;0987654321')).toBe(`"Gọi 0912345678;'0987654321"`);
    expect(csvCell('123456789012')).toBe("'123456789012");
    expect(csvCell('0')).toBe('0');
    expect(csvCell('12')).toBe('12');
  });

  it('should give back every cell exactly as written once its apostrophes are taken back', () => {
    const texts = [...HOSTILE, "'=already quoted", "''+twice", "Anh nói, 'thôi'", '0912345678', "'0912345678", 'Đường Nguyễn Trãi; ngõ 36 – phố Hàng Bông'];
    for (const text of texts) {
      const written = csvCell(text);
      const read = written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written;
      expect(csvUncell(read)).toBe(text);
    }
  });

  it('should quote commas, quotes and line breaks and keep Vietnamese text as written', () => {
    expect(csvCell('Đèn hỏng, cần sửa')).toBe('"Đèn hỏng, cần sửa"');
    expect(csvCell('Anh "Tư" nói\nđèn hỏng')).toBe('"Anh ""Tư"" nói\nđèn hỏng"');
    expect(csvCell('Trộm cắp tài sản')).toBe('Trộm cắp tài sản');
    // Byte for byte: the composed and the decomposed spelling of a word each stay as they are.
    for (const text of ['Nguyễn Thị Hạnh, phường Hàng Trống', 'Nguyễn Thị Hạnh'.normalize('NFD'), 'Đỗ – “Tư” ‘Lan’ …']) {
      expect(Buffer.from(csvCell(text).replace(/^"|"$/g, '').replace(/""/g, '"'))).toEqual(Buffer.from(text));
    }
  });

  it('should write numbers (negative ones too), dates and empty values plainly', () => {
    expect(csvRow([-3, 2.5, new Date('2026-11-30T01:02:03.000Z'), null, undefined, true])).toBe('-3,2.5,2026-11-30T01:02:03.000Z,,,true\r\n');
  });
});
