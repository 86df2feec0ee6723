import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../src/common/csv.js';

describe('csvCell', () => {
  it('should defuse cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://lua-dao.example","Bấm vào")')).toBe(`"'=HYPERLINK(""http://lua-dao.example"",""Bấm vào"")"`);
    expect(csvCell('+84 912 345 678')).toBe("'+84 912 345 678");
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
  });

  it('should quote commas, quotes and line breaks and keep Vietnamese text as written', () => {
    expect(csvCell('Đèn hỏng, cần sửa')).toBe('"Đèn hỏng, cần sửa"');
    expect(csvCell('Anh "Tư" nói\nđèn hỏng')).toBe('"Anh ""Tư"" nói\nđèn hỏng"');
    expect(csvCell('Trộm cắp tài sản')).toBe('Trộm cắp tài sản');
  });

  it('should write numbers (negative ones too), dates and empty values plainly', () => {
    expect(csvRow([-3, 2.5, new Date('2026-11-30T01:02:03.000Z'), null, undefined, true])).toBe('-3,2.5,2026-11-30T01:02:03.000Z,,,true\r\n');
  });
});
