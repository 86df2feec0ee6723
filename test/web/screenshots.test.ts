import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContextOptions, Page, PageScreenshotOptions } from 'playwright-core';
import { ok } from '../helpers/server.js';
import { PASSWORD } from '../helpers/fixtures.js';
import { describeInBrowser, openPage, startBrowserForum, type BrowserForum } from '../helpers/browser.js';
import { ModerateOpinionDocument, RespondToOpinionDocument, SubmitOpinionDocument } from '../generated/graphql.js';

// The pictures of each page in docs/web.md. `npm run screenshots` writes them to test/web/screenshots/;
// a plain `npm test` takes them into a temporary folder, so every page is shown rendering.
const OUT = process.env.SCREENSHOTS === '1' ? path.join(import.meta.dirname, 'screenshots') : fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-shots-'));
const MAX_BYTES = 110 * 1024;
/** The console's pictures: a laptop screen, scaled down to keep the files small. */
const LAPTOP: BrowserContextOptions = { viewport: { width: 1280, height: 760 }, deviceScaleFactor: 0.6 };

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

  const picture = async (page: Page, name: string, ready: string, shot: PageScreenshotOptions = {}) => {
    await page.locator(ready).first().waitFor();
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ ...shot, path: file });
    return fs.statSync(file).size;
  };
  const signIn = async (page: Page, email: string) => {
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
  };
  const shoot = async (name: string, pathname: string, options: BrowserContextOptions, ready: string, signInAs?: string) => {
    const { page } = await openPage(forum.browser, forum.origin + pathname, options);
    if (signInAs) await signIn(page, signInAs);
    const bytes = await picture(page, name, ready);
    await page.context().close();
    return bytes;
  };

  it('should picture every page in small PNGs', async () => {
    const sizes = {
      home: await shoot('home', '/', { viewport: { width: 390, height: 700 } }, '.session'),
      citizen: await shoot('citizen', `/s/${forum.joinCode}`, { viewport: { width: 390, height: 1100 } }, '[data-opinion]'),
      console: await shoot('console', `/console#session=${forum.forum.sessionId}`, LAPTOP, '.queue [data-opinion]', forum.forum.moderator.email),
      screen: await shoot('screen', `/screen/${forum.forum.sessionId}`, { viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 0.5 }, '.answering'),
    };
    for (const [name, bytes] of Object.entries(sizes)) expect(bytes, name).toBeLessThan(MAX_BYTES);
  });

  it("should picture the admin's staff page and the audit log with a session's fingerprint", async () => {
    // One sign-in for both sections: the audit log is the next hash of the same page.
    const { page } = await openPage(forum.browser, `${forum.origin}/console#staff`, LAPTOP);
    await signIn(page, forum.forum.admin.email);
    const staff = await picture(page, 'staff', '.staff-list [data-staff]');
    await page.evaluate(`location.hash = '#audit'`);
    await page.locator('#audit-session').selectOption(forum.forum.sessionId);
    // The whole page, so the verify-record help under the entries shows too.
    const audit = await picture(page, 'audit', '.fingerprint', { fullPage: true });
    await page.context().close();
    expect(staff, 'staff').toBeLessThan(MAX_BYTES);
    expect(audit, 'audit').toBeLessThan(MAX_BYTES);
  });

  it('should picture the citizen page with a post kept on the phone while offline', async () => {
    // No service worker, as in a plain-http hall: the page's own outbox keeps the post.
    const { page } = await openPage(forum.browser, `${forum.origin}/s/${forum.joinCode}`, { viewport: { width: 390, height: 1100 }, serviceWorkers: 'block' });
    await page.locator('[data-connection="online"]').waitFor();
    await page.context().setOffline(true);
    await page.getByLabel('Nội dung', { exact: true }).fill('Đề nghị tăng cường tuần tra ở chợ Hàng Da vào sáng chủ nhật, nhiều vụ móc túi.');
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await page.locator('.notice.ok', { hasText: 'lưu trên máy' }).waitFor();
    await page.locator('[data-waiting]').waitFor();
    // From the text field down to the "Đang chờ gửi" card: the form's notice and the waiting post, no more (the
    // header's badge would still say online: Chromium's offline mode leaves the open WebSocket be).
    const [top, bottom] = (await page.evaluate(`[
      document.getElementById('body').labels[0].getBoundingClientRect().top + scrollY - 8,
      document.querySelector('[data-waiting]').closest('section').getBoundingClientRect().bottom + scrollY + 8,
    ]`)) as number[];
    const bytes = await picture(page, 'citizen-offline', '[data-waiting]', { fullPage: true, clip: { x: 0, y: top, width: 390, height: bottom - top } });
    await page.context().close();
    expect(bytes).toBeLessThan(MAX_BYTES);
  });
});
