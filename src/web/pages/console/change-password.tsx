import { useState } from 'preact/hooks';
import { request } from '../../api.js';
import type { StaffSignIn } from '../../staff.js';
import { Field } from '../../ui.js';
import { ChangeMyPasswordDocument } from '../../generated/graphql.js';
import { FieldRefusal, FormRefusalNotice, formRefusal, type FormRefusal } from './form-refusal.js';

/** Đổi mật khẩu, for every staff member: the server ends every token of theirs, so the page signs in again. */
export function ChangePassword({ staff, onChanged }: { staff: StaffSignIn; onChanged: () => void }) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [refused, setRefused] = useState<FormRefusal | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setRefused(null);
    if (repeated !== newPassword) return setRefused({ text: 'Hai lần nhập mật khẩu mới không khớp nhau.', field: 'repeated' });
    setBusy(true);
    try {
      await request(ChangeMyPasswordDocument, { currentPassword, newPassword }, staff.token);
      onChanged();
    } catch (error) {
      setRefused(formRefusal(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card narrow" onSubmit={submit} aria-labelledby="password-title">
      <h2 id="password-title">Đổi mật khẩu</h2>
      <p class="hint">Sau khi đổi, mọi phiên đăng nhập của bạn (cả phiên này) kết thúc: hãy đăng nhập lại bằng mật khẩu mới.</p>
      <Field id="current-password" label="Mật khẩu hiện tại">
        <input id="current-password" type="password" autocomplete="current-password" required value={currentPassword} onInput={(e) => setCurrentPassword(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="currentPassword" />
      </Field>
      <Field id="new-password" label="Mật khẩu mới" hint="Ít nhất 12 ký tự, khó đoán.">
        <input id="new-password" type="password" autocomplete="new-password" required value={newPassword} onInput={(e) => setNewPassword(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="newPassword" />
      </Field>
      <Field id="repeat-password" label="Nhập lại mật khẩu mới">
        <input id="repeat-password" type="password" autocomplete="new-password" required value={repeated} onInput={(e) => setRepeated(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="repeated" />
      </Field>
      <button type="submit" class="primary" disabled={busy}>
        Đổi mật khẩu
      </button>
      <FormRefusalNotice refused={refused} fields={['currentPassword', 'newPassword', 'repeated']} />
    </form>
  );
}
