import { useState } from 'preact/hooks';
import { labels } from '../../messages.js';
import { Field } from '../../ui.js';
import type { StaffOpinionFragment, TipStatus } from '../../generated/graphql.js';
import { FieldRefusal, FormRefusalNotice, formRefusal, type FormRefusal } from './form-refusal.js';
import { EnumOptions, InlineForm } from './inline-form.js';

export interface TipFollowUp {
  status: TipStatus;
  caseNumber: string | null;
  suspects: number | null;
  note: string | null;
}

// The inputs the server's refusals name (extensions.field); a CONFLICT over the status names none.
const FIELDS = ['caseNumber', 'suspects', 'note'] as const;

/** A tip's follow-up: status, case number, suspects and a note for the unit's staff; a refusal shows at the input it names. */
export function TipForm({ tip, onSubmit, onCancel }: { tip: StaffOpinionFragment; onSubmit: (f: TipFollowUp) => Promise<void>; onCancel: () => void }) {
  const [status, setStatus] = useState<TipStatus>(tip.tipStatus ?? 'VERIFYING');
  const [caseNumber, setCaseNumber] = useState(tip.caseNumber ?? '');
  const [suspects, setSuspects] = useState(tip.suspects === null ? '' : String(tip.suspects));
  const [note, setNote] = useState('');
  const [refused, setRefused] = useState<FormRefusal | null>(null);
  const submit = async () => {
    setRefused(null);
    try {
      await onSubmit({ status, caseNumber: caseNumber.trim() || null, suspects: suspects === '' ? null : Number(suspects), note: note.trim() || null });
    } catch (error) {
      setRefused(formRefusal(error));
    }
  };
  return (
    <InlineForm
      submitText="Lưu theo dõi"
      submitClass="primary"
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
      <Field id="tip-status" label="Tình trạng xử lý">
        <select id="tip-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as TipStatus)}>
          <EnumOptions names={labels.tipStatus} />
        </select>
      </Field>
      <Field id="tip-case" label="Số hồ sơ vụ việc">
        <input id="tip-case" value={caseNumber} onInput={(e) => setCaseNumber(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="caseNumber" />
      </Field>
      <Field id="tip-suspects" label="Số đối tượng">
        <input id="tip-suspects" type="number" min={0} value={suspects} onInput={(e) => setSuspects(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="suspects" />
      </Field>
      <Field id="tip-note" label="Ghi chú (chỉ cán bộ đơn vị thấy)">
        <input id="tip-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="note" />
      </Field>
      <FormRefusalNotice refused={refused} fields={FIELDS} />
    </InlineForm>
  );
}
