import { describe, expect, it } from 'vitest';
import { localizeMessage, preferredLocale } from '../../src/common/locale.js';

describe('preferredLocale', () => {
  it('should answer in Vietnamese when the client names no language, or neither Vietnamese nor English', () => {
    for (const header of [undefined, null, '', '*', 'fr-FR,fr;q=0.9', 'zh-CN', 'en;q=0', 42]) expect(preferredLocale(header)).toBe('vi');
  });

  it('should answer in English when English is preferred to Vietnamese', () => {
    for (const header of ['en', 'en-US,en;q=0.9', 'en-GB,vi;q=0.5', 'fr,en;q=0.8,vi;q=0.3', 'EN-us', 'vi;q=0, en']) expect(preferredLocale(header)).toBe('en');
  });

  it('should answer in Vietnamese when Vietnamese is preferred or ties first', () => {
    for (const header of ['vi', 'vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7', 'en;q=0.5,vi', 'vi,en', 'en;q=abc;x=1,vi;q=2']) expect(preferredLocale(header)).toBe('vi');
  });
});

describe('localizeMessage', () => {
  it('should put field names and statuses in Vietnamese words inside the sentence', () => {
    expect(localizeMessage('body must not be empty', { locale: 'vi' })).toBe('Nội dung không được để trống');
    expect(localizeMessage('title is too long: 250 characters, at most 200', { locale: 'vi' })).toBe('Tiêu đề quá dài: 250 ký tự, tối đa 200 ký tự');
    expect(localizeMessage('The session is CLOSED: it accepts opinions only while LIVE', { locale: 'vi' })).toBe('Phiên đã kết thúc: chỉ nhận ý kiến khi phiên đang diễn ra');
    expect(localizeMessage('Cannot APPROVE an opinion that is HIDDEN', { locale: 'vi' })).toBe('Không thể duyệt ý kiến đang ở trạng thái “đã ẩn”');
    expect(localizeMessage('A tip that is CLOSED cannot become VERIFYING', { locale: 'vi' })).toBe('Không thể chuyển tin báo từ trạng thái “đã kết thúc” sang “đang xác minh”');
  });

  it("should keep graphql's own messages after a Vietnamese lead-in for their code", () => {
    const unknown = 'Cannot query field "secret" on type "Opinion".';
    expect(localizeMessage(unknown, { locale: 'vi', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(`Yêu cầu GraphQL không hợp lệ: ${unknown}`);
    expect(localizeMessage('Variable "$id" of required type "ID!" was not provided.', { locale: 'vi', code: 'BAD_USER_INPUT' })).toMatch(/^Dữ liệu gửi lên không hợp lệ: Variable/);
  });

  it('should leave English as thrown', () => {
    expect(localizeMessage('body must not be empty', { locale: 'en', code: 'BAD_USER_INPUT' })).toBe('body must not be empty');
  });
});
