import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ok, type TestServer } from '../helpers/server.js';
import { PASSWORD, type ForumFixture } from '../helpers/fixtures.js';
import { accessibilityViolations, describeInBrowser, openPage, startBrowserForum, type BrowserForum, type WatchedPage } from '../helpers/browser.js';
import { ModerateOpinionDocument, RespondToOpinionDocument, SubmitOpinionDocument } from '../generated/graphql.js';

// The console's forms for what only curl could do before (issue #24): the session-edit form,
// staff intake, response correction and the tip's follow-up, each refused at its field first.
// One server, one browser and one signed-in desk for the whole file.
describeInBrowser('console forms (Chromium)', () => {
  let server: TestServer;
  let forum: ForumFixture;
  let setup: BrowserForum;
  let desk: WatchedPage;
  let page: Page;
  /** The server's refusal shown inside the field of the input with this id. */
  const refusalAt = (scope: Locator, inputId: string) => scope.locator(`.field:has(#${inputId}) [role="alert"]`);
  const submit = async (body: string, kind: 'SUGGESTION' | 'TIP' = 'SUGGESTION') =>
    ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body, kind } })).submitOpinion.id;

  beforeAll(async () => {
    setup = await startBrowserForum();
    ({ server, forum } = setup);
    desk = await openPage(setup.browser, `${setup.origin}/console#session=${forum.sessionId}`);
    page = desk.page;
    await page.getByLabel('E-mail').fill(forum.moderator.email);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('[data-connection="online"]').waitFor();
  }, 180_000);

  afterAll(() => setup?.close());

  it("should refuse a case without its number next to the field, then follow the tip into a case from the tip's card", async () => {
    const tip = await submit('Tin báo: nhóm thanh niên tụ tập đua xe trên phố Lý Thái Tổ sau 23 giờ.', 'TIP');
    const item = page.locator(`.tips [data-opinion="${tip}"]`);
    await item.focus();
    await page.keyboard.press('f');
    await item.getByLabel('Tình trạng xử lý').selectOption('CASE_OPENED');
    await item.getByRole('button', { name: 'Lưu theo dõi' }).click();
    await refusalAt(item, 'tip-case').waitFor();
    expect(await server.app.database.prisma.opinion.findUniqueOrThrow({ where: { id: tip } })).toMatchObject({ caseNumber: null });

    await item.getByLabel('Số hồ sơ vụ việc').fill('HS-2026/204');
    await item.getByLabel('Số đối tượng').fill('3');
    await item.getByLabel('Ghi chú (chỉ cán bộ đơn vị thấy)').fill('Đã phối hợp Đội CSGT lập chốt.');
    await item.getByRole('button', { name: 'Lưu theo dõi' }).click();
    await item.getByText('Hồ sơ HS-2026/204').waitFor();
    expect(await server.app.database.prisma.opinion.findUniqueOrThrow({ where: { id: tip } })).toMatchObject({ tipStatus: 'CASE_OPENED', caseNumber: 'HS-2026/204', suspects: 3 });
    const steps = await server.app.database.prisma.tipFollowUp.findMany({ where: { opinionId: tip } });
    expect(steps.map((s) => s.note)).toContain('Đã phối hợp Đội CSGT lập chốt.');
  });

  it('should correct an official response with the keyboard, keeping and showing the earlier text', async () => {
    const id = await submit('Đề nghị bố trí thêm thùng rác công cộng quanh hồ Hoàn Kiếm.');
    ok(await server.request(ModerateOpinionDocument, { id, action: 'APPROVE' }, { token: forum.moderator.token }));
    const first = 'Phường sẽ bổ sung 10 thùng rác trong tháng này.';
    const { respondToOpinion } = ok(await server.request(RespondToOpinionDocument, { input: { opinionId: id, body: first, outcome: 'IN_PROGRESS' } }, { token: forum.officer.token }));
    const item = page.locator(`.published [data-opinion="${id}"]`);
    await item.getByText(first).waitFor();

    await item.focus();
    await page.keyboard.press('s');
    const text = item.getByLabel('Nội dung trả lời đã sửa');
    await item.locator('.revisions').waitFor(); // the versions read, the text filled in
    expect(await text.inputValue()).toBe(first);
    await text.fill('   ');
    await item.getByRole('button', { name: 'Lưu bản sửa' }).click();
    await refusalAt(item, 'correct-body').waitFor();
    expect(await server.app.database.prisma.responseRevision.count({ where: { responseId: respondToOpinion.id } })).toBe(0);

    const second = 'Phường sẽ bổ sung 12 thùng rác trước ngày 20 tháng này.';
    await text.fill(second);
    await item.getByLabel('Kết quả').selectOption('RESOLVED');
    await item.getByRole('button', { name: 'Lưu bản sửa' }).press('Enter');
    await item.locator('.responses', { hasText: second }).waitFor();
    expect(await item.locator('.responses').textContent()).not.toContain(first);
    const revisions = await server.app.database.prisma.responseRevision.findMany({ where: { responseId: respondToOpinion.id } });
    expect(revisions).toMatchObject([{ body: first, outcome: 'IN_PROGRESS', editorId: forum.moderator.id }]);

    // The earlier version, for staff, under the form; Escape closes it.
    await item.focus();
    await page.keyboard.press('s');
    await item.locator('.revision', { hasText: first }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await item.locator('.correct').waitFor({ state: 'detached' });
  });

  it('should take a paper slip typed in by staff, refusing an empty text next to the field', async () => {
    await page.getByRole('button', { name: 'Nhập ý kiến tiếp nhận' }).click();
    const form = page.locator('form.intake');
    expect(await page.evaluate('document.activeElement.id')).toBe('intake-channel');
    await form.getByLabel('Kênh tiếp nhận').selectOption('PAPER');
    await form.getByLabel('Loại ý kiến').selectOption('COMPLAINT');
    await form.getByLabel('Chủ đề').selectOption({ label: forum.topics[0].name });
    await form.getByLabel('Nội dung ý kiến').fill('  \n  ');
    await form.getByRole('button', { name: 'Ghi ý kiến' }).click();
    await refusalAt(form, 'intake-body').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    const body = 'Phiếu góp ý: nhà hàng số 8 Hàng Bè lấn chiếm vỉa hè, người đi bộ phải xuống lòng đường.';
    await form.getByLabel('Nội dung ý kiến').fill(body);
    await form.getByLabel('Họ tên người gửi (không bắt buộc)').fill('Phạm Văn Hùng');
    await form.getByLabel(/Số điện thoại hoặc e-mail liên hệ/).fill('0987 654 321');
    // Handed in two days ago, typed in now: the browser's own clock and time zone say when that was.
    const handedIn = await page.evaluate(() => {
      const d = new Date(Date.now() - 2 * 86_400_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      const local = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
      return { local, iso: new Date(local).toISOString() };
    });
    await form.getByLabel(/Thời điểm tiếp nhận/).fill(handedIn.local);
    await form.getByRole('button', { name: 'Ghi ý kiến' }).click();
    await form.locator('.notice.ok', { hasText: 'Phiếu giấy' }).waitFor();
    const stored = await server.app.database.prisma.opinion.findFirstOrThrow({ where: { body } });
    expect(stored).toMatchObject({ channel: 'PAPER', kind: 'COMPLAINT', topicId: forum.topics[0].id, authorName: 'Phạm Văn Hùng', contact: '0987 654 321' });
    expect(stored.receivedAt?.toISOString()).toBe(handedIn.iso);
    await page.locator(`[data-opinion="${stored.id}"]`, { hasText: 'Phiếu giấy' }).getByText('tiếp nhận lúc').waitFor();
    // Ready for the next slip: the text cleared and focused, the channel kept.
    expect(await form.getByLabel('Nội dung ý kiến').inputValue()).toBe('');
    expect(await page.evaluate('document.activeElement.id')).toBe('intake-body');
    expect(await form.getByLabel('Kênh tiếp nhận').inputValue()).toBe('PAPER');
    expect(await form.getByLabel(/Thời điểm tiếp nhận/).inputValue()).toBe('');

    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement.id')).toBe('open-intake');
  });

  it('should edit a LIVE session (details, times, moderation, anonymity, topics renamed and added), refusing an end before the start at its field', async () => {
    await page.getByRole('button', { name: 'Sửa phiên' }).click();
    const form = page.locator('form.session-edit');
    await form.getByLabel('Bắt đầu lúc').fill('2026-12-02T09:00');
    await form.getByLabel('Kết thúc lúc (không bắt buộc)').fill('2026-12-02T08:00');
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    const refused = refusalAt(form, 'edit-ends');
    await refused.waitFor();
    expect(await refused.textContent()).not.toContain('endsAt'); // the server's Vietnamese, not its English
    expect(await server.app.database.prisma.forumSession.findUniqueOrThrow({ where: { id: forum.sessionId } })).toMatchObject({ endsAt: null });
    expect(await accessibilityViolations(page)).toEqual([]);

    const title = 'Hội nghị lắng nghe ý kiến nhân dân phường Hàng Trống (buổi tối)';
    await form.getByLabel('Tên phiên').fill(title);
    await form.getByLabel('Địa điểm').fill('Nhà văn hoá tổ dân phố số 5, 12 Hàng Trống');
    await form.getByLabel('Kết thúc lúc (không bắt buộc)').fill('2026-12-02T11:30');
    await form.getByLabel('Kiểm duyệt').selectOption('POST');
    await form.getByLabel('Cho phép gửi ý kiến ẩn danh').setChecked(false);
    await form.getByLabel('Chủ đề 1', { exact: true }).fill('An toàn giao thông và trật tự đô thị');
    await form.getByLabel('Thêm chủ đề (cách nhau bởi dấu phẩy)').fill('Phòng cháy chữa cháy');
    await form.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.locator('#desk-title', { hasText: title }).waitFor();
    await page.locator('.sessions').getByRole('link', { name: title }).waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('open-edit');

    const session = await server.app.database.prisma.forumSession.findUniqueOrThrow({ where: { id: forum.sessionId }, include: { topics: { orderBy: { position: 'asc' } } } });
    expect(session).toMatchObject({ title, location: 'Nhà văn hoá tổ dân phố số 5, 12 Hàng Trống', status: 'LIVE', moderationMode: 'POST', allowAnonymous: false });
    expect(session.endsAt!.getTime() - session.startsAt.getTime()).toBe(150 * 60_000);
    expect(session.topics.map((t) => t.name)).toEqual(['An toàn giao thông và trật tự đô thị', ...forum.topics.slice(1).map((t) => t.name), 'Phòng cháy chữa cháy']);
    expect(session.topics[0].id).toBe(forum.topics[0].id); // renamed, not replaced: its opinions keep it
    expect(desk.errors).toEqual([]);
  });
});
