import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api.js';
import { label, labels, refusal, shortFingerprint, when } from '../messages.js';
import { currentStaff, type StaffSignIn } from '../staff.js';
import { Notice } from '../ui.js';
import { SessionMinutesDocument, type PublicOpinionFragment, type SessionMinutesQuery } from '../generated/graphql.js';
import { isPublicOpinion } from '../../shared/visibility.js';

type Session = NonNullable<SessionMinutesQuery['session']>;

/** The session and every public opinion, read a page at a time (100 per page). */
async function readMinutes(sessionId: string, token: string): Promise<{ session: Session; opinions: PublicOpinionFragment[] } | null> {
  const opinions: PublicOpinionFragment[] = [];
  let after: string | null = null;
  let first: Session | null = null;
  for (;;) {
    const { session }: SessionMinutesQuery = await request(SessionMinutesDocument, { id: sessionId, after }, token);
    if (!session) return null;
    first ??= session;
    // The minutes list what the hall saw: public opinions, never a tip.
    opinions.push(...session.opinions.edges.map((e) => e.node).filter(isPublicOpinion));
    if (!session.opinions.pageInfo.hasNextPage) break;
    after = session.opinions.pageInfo.endCursor;
  }
  return { session: first, opinions };
}

function Figures({ session }: { session: Session }) {
  const s = session.stats;
  const rows: [string, number | string][] = [
    ['Tổng số ý kiến, tin báo tiếp nhận', s.opinions],
    ['Ý kiến đã công khai', s.approved],
    ['Ý kiến bị từ chối', s.rejected],
    ['Ý kiến đã ẩn', s.hidden],
    ['Ý kiến còn chờ duyệt', s.pending],
    ['Ý kiến đã được trả lời', s.answered],
    ['Người tham gia', s.participants],
    ['Lượt ủng hộ', s.upvotes],
    ['Thời gian trả lời (trung vị)', s.medianResponseSeconds === null ? '—' : `${Math.round(s.medianResponseSeconds / 60)} phút`],
  ];
  const reasons = s.moderationReasons.filter((r) => r.count > 0);
  return (
    <section aria-labelledby="figures-title">
      <h2 id="figures-title">I. Số liệu</h2>
      <table class="figures">
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {reasons.length > 0 && (
        <table class="reasons">
          <caption>Ý kiến bị từ chối hoặc ẩn, theo lý do</caption>
          <tbody>
            {reasons.map((r) => (
              <tr key={r.reason}>
                <th scope="row">{label(labels.moderationReason, r.reason)}</th>
                <td>{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Opinions({ opinions }: { opinions: PublicOpinionFragment[] }) {
  return (
    <section aria-labelledby="opinions-title">
      <h2 id="opinions-title">II. Ý kiến công khai và trả lời của cơ quan Công an</h2>
      {opinions.length === 0 && <p class="empty">Không có ý kiến công khai.</p>}
      <ol class="minutes-opinions">
        {opinions.map((o) => (
          <li key={o.id} data-opinion={o.id}>
            <p class="meta">
              Số {o.seq} · {label(labels.kind, o.kind)}
              {o.topic && ` · ${o.topic.name}`} · {o.authorName ?? 'Ẩn danh'} · {when(o.createdAt)} · {o.upvotes} lượt ủng hộ
            </p>
            <p class="body">{o.body}</p>
            {o.responses.length === 0 ? (
              <p class="meta">Chưa có trả lời.</p>
            ) : (
              o.responses.map((r) => (
                <div key={r.id} class="response">
                  <p class="meta">
                    Trả lời của {r.responder.displayName} · {label(labels.outcome, r.outcome)} · {when(r.createdAt)}
                  </p>
                  <p>{r.body}</p>
                </div>
              ))
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The printable minutes (biên bản) of a session, for the unit's staff. */
function MinutesPage({ sessionId }: { sessionId: string }) {
  const [staff, setStaff] = useState<StaffSignIn | null | undefined>(undefined);
  const [minutes, setMinutes] = useState<{ session: Session; opinions: PublicOpinionFragment[] } | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [printedAt] = useState(() => new Date().toISOString());
  useEffect(() => void currentStaff().then(setStaff), []);
  useEffect(() => {
    if (!staff) return;
    readMinutes(sessionId, staff.token).then(setMinutes, (error) => setProblem(refusal(error)));
  }, [staff, sessionId]);
  if (staff === null) {
    return (
      <main class="narrow">
        <h1>Biên bản phiên đối thoại</h1>
        <p>
          Vui lòng <a href="/console">đăng nhập</a> để xem biên bản.
        </p>
      </main>
    );
  }
  if (problem) return <main class="narrow"><Notice kind="error">{problem}</Notice></main>;
  if (minutes === null) return <main class="narrow"><h1>Không tìm thấy phiên đối thoại</h1></main>;
  if (!minutes) return <main class="narrow" aria-busy="true"><p>Đang tải…</p></main>;
  const { session, opinions } = minutes;
  return (
    <main class="minutes">
      <p class="no-print actions">
        <a href={`/console#session=${session.id}`}>← Bàn điều hành</a>
        <button type="button" onClick={() => print()}>
          In biên bản
        </button>
      </p>
      <header class="minutes-header">
        <p class="unit">{session.unit.name}</p>
        <p class="motto">CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM · Độc lập – Tự do – Hạnh phúc</p>
        <h1>Biên bản phiên đối thoại</h1>
        <p class="title">{session.title}</p>
      </header>
      <table class="details">
        <tbody>
          <tr>
            <th scope="row">Thời gian</th>
            <td>
              {when(session.startsAt)}
              {session.endsAt && ` – ${when(session.endsAt)}`}
            </td>
          </tr>
          {session.location && (
            <tr>
              <th scope="row">Địa điểm</th>
              <td>{session.location}</td>
            </tr>
          )}
          <tr>
            <th scope="row">Trạng thái</th>
            <td>{label(labels.sessionStatus, session.status)}</td>
          </tr>
          <tr>
            <th scope="row">Kiểm duyệt</th>
            <td>{session.moderationMode === 'PRE' ? 'Duyệt trước khi công khai' : 'Công khai ngay, ẩn khi cần'}</td>
          </tr>
          <tr>
            <th scope="row">Mã tham gia</th>
            <td>{session.joinCode}</td>
          </tr>
          {session.topics.length > 0 && (
            <tr>
              <th scope="row">Chủ đề</th>
              <td>{session.topics.map((t) => t.name).join(', ')}</td>
            </tr>
          )}
        </tbody>
      </table>
      <Figures session={session} />
      <Opinions opinions={opinions} />
      <section class="record" aria-labelledby="record-title">
        <h2 id="record-title">III. Mã kiểm chứng biên bản</h2>
        <p>
          Mã <strong data-fingerprint={session.recordFingerprint}>{shortFingerprint(session.recordFingerprint)}</strong> (đầy đủ:{' '}
          <code class="fingerprint-full">{session.recordFingerprint}</code>) là đầu chuỗi băm SHA-256 của hồ sơ phiên lúc in ({when(printedAt)}). Mọi
          thay đổi về sau làm mã này khác đi; đối chiếu với mã trên màn hình hội trường, hoặc kiểm tra bằng lệnh <code>npm run verify-record</code>.
        </p>
      </section>
      <div class="signatures">
        {['Người lập biên bản', 'Chủ trì phiên đối thoại'].map((signer) => (
          <div key={signer}>
            <p>
              <strong>{signer}</strong>
            </p>
            <p class="hint">(Ký, ghi rõ họ tên)</p>
          </div>
        ))}
      </div>
    </main>
  );
}

const sessionId = decodeURIComponent(location.pathname.split('/')[3] ?? '');
render(<MinutesPage sessionId={sessionId} />, document.getElementById('app')!);
