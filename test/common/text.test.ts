import { describe, expect, it } from 'vitest';
import { cleanText, requireText, stripFormatCharacters } from '../../src/common/text.js';

const ZWJ = '\u200D';

describe('cleanText', () => {
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

describe('requireText', () => {
  it('should refuse text made only of invisible characters as empty', () => {
    expect(() => requireText('\u2060\u200B\u061C\u00AD', { field: 'body', max: 100 })).toThrow(/body must not be empty/);
  });
});
