import { useState } from 'preact/hooks';
import { request } from '../../api.js';
import { refusal } from '../../messages.js';
import type { StaffSignIn } from '../../staff.js';
import { Field, Notice } from '../../ui.js';
import { CreateSessionDocument } from '../../generated/graphql.js';

/** A date as a datetime-local input holds it (the browser's time zone, to the minute). */
export function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The two moderation modes, as the create and edit forms offer them. */
export function ModerationModeOptions() {
  return (
    <>
      <option value="PRE">Duyệt trước khi công khai</option>
      <option value="POST">Công khai ngay, ẩn khi cần</option>
    </>
  );
}

/** A new session of the signed-in staff member's unit, with its first topics. */
export function CreateSession({ staff, onCreated }: { staff: StaffSignIn; onCreated: () => void }) {
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const [startsAt, setStartsAt] = useState(() => localDateTime(new Date()));
  const [mode, setMode] = useState<'PRE' | 'POST'>('PRE');
  const [topics, setTopics] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const unit = staff.viewer.unit;
  if (!unit) return <p class="hint">Tài khoản quản trị chung không thuộc đơn vị nào: hãy đăng nhập bằng tài khoản của đơn vị để tạo phiên.</p>;
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    try {
      await request(
        CreateSessionDocument,
        {
          input: {
            unitId: unit.id,
            title,
            location: place || null,
            startsAt: new Date(startsAt).toISOString(),
            moderationMode: mode,
            topics: topics.split(/[,;\n]/).map((t) => t.trim()).filter(Boolean),
          },
        },
        staff.token,
      );
      setTitle('');
      setTopics('');
      onCreated();
    } catch (error) {
      setProblem(refusal(error));
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">Tạo phiên mới</h2>
      <Field id="new-title" label="Tên phiên">
        <input id="new-title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </Field>
      <Field id="new-place" label="Địa điểm">
        <input id="new-place" value={place} onInput={(e) => setPlace(e.currentTarget.value)} />
      </Field>
      <Field id="new-starts" label="Bắt đầu lúc">
        <input id="new-starts" type="datetime-local" required value={startsAt} onInput={(e) => setStartsAt(e.currentTarget.value)} />
      </Field>
      <Field id="new-mode" label="Kiểm duyệt">
        <select id="new-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as 'PRE' | 'POST')}>
          <ModerationModeOptions />
        </select>
      </Field>
      <Field id="new-topics" label="Chủ đề (cách nhau bởi dấu phẩy)">
        <input id="new-topics" value={topics} onInput={(e) => setTopics(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary">
        Tạo phiên
      </button>
      {problem && <Notice kind="error">{problem}</Notice>}
    </form>
  );
}
