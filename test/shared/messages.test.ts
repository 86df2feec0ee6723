import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { badInput, conflict } from '../../src/common/errors.js';
import { FIELD_WORDS, MESSAGES, renderMessage, STATE_WORDS, type MessageId } from '../../src/shared/messages.js';

const SRC = path.resolve(import.meta.dirname, '../../src');
const CATALOGUE = path.join(SRC, 'shared/messages.ts');

/** Every .ts and .tsx file of src but the catalogue itself, server and pages alike. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && full !== CATALOGUE ? [full] : [];
  });
}

const ids = Object.keys(MESSAGES) as MessageId[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
// Letters only Vietnamese writes (and its tone marks): a Vietnamese text has at least one.
const VIETNAMESE_LETTER = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
// Words Vietnamese takes as they are.
const LOANWORDS = new Set(['email', 'e-mail']);

describe('the message catalogue', () => {
  it('should give every message an English and a Vietnamese text, in NFC', () => {
    expect(ids.length).toBeGreaterThan(100);
    for (const id of ids) {
      const { en, vi } = MESSAGES[id];
      expect({ id, en: en.trim().length > 0, vi: vi.trim().length > 0 }).toEqual({ id, en: true, vi: true });
      expect(vi.normalize('NFC'), id).toBe(vi);
    }
  });

  it('should name the same placeholders in both languages', () => {
    for (const id of ids) expect({ id, vi: placeholders(MESSAGES[id].vi) }).toEqual({ id, vi: placeholders(MESSAGES[id].en) });
  });

  it('should write Vietnamese with its diacritics, in messages, state words and field words alike', () => {
    const words = [...Object.values(STATE_WORDS).flatMap((group) => Object.values(group)), ...Object.values(FIELD_WORDS)];
    for (const vi of [...ids.map((id) => MESSAGES[id].vi), ...words].filter((text) => !LOANWORDS.has(text))) {
      expect(vi, vi).toMatch(VIETNAMESE_LETTER);
      expect(vi).not.toMatch(/\b(khong|duoc|phien|y kien|trang thai)\b/i);
    }
  });

  it('should have every message id used somewhere in src, server or pages', () => {
    const source = sourceFiles(SRC)
      .map((file) => fs.readFileSync(file, 'utf8'))
      .join('\n');
    // The check sees ids where the code names them: a helper, an object, a table.
    expect(source).toContain("'opinion.notFound'");
    expect(ids.filter((id) => !source.includes(`'${id}'`))).toEqual([]);
  });

  it('should have one word per state wherever messages put a state in their Vietnamese', () => {
    // A value goes through one table of words: a state two groups share (CLOSED) must read the same in both.
    const groups = [STATE_WORDS.sessionStatus, STATE_WORDS.opinionStatus, STATE_WORDS.tipStatus, STATE_WORDS.moderationAction, FIELD_WORDS];
    const seen = new Map<string, string>();
    for (const [value, word] of groups.flatMap((group) => Object.entries(group))) {
      expect({ value, word: seen.get(value) ?? word }).toEqual({ value, word });
      seen.set(value, word);
    }
    // Messages that name states in their own words name them with the state words.
    const named: [MessageId, string[]][] = [
      ['opinion.intakeBeforeLive', [STATE_WORDS.sessionStatus.SCHEDULED, STATE_WORDS.sessionStatus.LIVE, STATE_WORDS.sessionStatus.CLOSED]],
      ['tip.caseFieldsOutsideCase', [STATE_WORDS.tipStatus.CASE_OPENED, STATE_WORDS.tipStatus.CLOSED]],
      ['staff.roleInvalid', Object.values(STATE_WORDS.role)],
    ];
    for (const [id, words] of named) for (const word of words) expect(MESSAGES[id].vi, id).toContain(word);
    expect(renderMessage({ id: 'moderation.transition', params: { action: 'HIDE', status: 'APPROVED' } }, 'vi')).toBe('Không thể ẩn ý kiến đang ở trạng thái “đã công khai”');
  });

  it('should take only message ids with their values where a message belongs (the typecheck fails otherwise)', () => {
    const misuses = [
      // @ts-expect-error an English sentence is not a message id
      () => badInput('Opinion not found'),
      // @ts-expect-error a typo of an id
      () => conflict('opinion.notFund'),
      // @ts-expect-error a message with placeholders needs its values
      () => badInput('text.empty'),
      // @ts-expect-error every placeholder gets a value
      () => badInput({ id: 'text.tooLong', params: { field: 'body', max: 5000 } }),
    ];
    // At run time an unknown id is no message at all.
    expect(misuses[0]).toThrow(TypeError);
  });
});
