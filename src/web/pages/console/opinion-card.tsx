import type { ComponentChildren } from 'preact';
import { label, labels, moderationReasonText, when } from '../../messages.js';
import { Responses } from '../../ui.js';
import type { StaffOpinionFragment } from '../../generated/graphql.js';
import { Highlighted } from './highlighted.js';
import { isTip } from '../../../shared/visibility.js';

/** A key of the queue's keyboard and the button that does the same. */
export interface OpinionAction {
  key: string;
  text: string;
  run: (o: StaffOpinionFragment) => void;
  when?: (o: StaffOpinionFragment) => boolean;
}

/** One opinion of a list as staff see it: who, when, status, marked personal data, tip follow-up, responses, actions. */
export function OpinionCard(props: { opinion: StaffOpinionFragment; actions: OpinionAction[]; onKeyDown: (event: KeyboardEvent) => void; children?: ComponentChildren }) {
  const o = props.opinion;
  return (
    <li
      class={`opinion${isTip(o) ? ' tip' : ''}`}
      tabIndex={0}
      data-opinion={o.id}
      aria-label={`${label(labels.kind, o.kind)} số ${o.seq}: ${o.body.slice(0, 80)}`}
      onKeyDown={props.onKeyDown}
    >
      <p class="meta">
        #{o.seq} · {isTip(o) ? <span class="badge tip">{labels.kind.TIP}</span> : label(labels.kind, o.kind)}
        {o.channel !== 'APP' && ` · ${label(labels.channel, o.channel)}`}
        {o.topic && ` · ${o.topic.name}`} · {o.authorName ?? 'Ẩn danh'}
        {o.contact && ` · ☎ ${o.contact}`} · {when(o.createdAt)}
        {o.channel !== 'APP' && o.receivedAt !== o.createdAt && ` · tiếp nhận lúc ${when(o.receivedAt)}`} · <span class={`badge status-${o.status.toLowerCase()}`}>{label(labels.status, o.status)}</span>
      </p>
      <Highlighted text={o.body} kinds={o.personalData} />
      {o.personalData.length > 0 && o.originalBody === null && (
        <p class="hint personal-data">Có thể chứa: {o.personalData.map((k) => label(labels.personalData, k)).join(', ')}. Hãy che trước khi công khai.</p>
      )}
      {o.originalBody !== null && <p class="hint">Đã che thông tin; bản gốc chỉ cán bộ đơn vị thấy.</p>}
      {(o.moderationReason || o.rejectReason) && <p class="reason">Lý do: {moderationReasonText(o.moderationReason, o.rejectReason)}</p>}
      {isTip(o) && (
        <p class="meta">
          Xử lý: {o.tipStatus ? label(labels.tipStatus, o.tipStatus) : 'Chưa xử lý'}
          {o.caseNumber && ` · Hồ sơ ${o.caseNumber}`}
          {o.suspects !== null && ` · ${o.suspects} đối tượng`}
        </p>
      )}
      <Responses responses={o.responses} />
      <p class="actions">
        {props.actions
          .filter((a) => a.when?.(o) ?? true)
          .map((a) => (
            <button key={a.key} type="button" aria-keyshortcuts={a.key.toUpperCase()} onClick={() => a.run(o)}>
              {a.text} <kbd>{a.key.toUpperCase()}</kbd>
            </button>
          ))}
      </p>
      {props.children}
    </li>
  );
}
