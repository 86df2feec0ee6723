import { describe, expect, it } from 'vitest';
import { localizeForeignMessage, localizeMessage, preferredLocale } from '../../src/common/locale.js';
import { rateLimited, type RateLimitedOperation } from '../../src/auth/rate-limiter.js';
import { MESSAGES } from '../../src/shared/messages.js';

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
    expect(localizeMessage({ id: 'text.empty', params: { field: 'body' } }, 'vi')).toBe('Nội dung không được để trống');
    expect(localizeMessage({ id: 'text.tooLong', params: { field: 'title', length: 250, max: 200 } }, 'vi')).toBe('Tiêu đề quá dài: 250 ký tự, tối đa 200 ký tự');
    expect(localizeMessage({ id: 'opinion.sessionNotLive', params: { status: 'CLOSED' } }, 'vi')).toBe('Phiên đã kết thúc: chỉ nhận ý kiến khi phiên đang diễn ra');
    expect(localizeMessage({ id: 'moderation.transition', params: { action: 'APPROVE', status: 'HIDDEN' } }, 'vi')).toBe('Không thể duyệt ý kiến đang ở trạng thái “đã ẩn”');
    expect(localizeMessage({ id: 'tip.transition', params: { from: 'CLOSED', to: 'VERIFYING' } }, 'vi')).toBe('Không thể chuyển tin báo từ trạng thái “đã kết thúc” sang “đang xác minh”');
  });

  it('should say the English as clients read it before message ids, values as given', () => {
    expect(localizeMessage({ id: 'text.empty', params: { field: 'body' } }, 'en')).toBe('body must not be empty');
    expect(localizeMessage({ id: 'moderation.transition', params: { action: 'APPROVE', status: 'HIDDEN' } }, 'en')).toBe('Cannot APPROVE an opinion that is HIDDEN');
    expect(localizeMessage('cursor.invalid', 'en')).toBe('Invalid cursor');
  });

  it("should not translate an internal error's own text, even when it is a word of the catalogue", () => {
    expect(localizeMessage({ id: 'server.internalDetail', params: { detail: 'body' } }, 'vi')).toBe('Lỗi máy chủ: body');
    expect(localizeMessage({ id: 'server.internalDetail', params: { detail: 'connection reset by peer' } }, 'vi')).toBe('Lỗi máy chủ: connection reset by peer');
  });

  it('should say every rate-limit refusal in Vietnamese, with its number', () => {
    const operations: RateLimitedOperation[] = ['submitOpinion', 'intakeOpinion', 'upvoteOpinion', 'joinAsCitizen', 'login', 'sessionByCode'];
    for (const operation of operations) {
      for (const scope of ['actor', 'ip', 'anonymousIp'] as const) {
        for (const [ms, wait] of [[1000, '1 giây'], [60_000, '60 giây'], [15 * 60_000, '15 phút']] as const) {
          const vietnamese = localizeMessage(rateLimited(operation, ms, scope).messageRef, 'vi');
          expect(vietnamese).toMatch(new RegExp(`^[^:]+\\. Vui lòng thử lại sau ${wait}\\.$`));
          expect(vietnamese).not.toMatch(/Too many|try again/);
        }
      }
    }
    const refusal = rateLimited('submitOpinion', 60_000);
    expect(localizeMessage(refusal.messageRef, 'vi')).toBe('Bạn đã gửi quá nhiều ý kiến. Vui lòng thử lại sau 60 giây.');
    expect(refusal.message).toBe('Too many opinions sent: try again in 60 seconds');
  });
});

describe('localizeForeignMessage', () => {
  it("should keep graphql's own messages after a Vietnamese lead-in for their code", () => {
    const unknown = 'Cannot query field "secret" on type "Opinion".';
    expect(localizeForeignMessage(unknown, { locale: 'vi', code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(`Yêu cầu GraphQL không hợp lệ: ${unknown}`);
    expect(localizeForeignMessage('Variable "$id" of required type "ID!" was not provided.', { locale: 'vi', code: 'BAD_USER_INPUT' })).toMatch(/^Dữ liệu gửi lên không hợp lệ: Variable/);
  });

  it("should not dress graphql's message about a client's text as ours, nor a client's text that is exactly our English", () => {
    for (const value of ['x is too long: 5 characters, at most 9', 'Too many upvotes: try again in 60 seconds', 'APPROVE']) {
      const message = `Variable "$v" got invalid value "${value}"; Int cannot represent non-integer value: "${value}"`;
      expect(localizeForeignMessage(message, { locale: 'vi', code: 'BAD_USER_INPUT' })).toBe(`Dữ liệu gửi lên không hợp lệ: ${message}`);
    }
    expect(localizeForeignMessage('Invalid cursor', { locale: 'vi', code: 'BAD_USER_INPUT' })).toBe('Dữ liệu gửi lên không hợp lệ: Invalid cursor');
  });

  it('should not stall on a megabyte of any template of the catalogue repeated', () => {
    const leadIn = 'Dữ liệu gửi lên không hợp lệ: ';
    for (const en of Object.values(MESSAGES).map((texts) => texts.en).filter((text) => /\{\w+\}/.test(text))) {
      const text = en.replace(/\{\w+\}/g, 'x').repeat(Math.ceil(2 ** 20 / en.length));
      const said = localizeForeignMessage(text, { locale: 'vi', code: 'BAD_USER_INPUT' });
      expect({ en, start: said.slice(0, leadIn.length), length: said.length }).toEqual({ en, start: leadIn, length: leadIn.length + text.length });
    }
  });

  it("should say type-graphql's refusal in Vietnamese and leave English as it came", () => {
    const denied = "Access denied! You don't have permission for this action!";
    expect(localizeForeignMessage(denied, { locale: 'vi', code: 'FORBIDDEN' })).toBe('Bạn không có quyền thực hiện thao tác này');
    expect(localizeForeignMessage(denied, { locale: 'en', code: 'FORBIDDEN' })).toBe(denied);
  });
});
