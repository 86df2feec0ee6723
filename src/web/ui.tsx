import type { ComponentChildren } from 'preact';
import { label, labels, when } from './messages.js';
import type { Connection } from './live.js';
import type { PublicResponseFragment } from './generated/graphql.js';

/** A labelled form control: every input on every page has a visible label tied to it. */
export function Field(props: { id: string; label: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** The live connection's state, announced to screen readers when it changes. */
export function ConnectionBadge({ state }: { state: Connection }) {
  const text = state === 'online' ? 'Trực tuyến' : state === 'connecting' ? 'Đang kết nối…' : 'Mất kết nối, đang thử lại…';
  return (
    <span class={`badge connection ${state}`} role="status" data-connection={state}>
      {text}
    </span>
  );
}

/** A refusal or confirmation under a form; role=alert so it is read out at once. */
export function Notice({ kind, children }: { kind: 'error' | 'ok'; children: ComponentChildren }) {
  return (
    <p class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

export function SessionStatusBadge({ status }: { status: string }) {
  return <span class={`badge session-${status.toLowerCase()}`}>{label(labels.sessionStatus, status)}</span>;
}

/** Official answers under an opinion. */
export function Responses({ responses }: { responses: PublicResponseFragment[] }) {
  if (responses.length === 0) return null;
  return (
    <ul class="responses">
      {responses.map((r) => (
        <li key={r.id} class="response">
          <strong>
            {r.responder.displayName} · {label(labels.outcome, r.outcome)}
          </strong>
          <p>{r.body}</p>
          <small>{when(r.createdAt)}</small>
        </li>
      ))}
    </ul>
  );
}
