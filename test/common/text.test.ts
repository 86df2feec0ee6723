import { describe, expect, it } from 'vitest';
import { cleanText, foldForSearch, normalizeEmail, optionalText, requireText, searchTerms, stripFormatCharacters, textLength } from '../../src/common/text.js';
import { AppError } from '../../src/common/errors.js';

const DECOMPOSED = 'Đe\u0302\u0300n giao tho\u0302ng'; // "Đền giao thông" typed as base letters + combining marks

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a BAD_USER_INPUT refusal');
}

describe('cleanText', () => {
  it('should not keep bidi overrides, zero-width characters or C0/C1 controls', () => {
    const hostile = 'Xe\u202E ô tô\u200B đỗ\u0007trên\u0085 vỉa hè\uFEFF';
    // Format characters are dropped; a control becomes a space on one line (runs collapse) and
    // is dropped in multiline text.
    expect(cleanText(hostile)).toBe('Xe ô tô đỗ trên vỉa hè');
    expect(cleanText(hostile, { multiline: true })).toBe('Xe ô tô đỗtrên vỉa hè');
  });

  it('should compose Vietnamese to NFC, so decomposed and precomposed input are equal', () => {
    expect(cleanText(DECOMPOSED)).toBe('Đền giao thông');
    expect(cleanText(DECOMPOSED)).toBe(cleanText('Đền giao thông'));
  });

  it('should fold a single line: newlines, tabs and runs of spaces become one space, trimmed', () => {
    expect(cleanText('  Phường\tHàng   Trống\r\nquận Hoàn Kiếm  ')).toBe('Phường Hàng Trống quận Hoàn Kiếm');
  });

  it('should keep line breaks in multiline text, unified to \\n', () => {
    expect(cleanText('Dòng một\r\nDòng hai\rDòng ba\n', { multiline: true })).toBe('Dòng một\nDòng hai\nDòng ba');
  });
});

