import { describe, expect, it } from 'vitest';
import { localizeMessage, preferredLocale, translateToVietnamese } from '../../src/common/locale.js';
import { MESSAGES_VI } from '../../src/common/messages.vi.js';

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

  it("should not dress graphql's message about a client's text as ours when that text holds a template's words", () => {
    for (const value of ['x is too long: 5 characters, at most 9', 'Too many upvotes: try again in 60 seconds', 'APPROVE']) {
      const message = `Variable "$v" got invalid value "${value}"; Int cannot represent non-integer value: "${value}"`;
      expect(localizeMessage(message, { locale: 'vi', code: 'BAD_USER_INPUT' })).toBe(`Dữ liệu gửi lên không hợp lệ: ${message}`);
    }
  });

  it('should not overflow the stack or stall on a megabyte of any template repeated', () => {
    for (const template of Object.keys(MESSAGES_VI).filter((en) => /\{\w+\}/.test(en))) {
      const text = template.replace(/\{\w+\}/g, 'x').repeat(Math.ceil(2 ** 20 / template.length));
      expect(translateToVietnamese(text)?.slice(0, 100) ?? null, template).toBeNull();
    }
  });

  it('should still read a rate-limit refusal, whose values are a message and a duration of the catalogue', () => {
    expect(localizeMessage('Too many opinions sent: try again in 60 seconds', { locale: 'vi' })).toBe('Bạn đã gửi quá nhiều ý kiến. Vui lòng thử lại sau 60 giây.');
    expect(localizeMessage('Internal server error: connection reset by peer', { locale: 'vi' })).toBe('Lỗi máy chủ: connection reset by peer');
  });

  it('should leave English as thrown', () => {
    expect(localizeMessage('body must not be empty', { locale: 'en', code: 'BAD_USER_INPUT' })).toBe('body must not be empty');
  });
});
