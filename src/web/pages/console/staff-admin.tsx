import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api.js';
import { label, labels } from '../../messages.js';
import type { StaffSignIn } from '../../staff.js';
import { Field, Notice } from '../../ui.js';
import {
  CreateStaffDocument,
  ResetStaffPasswordDocument,
  StaffListDocument,
  UpdateStaffDocument,
  type Role,
  type StaffListQuery,
  type StaffMemberFragment,
} from '../../generated/graphql.js';
import { EnumOptions, InlineForm } from './inline-form.js';
import { FieldRefusal, FormRefusalNotice, formRefusal, type FormRefusal } from './form-refusal.js';
import { useUnitsUnder, type UnitChoice } from './units.js';

type StaffRole = Exclude<Role, 'CITIZEN'>;

function UnitOptions({ units }: { units: readonly UnitChoice[] }) {
  return (
    <>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {u.name}
        </option>
      ))}
    </>
  );
}

/** A new staff member of one of the admin's units: e-mail, name, first password, role. */
function CreateStaffForm({ staff, units, unitId, onCreated }: { staff: StaffSignIn; units: readonly UnitChoice[]; unitId: string; onCreated: (s: StaffMemberFragment) => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<StaffRole>('MODERATOR');
  const [unit, setUnit] = useState(unitId);
  const [refused, setRefused] = useState<FormRefusal | null>(null);
  useEffect(() => setUnit(unitId), [unitId]);
  const submit = async (event: Event) => {
    event.preventDefault();
    setRefused(null);
    try {
      const { createStaff } = await request(CreateStaffDocument, { input: { email, displayName, password, role, unitId: unit } }, staff.token);
      setEmail('');
      setDisplayName('');
      setPassword('');
      onCreated(createStaff);
    } catch (error) {
      setRefused(formRefusal(error));
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="create-staff-title">
      <h3 id="create-staff-title">Thêm cán bộ</h3>
      <Field id="staff-email" label="E-mail đăng nhập">
        <input id="staff-email" type="email" autocomplete="off" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="email" />
      </Field>
      <Field id="staff-name" label="Họ tên">
        <input id="staff-name" required maxLength={120} value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="displayName" />
      </Field>
      <Field id="staff-password" label="Mật khẩu ban đầu" hint="Ít nhất 12 ký tự, khó đoán; người này nên đổi mật khẩu khi đăng nhập lần đầu.">
        <input id="staff-password" type="password" autocomplete="new-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="password" />
      </Field>
      <Field id="staff-role" label="Vai trò">
        <select id="staff-role" value={role} onChange={(e) => setRole(e.currentTarget.value as StaffRole)}>
          <EnumOptions names={labels.staffRole} />
        </select>
        <FieldRefusal refused={refused} field="role" />
      </Field>
      <Field id="staff-unit" label="Đơn vị">
        <select id="staff-unit" value={unit} onChange={(e) => setUnit(e.currentTarget.value)}>
          <UnitOptions units={units} />
        </select>
        <FieldRefusal refused={refused} field="unitId" />
      </Field>
      <button type="submit" class="primary">
        Thêm cán bộ
      </button>
      <FormRefusalNotice refused={refused} fields={['email', 'displayName', 'password', 'role', 'unitId']} />
    </form>
  );
}

type Editing = { id: string; kind: 'edit' | 'password' } | null;

/** Name, role and unit of one staff member, inline under their row. */
function EditStaffForm(props: { member: StaffMemberFragment; units: readonly UnitChoice[]; refused: FormRefusal | null; onSubmit: (input: { displayName: string; role: StaffRole; unitId: string }) => void; onCancel: () => void }) {
  const { member } = props;
  const [displayName, setDisplayName] = useState(member.displayName);
  const [role, setRole] = useState<StaffRole>(member.role === 'CITIZEN' ? 'MODERATOR' : member.role);
  const [unitId, setUnitId] = useState(member.unit?.id ?? props.units[0]?.id ?? '');
  return (
    <InlineForm submitText="Lưu thay đổi" submitClass="primary" onSubmit={() => props.onSubmit({ displayName, role, unitId })} onCancel={props.onCancel}>
      <Field id={`edit-name-${member.id}`} label="Họ tên">
        <input id={`edit-name-${member.id}`} required maxLength={120} value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
        <FieldRefusal refused={props.refused} field="displayName" />
      </Field>
      <Field id={`edit-role-${member.id}`} label="Vai trò">
        <select id={`edit-role-${member.id}`} value={role} onChange={(e) => setRole(e.currentTarget.value as StaffRole)}>
          <EnumOptions names={labels.staffRole} />
        </select>
        <FieldRefusal refused={props.refused} field="role" />
      </Field>
      <Field id={`edit-unit-${member.id}`} label="Đơn vị">
        <select id={`edit-unit-${member.id}`} value={unitId} onChange={(e) => setUnitId(e.currentTarget.value)}>
          <UnitOptions units={props.units} />
        </select>
        <FieldRefusal refused={props.refused} field="unitId" />
      </Field>
      <FormRefusalNotice refused={props.refused} fields={['displayName', 'role', 'unitId']} />
    </InlineForm>
  );
}

/** A new password an admin sets for someone who lost theirs; every token of that person ends. */
function ResetPasswordForm(props: { member: StaffMemberFragment; refused: FormRefusal | null; onSubmit: (newPassword: string) => void; onCancel: () => void }) {
  const [newPassword, setNewPassword] = useState('');
  const id = `reset-password-${props.member.id}`;
  return (
    <InlineForm submitText="Đặt lại mật khẩu" submitClass="danger" onSubmit={() => props.onSubmit(newPassword)} onCancel={props.onCancel}>
      <Field id={id} label={`Mật khẩu mới cho ${props.member.displayName}`} hint="Mọi phiên đăng nhập của người này sẽ kết thúc.">
        <input id={id} type="password" autocomplete="new-password" required value={newPassword} onInput={(e) => setNewPassword(e.currentTarget.value)} />
        <FieldRefusal refused={props.refused} field="newPassword" />
      </Field>
      <FormRefusalNotice refused={props.refused} fields={['newPassword']} />
    </InlineForm>
  );
}

/** Unit admins' page: the staff of a unit with role, unit and state; add, edit, lock or unlock, reset a password. */
export function StaffAdmin({ staff }: { staff: StaffSignIn }) {
  const units = useUnitsUnder(staff);
  const [unitId, setUnitId] = useState<string | null>(staff.viewer.unit?.id ?? null);
  const [members, setMembers] = useState<StaffMemberFragment[] | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [refused, setRefused] = useState<FormRefusal | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const shownUnit = unitId ?? units?.[0]?.id ?? null;
  const load = async (id: string) => {
    const all: StaffMemberFragment[] = [];
    let after: string | null = null;
    do {
      const { staff: page }: StaffListQuery = await request(StaffListDocument, { unitId: id, after }, staff.token);
      all.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    setMembers(all);
  };
  useEffect(() => {
    if (shownUnit) load(shownUnit).catch((error) => setRefused(formRefusal(error)));
  }, [shownUnit, staff.token]);

  const change = async (member: StaffMemberFragment, run: () => Promise<StaffMemberFragment>, confirmation: string) => {
    setRefused(null);
    setDone(null);
    try {
      const changed = await run();
      setEditing(null);
      setDone(confirmation);
      // Moved to another unit: it leaves this list.
      setMembers((list) => (list ?? []).flatMap((m) => (m.id !== member.id ? [m] : changed.unit?.id === shownUnit ? [changed] : [])));
    } catch (error) {
      setRefused(formRefusal(error));
    }
  };
  const update = (member: StaffMemberFragment, input: { displayName?: string; role?: StaffRole; unitId?: string; active?: boolean }, confirmation: string) =>
    change(member, async () => (await request(UpdateStaffDocument, { input: { id: member.id, ...input } }, staff.token)).updateStaff, confirmation);
  const reset = (member: StaffMemberFragment, newPassword: string) =>
    change(member, async () => (await request(ResetStaffPasswordDocument, { id: member.id, newPassword }, staff.token)).resetStaffPassword, `Đã đặt lại mật khẩu cho ${member.displayName}.`);
  const open = (next: Editing) => {
    setRefused(null);
    setDone(null);
    setEditing(next);
  };

  if (staff.viewer.role !== 'ADMIN') return <Notice kind="error">Chỉ quản trị đơn vị mới quản lý được tài khoản cán bộ.</Notice>;
  if (!units) return <p aria-busy="true">Đang tải…</p>;
  return (
    <section class="staff-admin" aria-labelledby="staff-title">
      <h2 id="staff-title">Cán bộ của đơn vị</h2>
      {units.length > 1 && (
        <Field id="staff-list-unit" label="Xem đơn vị">
          <select id="staff-list-unit" value={shownUnit ?? ''} onChange={(e) => setUnitId(e.currentTarget.value)}>
            <UnitOptions units={units} />
          </select>
        </Field>
      )}
      {done && <Notice kind="ok">{done}</Notice>}
      {editing === null && <FormRefusalNotice refused={refused} fields={[]} />}
      {members === null ? (
        <p aria-busy="true">Đang tải…</p>
      ) : (
        <table class="staff-list">
          <caption>{members.length} tài khoản</caption>
          <thead>
            <tr>
              <th scope="col">Họ tên</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Đơn vị</th>
              <th scope="col">Trạng thái</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.id} data-staff={m.id} class={m.active ? undefined : 'inactive'}>
                <th scope="row">{m.displayName}</th>
                <td>{label(labels.staffRole, m.role)}</td>
                <td>{m.unit?.name ?? 'Không thuộc đơn vị'}</td>
                <td>{m.active ? 'Đang hoạt động' : 'Đã khoá'}</td>
                <td>
                  <p class="actions">
                    <button type="button" onClick={() => open({ id: m.id, kind: 'edit' })}>
                      Sửa
                    </button>
                    <button type="button" onClick={() => void update(m, { active: !m.active }, m.active ? `Đã khoá tài khoản ${m.displayName}.` : `Đã mở lại tài khoản ${m.displayName}.`)}>
                      {m.active ? 'Khoá tài khoản' : 'Mở lại tài khoản'}
                    </button>
                    <button type="button" onClick={() => open({ id: m.id, kind: 'password' })}>
                      Đặt lại mật khẩu
                    </button>
                  </p>
                  {editing?.id === m.id && editing.kind === 'edit' && (
                    <EditStaffForm member={m} units={units} refused={refused} onSubmit={(input) => void update(m, input, `Đã lưu thay đổi của ${input.displayName}.`)} onCancel={() => open(null)} />
                  )}
                  {editing?.id === m.id && editing.kind === 'password' && <ResetPasswordForm member={m} refused={refused} onSubmit={(p) => void reset(m, p)} onCancel={() => open(null)} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shownUnit && (
        <CreateStaffForm
          staff={staff}
          units={units}
          unitId={shownUnit}
          onCreated={(created) => {
            setDone(`Đã thêm ${created.displayName}.`);
            if (created.unit?.id === shownUnit) setMembers((list) => [...(list ?? []), created].sort((a, b) => a.displayName.localeCompare(b.displayName)));
          }}
        />
      )}
    </section>
  );
}
