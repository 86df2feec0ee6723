import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api.js';
import { citizenUrl, joinCodeOf } from '../../join.js';
import { refusal, when } from '../../messages.js';
import type { StaffSignIn } from '../../staff.js';
import { Notice, SessionStatusBadge } from '../../ui.js';
import { SetSessionStatusDocument, UnitSessionsDocument, type PublicSessionFragment, type SessionStatus } from '../../generated/graphql.js';
import { CreateSession } from './create-session.js';

/** The unit's sessions: open, close, links to the big screen, the citizen page and the minutes. */
export function Sessions({ staff, selected, revision }: { staff: StaffSignIn; selected: string | null; revision: number }) {
  const [sessions, setSessions] = useState<PublicSessionFragment[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = () =>
    request(UnitSessionsDocument, { unitId: staff.viewer.unit?.id ?? null }, staff.token).then(
      (d) => setSessions(d.sessions.edges.map((e) => e.node)),
      (error) => setProblem(refusal(error)),
    );
  useEffect(() => void load(), [staff.token, revision]);
  const setStatus = async (id: string, status: SessionStatus) => {
    setProblem(null);
    try {
      await request(SetSessionStatusDocument, { id, status }, staff.token);
      await load();
    } catch (error) {
      setProblem(refusal(error));
    }
  };
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Các phiên của đơn vị</h2>
      {problem && <Notice kind="error">{problem}</Notice>}
      <ul class="sessions">
        {(sessions ?? []).map((s) => (
          <li key={s.id} class={`card session${s.id === selected ? ' selected' : ''}`} data-session={s.id}>
            <h3>
              <a href={`#session=${s.id}`} aria-current={s.id === selected ? 'page' : undefined}>
                {s.title}
              </a>
            </h3>
            <p class="meta">
              <SessionStatusBadge status={s.status} /> {when(s.startsAt)}
            </p>
            <p class="actions">
              {s.status === 'SCHEDULED' && (
                <button type="button" onClick={() => setStatus(s.id, 'LIVE')}>
                  Mở phiên
                </button>
              )}
              {s.status !== 'CLOSED' && (
                <button type="button" onClick={() => setStatus(s.id, 'CLOSED')}>
                  {s.status === 'LIVE' ? 'Đóng phiên' : 'Huỷ phiên'}
                </button>
              )}
              <a href={`/screen/${s.id}`} target="_blank" rel="noopener">
                Màn hình lớn
              </a>
              <a href={citizenUrl(joinCodeOf(s))} target="_blank" rel="noopener">
                Trang người dân
              </a>
              <a href={`/console/minutes/${s.id}`}>Biên bản</a>
            </p>
          </li>
        ))}
      </ul>
      <CreateSession staff={staff} onCreated={load} />
    </section>
  );
}
