import type { RunningApp } from '../../src/app.js';
import { ANONYMOUS, type Viewer } from '../../src/auth/viewer.js';
import type { OpinionRow, SubmitOpinionData } from '../../src/modules/opinion/opinion.service.js';
import type { ForumFixture } from './fixtures.js';

export interface SessionFixture {
  sessionId: string;
  topics: { id: string; name: string }[];
}

export interface SessionOptions {
  moderationMode?: 'PRE' | 'POST';
  allowAnonymous?: boolean;
  status?: 'SCHEDULED' | 'LIVE' | 'CLOSED';
  topics?: string[];
}

let sessions = 0;

/**
 * Another session of the forum's district, so a test can count and list its own opinions
 * without sharing a server with other tests. LIVE unless `status` says otherwise.
 */
export async function openSession(app: RunningApp, forum: ForumFixture, options: SessionOptions = {}): Promise<SessionFixture> {
  const { moderator } = forum;
  const created = await app.services.sessions.create({
    viewer: moderator.viewer,
    input: {
      unitId: forum.districtId,
      title: `Tiếp nhận ý kiến nhân dân phường Tràng Tiền, đợt ${++sessions}`,
      location: 'Trụ sở Công an phường Tràng Tiền',
      startsAt: new Date('2026-12-04T01:00:00Z'),
      moderationMode: options.moderationMode ?? 'PRE',
      allowAnonymous: options.allowAnonymous ?? true,
      topics: options.topics ?? ['An toàn giao thông', 'Trật tự đô thị', 'Phòng cháy chữa cháy'],
    },
  });
  const status = options.status ?? 'LIVE';
  if (status !== 'SCHEDULED') await app.services.sessions.setStatus({ viewer: moderator.viewer, id: created.id, status: 'LIVE' });
  if (status === 'CLOSED') await app.services.sessions.setStatus({ viewer: moderator.viewer, id: created.id, status: 'CLOSED' });
  const topics = await app.database.prisma.topic.findMany({ where: { sessionId: created.id }, orderBy: { position: 'asc' } });
  return { sessionId: created.id, topics: topics.map((t) => ({ id: t.id, name: t.name })) };
}

export interface PostedOpinion extends Omit<SubmitOpinionData, 'sessionId'> {
  sessionId: string;
  /** Who posts; anonymous by default. */
  viewer?: Viewer;
  /** How an anonymous poster is counted; one shared device by default. */
  deviceKey?: string;
}

/** Posts an opinion through the service (setup, not the behaviour under test). */
export function postOpinion(app: RunningApp, { viewer = ANONYMOUS, deviceKey = 'd:may-tinh-bang-nha-van-hoa', ...input }: PostedOpinion): Promise<OpinionRow> {
  return app.services.opinions.submit({ poster: { viewer, deviceKey }, input });
}

/** Moves an opinion to `status` the way a moderator of the forum's district would. */
export async function moderateTo(
  app: RunningApp,
  forum: ForumFixture,
  opinion: OpinionRow,
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'HIDDEN',
): Promise<OpinionRow> {
  const moderate = (action: 'APPROVE' | 'REJECT' | 'HIDE', reason?: string, reasonCode?: 'OFF_TOPIC' | 'PERSONAL_DATA') =>
    app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: opinion.id, action, reason, reasonCode });
  if (status === 'PENDING') return opinion;
  if (status === 'REJECTED') return moderate('REJECT', 'Nội dung không liên quan đến an ninh trật tự', 'OFF_TOPIC');
  const approved = await moderate('APPROVE');
  return status === 'HIDDEN' ? moderate('HIDE', 'Có thông tin cá nhân của người khác', 'PERSONAL_DATA') : approved;
}
