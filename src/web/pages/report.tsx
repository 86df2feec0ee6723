import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { download, request } from '../api.js';
import { label, labels, refusal } from '../messages.js';
import { currentStaff, type StaffSignIn } from '../staff.js';
import { Field, Notice } from '../ui.js';
import {
  UnitReportDocument,
  UnitReportSessionsDocument,
  type PublicSessionFragment,
  type StaffStatsFragment,
  type UnitReportQuery,
} from '../generated/graphql.js';

type Row = PublicSessionFragment & { stats: StaffStatsFragment };

/** A horizontal bar chart as inline SVG: no chart library, nothing fetched. */
function BarChart({ title, bars }: { title: string; bars: { name: string; value: number }[] }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowHeight = 28;
  const width = 640;
  const labelWidth = 260;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${Math.max(1, bars.length) * rowHeight}`} role="img" aria-label={`${title}: ${bars.map((b) => `${b.name} ${b.value}`).join(', ')}`}>
        {bars.map((b, i) => {
          const w = ((width - labelWidth - 50) * b.value) / max;
          return (
            <g key={b.name} transform={`translate(0 ${i * rowHeight})`}>
              <text x={labelWidth - 8} y={19} text-anchor="end" fill="#1f2933" font-size="14">
                {b.name.length > 32 ? `${b.name.slice(0, 31)}…` : b.name}
              </text>
              <rect x={labelWidth} y={5} width={Math.max(w, 1)} height={rowHeight - 10} fill="#9b1c1c" />
              <text x={labelWidth + w + 6} y={19} fill="#1f2933" font-size="14">
                {b.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

type Report = UnitReportQuery['unitReport'];

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The unit report's figures (unitReport), with the units below it. */
function UnitFigures({ report }: { report: Report }) {
  return (
    <>
      <ul class="counters small" aria-label="Tổng hợp">
        {(
          [
            ['phiên', report.sessions],
            ['ý kiến', report.opinions],
            ['đã trả lời', report.answered],
            ['người tham gia', report.participants],
            ['tin báo', report.tipsReceived],
            ['tin báo có cơ sở', report.tipsVerified],
            ['vụ việc', report.casesOpened],
            ['đối tượng', report.suspects],
          ] as const
        ).map(([name, value]) => (
          <li key={name}>
            <strong>{value}</strong> {name}
          </li>
        ))}
      </ul>
      <BarChart title="Ý kiến theo loại" bars={report.byKind.map((k) => ({ name: label(labels.kind, k.kind), value: k.count }))} />
      <BarChart title="Ý kiến theo chủ đề" bars={report.byTopicName.map((t) => ({ name: t.name, value: t.count }))} />
      {report.byUnit.length > 0 && <BarChart title="Ý kiến theo đơn vị" bars={report.byUnit.map((u) => ({ name: u.unit.name, value: u.opinions }))} />}
    </>
  );
}

function ReportPage() {
  const [staff, setStaff] = useState<StaffSignIn | null | undefined>(undefined);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [from, setFrom] = useState(() => `${new Date().getFullYear()}-01-01`);
  const [to, setTo] = useState(() => isoDate(new Date(Date.now() + 86_400_000)));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => void currentStaff().then(setStaff), []);
  const unitId = staff?.viewer.unit?.id ?? null;
  const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  useEffect(() => {
    if (!staff) return;
    request(UnitReportSessionsDocument, { unitId }, staff.token).then(
      (d) => setRows(d.sessions.edges.map((e) => e.node)),
      (error) => setProblem(refusal(error)),
    );
  }, [staff]);
  useEffect(() => {
    if (!staff || !unitId || !from || !to) return;
    request(UnitReportDocument, { unitId, ...range }, staff.token).then(
      (d) => setReport(d.unitReport),
      (error) => setProblem(refusal(error)),
    );
  }, [staff, from, to]);
  const exportCsv = () =>
    staff && unitId && download(`/export/units/${unitId}/report.csv?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`, staff.token, `bao-cao-${from}-${to}.csv`).catch((error) => setProblem(refusal(error)));
  if (staff === null) {
    return (
      <main class="narrow">
        <h1>Báo cáo</h1>
        <p>
          Vui lòng <a href="/console">đăng nhập</a> để xem báo cáo của đơn vị.
        </p>
      </main>
    );
  }
  const totals = (rows ?? []).reduce(
    (t, r) => ({ opinions: t.opinions + r.stats.opinions, answered: t.answered + r.stats.answered, participants: t.participants + r.stats.participants }),
    { opinions: 0, answered: 0, participants: 0 },
  );
  const byTopic = new Map<string, number>();
  for (const r of rows ?? []) for (const t of r.stats.byTopic) byTopic.set(t.topic.name, (byTopic.get(t.topic.name) ?? 0) + t.count);
  return (
    <main class="report">
      <header class="page-header">
        <p class="unit">{staff?.viewer.unit?.name ?? ''}</p>
        <h1>Báo cáo kết quả lắng nghe ý kiến</h1>
        <p>
          <a href="/console">← Bàn điều hành</a>
        </p>
      </header>
      {problem && <Notice kind="error">{problem}</Notice>}
      {unitId && (
        <form class="card range" onSubmit={(e) => e.preventDefault()}>
          <Field id="from" label="Từ ngày">
            <input id="from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
          </Field>
          <Field id="to" label="Đến ngày">
            <input id="to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
          </Field>
          <button type="button" onClick={exportCsv}>
            Tải báo cáo CSV
          </button>
        </form>
      )}
      {report && <UnitFigures report={report} />}
      {rows && !unitId && (
        <>
          <ul class="counters small" aria-label="Tổng hợp">
            <li>
              <strong>{rows.length}</strong> phiên
            </li>
            <li>
              <strong>{totals.opinions}</strong> ý kiến
            </li>
            <li>
              <strong>{totals.answered}</strong> đã trả lời
            </li>
            <li>
              <strong>{totals.participants}</strong> lượt người tham gia
            </li>
          </ul>
          <BarChart title="Ý kiến theo chủ đề" bars={[...byTopic].sort((a, b) => b[1] - a[1]).map(([name, value]) => ({ name, value }))} />
        </>
      )}
      {rows && (
        <>
          <BarChart title="Ý kiến theo phiên" bars={rows.map((r) => ({ name: r.title, value: r.stats.opinions }))} />
          <table>
            <caption>Các phiên</caption>
            <thead>
              <tr>
                <th scope="col">Phiên</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Ý kiến</th>
                <th scope="col">Đã trả lời</th>
                <th scope="col">Trả lời sau (trung vị)</th>
                <th scope="col">Xuất dữ liệu</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{r.title}</td>
                  <td>{label(labels.sessionStatus, r.status)}</td>
                  <td>{r.stats.opinions}</td>
                  <td>{r.stats.answered}</td>
                  <td>{r.stats.medianResponseSeconds === null ? '—' : `${Math.round(r.stats.medianResponseSeconds / 60)} phút`}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => staff && download(`/export/sessions/${r.id}/opinions.csv`, staff.token, `y-kien-${r.joinCode}.csv`).catch((error) => setProblem(refusal(error)))}
                    >
                      CSV ý kiến
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}

render(<ReportPage />, document.getElementById('app')!);
