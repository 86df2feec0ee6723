import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { download, request } from '../api.js';
import { label, labels, refusal } from '../messages.js';
import { currentStaff, type StaffSignIn } from '../staff.js';
import { Field, Notice } from '../ui.js';
import { ReportUnitsDocument, UnitReportDocument, type ReportUnitsQuery, type UnitReportQuery } from '../generated/graphql.js';

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
type Unit = ReportUnitsQuery['units'][number];

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function minutes(seconds: number | null): string {
  return seconds === null ? '—' : `${Math.round(seconds / 60)} phút`;
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
      {report.byUnit.length > 0 && (
        <>
          <BarChart title="Ý kiến theo đơn vị" bars={report.byUnit.map((u) => ({ name: u.unit.name, value: u.opinions }))} />
          <table class="by-unit">
            <caption>Các đơn vị trực thuộc</caption>
            <thead>
              <tr>
                <th scope="col">Đơn vị</th>
                <th scope="col">Phiên</th>
                <th scope="col">Ý kiến</th>
                <th scope="col">Đã trả lời</th>
                <th scope="col">Trả lời sau (trung vị)</th>
                <th scope="col">Tin báo</th>
                <th scope="col">Vụ việc</th>
              </tr>
            </thead>
            <tbody>
              {report.byUnit.map((u) => (
                <tr key={u.unit.id}>
                  <th scope="row">{u.unit.name}</th>
                  <td>{u.sessions}</td>
                  <td>{u.opinions}</td>
                  <td>{u.answered}</td>
                  <td>{minutes(u.medianResponseSeconds)}</td>
                  <td>{u.tipsReceived}</td>
                  <td>{u.casesOpened}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** Each session the report counts, with its own figures, its exports and its minutes. */
function SessionTable({ report, onExport }: { report: Report; onExport: (sessionId: string, joinCode: string) => void }) {
  if (report.bySession.length === 0) return <p class="empty">Không có phiên nào trong khoảng thời gian này.</p>;
  return (
    <>
      {/* A chart stays readable up to about twenty bars; the table lists them all. */}
      <BarChart
        title={report.bySession.length > 20 ? 'Ý kiến theo phiên (20 phiên gần nhất)' : 'Ý kiến theo phiên'}
        bars={report.bySession.slice(0, 20).map((r) => ({ name: r.session.title, value: r.opinions }))}
      />
      <table class="by-session">
        <caption>Các phiên</caption>
        <thead>
          <tr>
            <th scope="col">Phiên</th>
            <th scope="col">Đơn vị</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Ý kiến</th>
            <th scope="col">Người tham gia</th>
            <th scope="col">Đã trả lời</th>
            <th scope="col">Trả lời sau (trung vị)</th>
            <th scope="col">Hồ sơ</th>
          </tr>
        </thead>
        <tbody>
          {report.bySession.map((r) => (
            <tr key={r.session.id} data-session={r.session.id}>
              <th scope="row">{r.session.title}</th>
              <td>{r.session.unit.name}</td>
              <td>{label(labels.sessionStatus, r.session.status)}</td>
              <td>{r.opinions}</td>
              <td>{r.participants}</td>
              <td>{r.answered}</td>
              <td>{minutes(r.medianResponseSeconds)}</td>
              <td>
                <a href={`/console/minutes/${r.session.id}`}>Biên bản</a>{' '}
                <button type="button" onClick={() => onExport(r.session.id, r.session.joinCode)}>
                  CSV ý kiến
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function ReportPage() {
  const [staff, setStaff] = useState<StaffSignIn | null | undefined>(undefined);
  const [units, setUnits] = useState<Unit[]>([]);
  const [chosenUnit, setChosenUnit] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [from, setFrom] = useState(() => `${new Date().getFullYear()}-01-01`);
  const [to, setTo] = useState(() => isoDate(new Date(Date.now() + 86_400_000)));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => void currentStaff().then(setStaff), []);
  // An administrator of no unit picks one (the top units first); everyone else reads their own.
  useEffect(() => {
    if (!staff || staff.viewer.unit) return;
    request(ReportUnitsDocument, {}, staff.token).then(
      (d) => {
        const sorted = [...d.units].sort((a, b) => Number(!!a.parent) - Number(!!b.parent) || a.name.localeCompare(b.name, 'vi'));
        setUnits(sorted);
        setChosenUnit((current) => current ?? sorted[0]?.id ?? null);
      },
      (error) => setProblem(refusal(error)),
    );
  }, [staff]);
  const unitId = staff?.viewer.unit?.id ?? chosenUnit;
  const range = from && to ? { from: new Date(from).toISOString(), to: new Date(to).toISOString() } : null;
  useEffect(() => {
    if (!staff || !unitId || !range) return;
    setProblem(null);
    request(UnitReportDocument, { unitId, ...range }, staff.token).then(
      (d) => setReport(d.unitReport),
      (error) => setProblem(refusal(error)),
    );
  }, [staff, unitId, from, to]);
  const exportReport = () =>
    staff && unitId && range && download(`/export/units/${unitId}/report.csv?from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`, staff.token, `bao-cao-${from}-${to}.csv`).catch((error) => setProblem(refusal(error)));
  const exportSession = (sessionId: string, joinCode: string) =>
    staff && download(`/export/sessions/${sessionId}/opinions.csv`, staff.token, `y-kien-${joinCode}.csv`).catch((error) => setProblem(refusal(error)));
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
  return (
    <main class="report">
      <header class="page-header">
        <p class="unit">{report?.unit.name ?? staff?.viewer.unit?.name ?? ''}</p>
        <h1>Báo cáo kết quả lắng nghe ý kiến</h1>
        <p>
          <a href="/console">← Bàn điều hành</a>
        </p>
      </header>
      {problem && <Notice kind="error">{problem}</Notice>}
      <form class="card range" onSubmit={(e) => e.preventDefault()}>
        {staff && !staff.viewer.unit && (
          <Field id="unit" label="Đơn vị">
            <select id="unit" value={chosenUnit ?? ''} onChange={(e) => setChosenUnit(e.currentTarget.value)}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="from" label="Từ ngày">
          <input id="from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </Field>
        <Field id="to" label="Đến ngày">
          <input id="to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </Field>
        <button type="button" onClick={exportReport}>
          Tải báo cáo CSV
        </button>
      </form>
      {report && <UnitFigures report={report} />}
      {report && <SessionTable report={report} onExport={exportSession} />}
    </main>
  );
}

render(<ReportPage />, document.getElementById('app')!);
