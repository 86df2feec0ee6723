import { describe, expect, it } from 'vitest';
import { cleanText, foldForSearch, normalizeEmail, optionalText, requireText, searchTerms, textLength } from '../../src/common/text.js';
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
    const hostile = 'Xe\u202Eô tô\u200B đỗ\u0007 trên\u0085 vỉa hè\uFEFF';
    // On one line each becomes a space (runs collapse); in multiline text it is dropped.
    expect(cleanText(hostile)).toBe('Xe ô tô đỗ trên vỉa hè');
    expect(cleanText(hostile, { multiline: true })).toBe('Xeô tô đỗ trên vỉa hè');
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