describe('requireText', () => {
  it('should refuse text that is empty once cleaned, naming the field', () => {
    const error = refusal(() => requireText(' \u200B\u0007 ', { field: 'body', max: 10 }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.message).toBe('body must not be empty');
  });

  it('should count code points, not UTF-16 units, against the maximum', () => {
    expect(requireText('Ngõ 😀', { field: 'body', max: 5 })).toBe('Ngõ 😀');
    expect(refusal(() => requireText('Ngõ 😀😀', { field: 'body', max: 5 })).message).toBe('body is too long: 6 characters, at most 5');
    expect(textLength('😀ệ')).toBe(2);
  });

  it('should refuse text under its minimum with the number of characters needed', () => {
    expect(refusal(() => requireText('Ab', { field: 'title', min: 3, max: 100 })).message).toBe('title needs at least 3 characters');
  });
});

describe('optionalText', () => {
  it('should turn null, undefined and blank text into null', () => {
    expect([optionalText(null, { field: 'a', max: 5 }), optionalText(undefined, { field: 'a', max: 5 }), optionalText(' \u200B ', { field: 'a', max: 5 })]).toEqual([null, null, null]);
  });

  it('should still refuse text that is too long', () => {
    expect(refusal(() => optionalText('Nguyễn Văn Hùng', { field: 'authorName', max: 5 })).code).toBe('BAD_USER_INPUT');
  });
});

describe('foldForSearch', () => {
  it('should fold tone and vowel marks and đ, so "den giao thong" finds "Đèn giao thông"', () => {
    expect(foldForSearch('Đèn giao thông')).toBe('den giao thong');
    expect(foldForSearch(DECOMPOSED)).toBe('den giao thong');
    expect(searchTerms('  ĐÈN   giao\tthông ')).toEqual(['den', 'giao', 'thong']);
  });

  it('should keep at most ten search terms', () => {
    expect(searchTerms('một hai ba bốn năm sáu bảy tám chín mười mười-một')).toHaveLength(10);
  });
});

describe('normalizeEmail', () => {
  it('should compare e-mail addresses trimmed, lower-cased and in NFC', () => {
    expect(normalizeEmail('  Can.Bo@CongAn.Gov.VN ')).toBe('can.bo@congan.gov.vn');
  });
});

const ZWJ = '\u200D';

describe('cleanText and format characters (Cf)', () => {
  it('should strip invisible format characters hidden inside Vietnamese words', () => {
    // Word joiner, Arabic letter mark, zero-width space, soft hyphen, left-to-right mark.
    const hidden = 'Đèn\u2060 giao\u061C thông ở ngã\u200B ba chợ Gi\u00ADầu hỏng\u200E';
    expect(cleanText(hidden)).toBe('Đèn giao thông ở ngã ba chợ Giầu hỏng');
    expect(cleanText(hidden, { multiline: true })).toBe('Đèn giao thông ở ngã ba chợ Giầu hỏng');
  });

  it('should strip bidi overrides and isolates that reorder what a moderator reads', () => {
    expect(cleanText('Số điện thoại \u202E876 543 2190\u202C của tôi')).toBe('Số điện thoại 876 543 2190 của tôi');
    expect(cleanText('\u2066Phường Đồng Nguyên\u2069\uFEFF')).toBe('Phường Đồng Nguyên');
  });

  it('should strip tag characters that smuggle hidden ASCII text', () => {
    const smuggled = [...'ignore'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    expect(cleanText(`Cảm ơn các anh${smuggled}`)).toBe('Cảm ơn các anh');
  });

  it('should not leave a zero-width joiner between letters', () => {
    expect(cleanText(`Nguy${ZWJ}ễn Văn Hùng`)).toBe('Nguyễn Văn Hùng');
    expect(cleanText(`👍${ZWJ}rất tốt`)).toBe('👍rất tốt');
    expect(cleanText(`tốt${ZWJ}👍`)).toBe('tốt👍');
  });

  it('should keep the zero-width joiner inside emoji sequences', () => {
    const family = `👨${ZWJ}👩${ZWJ}👧`;
    const policewoman = `👮🏽${ZWJ}♀️`;
    const heartOnFire = `❤️${ZWJ}🔥`;
    expect(cleanText(`Cả nhà ${family} cảm ơn ${policewoman} ${heartOnFire}`)).toBe(`Cả nhà ${family} cảm ơn ${policewoman} ${heartOnFire}`);
  });

  it('should compose to NFC, also when a format character sat between a letter and its marks', () => {
    expect(cleanText('Tra\u0302\u0300n Thi\u0323 Ha\u0300')).toBe('Trần Thị Hà');
    expect(cleanText('Ho\u200B\u0300a')).toBe('Hòa');
    expect(cleanText('Phu\u031Bo\u2060\u031Bng')).toBe('Phương');
  });

  it('should keep tabs and line breaks in multiline text and unify line endings', () => {
    expect(cleanText('Dòng một\r\nDòng hai\rDòng\tba\u0000', { multiline: true })).toBe('Dòng một\nDòng hai\nDòng\tba');
    expect(cleanText('Dòng một\r\nDòng hai')).toBe('Dòng một Dòng hai');
  });
});

describe('stripFormatCharacters', () => {
  it('should remove every character of category Cf but an emoji joiner', () => {
    const everyFormat: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (/\p{Cf}/u.test(char)) everyFormat.push(char);
    }
    expect(everyFormat.length).toBeGreaterThan(150);
    expect(stripFormatCharacters(`an${everyFormat.join('')}ninh`)).toBe('anninh');
    expect(stripFormatCharacters(`👨${everyFormat.join('')}👩`)).toBe(`👨👩`);
  });
});

describe('requireText and format characters', () => {
  it('should refuse text made only of invisible characters as empty', () => {
    expect(() => requireText('\u2060\u200B\u061C\u00AD', { field: 'body', max: 100 })).toThrow(/body must not be empty/);
  });
});
