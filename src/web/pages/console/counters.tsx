import type { StaffStatsFragment } from '../../generated/graphql.js';
import { labels } from '../../messages.js';

/** The session's live counters as staff see them. */
export function Counters({ stats }: { stats: StaffStatsFragment }) {
  const items: [string, number][] = [
    ['Tổng ý kiến', stats.opinions],
    [labels.status.PENDING, stats.pending],
    [labels.status.APPROVED, stats.approved],
    [labels.status.REJECTED, stats.rejected],
    [labels.status.HIDDEN, stats.hidden],
    ['Đã trả lời', stats.answered],
    ['Người tham gia', stats.participants],
  ];
  return (
    <ul class="counters small" aria-label="Số liệu trực tiếp">
      {items.map(([name, value]) => (
        <li key={name}>
          <strong>{value}</strong> {name}
        </li>
      ))}
    </ul>
  );
}
