import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ok } from '../helpers/server.js';
import { PASSWORD } from '../helpers/fixtures.js';
import { describeInBrowser, openPage, startBrowserForum, type BrowserForum } from '../helpers/browser.js';
import { ModerateOpinionDocument, RespondToOpinionDocument, SubmitOpinionDocument } from '../generated/graphql.js';

// The pictures of each page in docs/web.md. `npm run screenshots` writes them to test/web/screenshots/;
// a plain `npm test` takes them into a temporary folder, so every page is shown rendering.
const OUT = process.env.SCREENSHOTS === '1' ? path.join(import.meta.dirname, 'screenshots') : fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-shots-'));
const MAX_BYTES = 110 * 1024;

const OPINIONS: { kind: 'SUGGESTION' | 'QUESTION' | 'COMPLAINT' | 'TIP'; body: string; authorName?: string; contact?: string; approve?: boolean; answer?: string }[] = [
  { kind: 'COMPLAINT', body: 'Xe tải chạy quá tốc độ qua cổng trường tiểu học Hàng Trống giờ tan học.', authorName: 'Phạm Thị Thu', approve: true, answer: 'Đội CSGT sẽ bố trí chốt giờ tan học từ tuần sau.' },
  { kind: 'QUESTION', body: 'Thủ tục đăng ký thường trú cho con mới sinh cần giấy tờ gì?', authorName: 'Lê Văn Hải', approve: true },
  { kind: 'SUGGESTION', body: 'Đề nghị lắp thêm đèn chiếu sáng ở ngõ 36, nhiều vụ giật túi xách buổi tối.', approve: true },
  { kind: 'SUGGESTION', body: 'Nên có số điện thoại nóng của Công an phường dán ở bảng tin tổ dân phố.', authorName: 'Ngô Minh Đức' },
  { kind: 'COMPLAINT', body: 'Quán karaoke số 8 hát to sau 23 giờ, đã báo nhiều lần. Liên hệ tôi 0987 654 321.', authorName: 'Trịnh Văn Long' },
  { kind: 'TIP', body: 'Có nhóm thanh niên tụ tập đua xe ở đường ven hồ sau nửa đêm thứ bảy.', contact: '0912 000 111' },
];

describeInBrowser('docs/web.md screenshots', () => {
  let forum: BrowserForum;

  beforeAll(async () => {
    forum = await startBrowserForum();
    const { server, forum: f } = forum;
    for (const o of OPINIONS) {
      const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: f.sessionId, kind: o.kind, body: o.body, authorName: o.authorName, contact: o.contact } }));
      if (o.approve) ok(await server.request(ModerateOpinionDocument, { id: submitOpinion.id, action: 'APPROVE' }, { token: f.moderator.token }));
      if (o.answer) {
        ok(await server.request(RespondToOpinionDocument, { input: { opinionId: submitOpinion.id, body: o.answer, outcome: 'IN_PROGRESS' } }, { token: f.officer.token }));
      }
    }
  }, 180_000);

  afterAll(async () => {
    await forum?.close();
    if (process.env.SCREENSHOTS !== '1') fs.rmSync(OUT, { recursive: true, force: true });
  });

  const shoot = async (name: string, pathname: string, options: { viewport: { width: number; height: number }; deviceScaleFactor?: number }, ready: string, signIn = false) => {
    const { page } = await openPage(forum.browser, forum.origin + pathname, options);
    if (signIn) {
      await page.getByLabel('E-mail').fill(forum.forum.moderator.email);
      await page.getByLabel('Mật khẩu').fill(PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
    }
    await page.locator(ready).first().waitFor();
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file });
    await page.context().close();
    return fs.statSync(file).size;
  };

  it('should picture every page in small PNGs', async () => {
    const sizes = {
      home: await shoot('home', '/', { viewport: { width: 390, height: 700 } }, '.session'),
      citizen: await shoot('citizen', `/s/${forum.joinCode}`, { viewport: { width: 390, height: 1100 } }, '[data-opinion]'),
      console: await shoot('console', `/console#session=${forum.forum.sessionId}`, { viewport: { width: 1280, height: 760 }, deviceScaleFactor: 0.6 }, '.queue [data-opinion]', true),
      screen: await shoot('screen', `/screen/${forum.forum.sessionId}`, { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 0.5 }, '.answering'),
    };
    for (const [name, bytes] of Object.entries(sizes)) expect(bytes, name).toBeLessThan(MAX_BYTES);
  });
});
