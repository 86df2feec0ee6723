import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api.js';
import { citizenUrl, joinCodeOf } from '../join.js';
import { refusal, when } from '../messages.js';
import { Field, Notice, SessionStatusBadge } from '../ui.js';
import { SessionListDocument, type PublicSessionFragment } from '../generated/graphql.js';

function SessionCards({ sessions }: { sessions: PublicSessionFragment[] }) {
  return (
    <ul class="sessions">
      {sessions.map((s) => (
        <li key={s.id} class="card session">
          <p class="unit">{s.unit.name}</p>
          <h3>
            <a href={citizenUrl(joinCodeOf(s))}>{s.title}</a>
          </h3>
          <p class="meta">
            <SessionStatusBadge status={s.status} /> {when(s.startsAt)}
            {s.location && ` · ${s.location}`}
          </p>
        </li>
      ))}
    </ul>
  );
}

function HomePage() {
  const [live, setLive] = useState<PublicSessionFragment[] | null>(null);
  const [upcoming, setUpcoming] = useState<PublicSessionFragment[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [code, setCode] = useState('');

  useEffect(() => {
    Promise.all([request(SessionListDocument, { status: 'LIVE', first: 50 }), request(SessionListDocument, { status: 'SCHEDULED', first: 50 })]).then(
      ([l, u]) => {
        setLive(l.sessions.edges.map((e) => e.node));
        setUpcoming(u.sessions.edges.map((e) => e.node));
      },
      (error) => setProblem(refusal(error)),
    );
  }, []);

  const join = (event: Event) => {
    event.preventDefault();
    if (code.trim()) location.assign(citizenUrl(code.trim()));
  };

  return (
    <main class="narrow">
      <header class="page-header">
        <p class="unit">Công an lắng nghe ý kiến nhân dân</p>
        <h1>Lắng Nghe</h1>
      </header>
      <form class="card join" onSubmit={join}>
        <Field id="code" label="Mã tham gia" hint="Mã in trên màn hình hội trường, hoặc quét mã QR.">
          <input id="code" value={code} autocapitalize="characters" autocomplete="off" aria-describedby="code-hint" onInput={(e) => setCode(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary">
          Tham gia
        </button>
      </form>
      {problem && <Notice kind="error">{problem}</Notice>}
      <section aria-labelledby="live-title">
        <h2 id="live-title">Đang diễn ra</h2>
        {live && live.length === 0 && <p class="empty">Chưa có phiên nào đang diễn ra.</p>}
        {live && <SessionCards sessions={live} />}
      </section>
      {upcoming.length > 0 && (
        <section aria-labelledby="upcoming-title">
          <h2 id="upcoming-title">Sắp diễn ra</h2>
          <SessionCards sessions={upcoming} />
        </section>
      )}
      <p class="footer-links">
        <a href="/console">Dành cho cán bộ: bàn điều hành</a>
      </p>
    </main>
  );
}

render(<HomePage />, document.getElementById('app')!);
