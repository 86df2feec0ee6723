import { useEffect, useMemo, useState } from 'preact/hooks';
import { request } from '../../api.js';
import { label, labels, refusal, shortFingerprint, when } from '../../messages.js';
import type { StaffSignIn } from '../../staff.js';
import { Field, Notice } from '../../ui.js';
import { AuditLogDocument, SessionFingerprintDocument, UnitSessionsDocument, type AuditLogQuery } from '../../generated/graphql.js';
import { useUnitsUnder } from './units.js';

type Entry = AuditLogQuery['auditLog']['edges'][number]['node'];

// Enough for a unit's busy month; past it the page says so rather than loading without end.
const MAX_PAGES = 50;

/** Every entry of the unit's audit log, oldest first, a page of 100 at a time. */
async function readAuditLog(unitId: string, token: string): Promise<{ entries: Entry[]; complete: boolean }> {
  const entries: Entry[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { auditLog }: AuditLogQuery = await request(AuditLogDocument, { unitId, after }, token);
    entries.push(...auditLog.edges.map((e) => e.node));
    if (!auditLog.pageInfo.hasNextPage) return { entries, complete: true };
    after = auditLog.pageInfo.endCursor;
  }
  return { entries, complete: false };
}

/** How anyone with the server's database checks that the record was not rewritten. */
function HowToVerify() {
  return (
    <div class="card how-to-verify">
      <h3>Kiểm tra tính toàn vẹn của biên bản</h3>
      <p>
        Mỗi dòng nhật ký mang một mã băm SHA-256 tính trên dòng trước nó; dấu vân tay của phiên tổng hợp đầu các chuỗi băm và đổi sau mỗi thao tác. Trên máy chủ (cùng
        cấu hình DATABASE_URL hoặc DATA_DIR), chạy:
      </p>
      <pre>
        <code>npm run verify-record</code>
      </pre>
      <p class="hint">Lệnh tính lại mọi chuỗi băm và đối chiếu ý kiến, trả lời, trạng thái phiên hiện tại: mã thoát 0 là biên bản nguyên vẹn, 1 là có chỗ bị sửa (liệt kê từng chỗ), 2 là không kiểm tra được.</p>
    </div>
  );
}

/** The audit log of the staff member's unit: who did what and when, filtered by session, action and staff, each entry's hash. */
export function AuditLog({ staff }: { staff: StaffSignIn }) {
  const units = useUnitsUnder(staff);
  const [unitId, setUnitId] = useState<string | null>(staff.viewer.unit?.id ?? null);
  const [log, setLog] = useState<{ entries: Entry[]; complete: boolean } | null>(null);
  const [titles, setTitles] = useState<Map<string, string>>(new Map());
  const [problem, setProblem] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState('');
  const [action, setAction] = useState('');
  const [actorId, setActorId] = useState('');
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const shownUnit = unitId ?? units?.[0]?.id ?? null;

  useEffect(() => {
    if (!shownUnit) return;
    setLog(null);
    setProblem(null);
    readAuditLog(shownUnit, staff.token).then(setLog, (error) => setProblem(refusal(error)));
    request(UnitSessionsDocument, { unitId: shownUnit }, staff.token).then(
      (d) => setTitles(new Map(d.sessions.edges.map((e) => [e.node.id, e.node.title]))),
      () => undefined,
    );
  }, [shownUnit, staff.token]);
  useEffect(() => {
    setFingerprint(null);
    if (sessionId) request(SessionFingerprintDocument, { id: sessionId }, staff.token).then((d) => setFingerprint(d.session?.recordFingerprint ?? null), (error) => setProblem(refusal(error)));
  }, [sessionId, log]);

  const entries = log?.entries ?? [];
  const choices = useMemo(() => {
    const sessions = new Set<string>();
    const actions = new Set<string>();
    const actors = new Map<string, string>();
    for (const e of entries) {
      if (e.sessionId) sessions.add(e.sessionId);
      actions.add(e.action);
      if (e.actor) actors.set(e.actor.id, e.actor.displayName);
    }
    return { sessions: [...sessions], actions: [...actions].sort(), actors: [...actors].sort((a, b) => a[1].localeCompare(b[1])) };
  }, [log]);
  const shown = entries.filter((e) => (!sessionId || e.sessionId === sessionId) && (!action || e.action === action) && (!actorId || e.actor?.id === actorId));
  const sessionTitle = (id: string) => titles.get(id) ?? `Phiên ${id.slice(0, 8)}`;

  return (
    <section class="audit-log" aria-labelledby="audit-title">
      <h2 id="audit-title">Nhật ký thao tác</h2>
      {problem && <Notice kind="error">{problem}</Notice>}
      <form class="filters row" onSubmit={(e) => e.preventDefault()} aria-label="Lọc nhật ký">
        {units && units.length > 1 && (
          <Field id="audit-unit" label="Đơn vị">
            <select id="audit-unit" value={shownUnit ?? ''} onChange={(e) => setUnitId(e.currentTarget.value)}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="audit-session" label="Phiên">
          <select id="audit-session" value={sessionId} onChange={(e) => setSessionId(e.currentTarget.value)}>
            <option value="">Tất cả</option>
            {choices.sessions.map((id) => (
              <option key={id} value={id}>
                {sessionTitle(id)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="audit-action" label="Thao tác">
          <select id="audit-action" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
            <option value="">Tất cả</option>
            {choices.actions.map((a) => (
              <option key={a} value={a}>
                {label(labels.auditAction, a)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="audit-actor" label="Cán bộ">
          <select id="audit-actor" value={actorId} onChange={(e) => setActorId(e.currentTarget.value)}>
            <option value="">Tất cả</option>
            {choices.actors.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </Field>
      </form>
      {sessionId && fingerprint && (
        <p class="fingerprint" data-fingerprint={fingerprint}>
          Dấu vân tay biên bản của phiên «{sessionTitle(sessionId)}» lúc này: <strong>{shortFingerprint(fingerprint)}</strong> <code class="hash">{fingerprint}</code>
        </p>
      )}
      {log === null && !problem ? (
        <p aria-busy="true">Đang tải…</p>
      ) : (
        <table class="audit-entries">
          <caption>
            {shown.length} / {entries.length} dòng{log && !log.complete && ' (chỉ hiện phần đầu của nhật ký)'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Lúc</th>
              <th scope="col">Thao tác</th>
              <th scope="col">Cán bộ</th>
              <th scope="col">Chi tiết</th>
              <th scope="col">Mã băm</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={`${e.chain}:${e.seq}`} data-chain={e.chain} data-seq={e.seq}>
                <td>{when(e.at)}</td>
                <td>{label(labels.auditAction, e.action)}</td>
                <td>{e.actor?.displayName ?? 'Hệ thống'}</td>
                <td>
                  {e.sessionId && !sessionId && <span class="meta">{sessionTitle(e.sessionId)} · </span>}
                  {e.fromStatus || e.toStatus ? `${e.fromStatus ?? '–'} → ${e.toStatus ?? '–'}` : ''}
                  {e.reason && ` · ${e.reason}`}
                </td>
                <td>
                  <code class="hash">{e.hash || '(trước khi có chuỗi băm)'}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <HowToVerify />
    </section>
  );
}
