import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api.js';
import { label, labels, refusal, when } from '../../messages.js';
import type { StaffSignIn } from '../../staff.js';
import { Field, Notice } from '../../ui.js';
import { ResponseVersionsDocument, type ResponseOutcome, type ResponseVersionsQuery, type StaffOpinionFragment } from '../../generated/graphql.js';
import { FieldRefusal, FormRefusalNotice, formRefusal, type FormRefusal } from './form-refusal.js';
import { EnumOptions, InlineForm } from './inline-form.js';

type Versioned = NonNullable<ResponseVersionsQuery['opinion']>['responses'][number];

/** What a correction sends: the response, its new text and outcome. */
export interface ResponseCorrection {
  id: string;
  body: string;
  outcome: ResponseOutcome;
}

const FIELDS = ['body', 'outcome'] as const;

/**
 * Correcting an official response: the text to correct, and under it the versions it already
 * replaced (the server keeps every one; staff of the unit read them here, citizens never).
 */
export function CorrectForm({ staff, opinion, onSubmit, onCancel }: { staff: StaffSignIn; opinion: StaffOpinionFragment; onSubmit: (c: ResponseCorrection) => Promise<void>; onCancel: () => void }) {
  const [responses, setResponses] = useState<Versioned[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState(opinion.responses[opinion.responses.length - 1]?.id ?? '');
  const [body, setBody] = useState('');
  const [outcome, setOutcome] = useState<ResponseOutcome>('ACKNOWLEDGED');
  const [refused, setRefused] = useState<FormRefusal | null>(null);
  const pick = (list: Versioned[], id: string) => {
    const response = list.find((r) => r.id === id);
    setChosen(id);
    if (response) {
      setBody(response.body);
      setOutcome(response.outcome);
    }
  };
  useEffect(() => {
    request(ResponseVersionsDocument, { opinionId: opinion.id }, staff.token).then(
      (d) => {
        const list = d.opinion?.responses ?? [];
        setResponses(list);
        pick(list, chosen);
      },
      (error) => setLoadProblem(refusal(error)),
    );
  }, [opinion.id]);
  const submit = async () => {
    setRefused(null);
    try {
      await onSubmit({ id: chosen, body, outcome });
    } catch (error) {
      setRefused(formRefusal(error));
    }
  };
  const current = responses?.find((r) => r.id === chosen);
  return (
    <InlineForm className="correct" submitText="Lưu bản sửa" submitClass="primary" onSubmit={() => void submit()} onCancel={onCancel}>
      {loadProblem && <Notice kind="error">Không tải được các bản trả lời: {loadProblem}</Notice>}
      {opinion.responses.length > 1 && (
        <Field id="correct-which" label="Bản trả lời cần sửa">
          <select id="correct-which" value={chosen} onChange={(e) => responses && pick(responses, e.currentTarget.value)}>
            {opinion.responses.map((r) => (
              <option key={r.id} value={r.id}>
                {r.responder.displayName} · {when(r.createdAt)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field id="correct-body" label="Nội dung trả lời đã sửa">
        <textarea id="correct-body" rows={3} required value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="body" />
      </Field>
      <Field id="correct-outcome" label="Kết quả">
        <select id="correct-outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as ResponseOutcome)}>
          <EnumOptions names={labels.outcome} />
        </select>
        <FieldRefusal refused={refused} field="outcome" />
      </Field>
      {current && (
        <section class="revisions" aria-label="Các bản trước">
          <p class="meta">{current.revisions?.length ? `Các bản trước (cũ nhất trước), giữ lại trong biên bản:` : 'Chưa sửa lần nào.'}</p>
          <ol>
            {(current.revisions ?? []).map((v) => (
              <li key={v.id} class="revision">
                <p>{v.body}</p>
                <small>
                  {label(labels.outcome, v.outcome)} · thay lúc {when(v.createdAt)} bởi {v.editor.displayName}
                </small>
              </li>
            ))}
          </ol>
        </section>
      )}
      <FormRefusalNotice refused={refused} fields={FIELDS} />
    </InlineForm>
  );
}
