import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { errorCode, ok, type TestServer } from '../helpers/server.js';
import { createStaff, PASSWORD, type ForumFixture, type StaffFixture } from '../helpers/fixtures.js';
import {
  accessibilityViolations,
  describeInBrowser,
  focusRingAfterTab,
  openPage,
  startBrowserForum,
  type BrowserForum,
  type WatchedPage,
} from '../helpers/browser.js';
import {
  AuditLogDocument,
  ChangeMyPasswordDocument,
  CreateStaffDocument,
  LoginDocument,
  MeDocument,
  ModerateOpinionDocument,
  RecordFingerprintDocument,
  RespondToOpinionDocument,
  SubmitOpinionDocument,
  type AuditLogQuery,
} from '../generated/graphql.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const HALL_SCREEN = { viewport: { width: 1920, height: 1080 } };

describeInBrowser('web console (Chromium)', () => {
  let server: TestServer;
  let forum: ForumFixture;
  let browser: Browser;
  let webDir: string;
  let origin: string;
  /** The six characters on the hall's screen that lead to the citizen page. */
  let joinCode: string;
  let setup: BrowserForum;
  const pages: WatchedPage[] = [];
  const open = async (pathname: string, options = {}) => {
    const watched = await openPage(browser, origin + pathname, options);
    pages.push(watched);
    return watched;
  };
  const signIn = async ({ page }: WatchedPage, who: Pick<StaffFixture, 'email'> = forum.moderator, password = PASSWORD, landing = 'Các phiên của đơn vị') => {
    await page.getByLabel('E-mail').fill(who.email);
    await page.getByLabel('Mật khẩu').fill(password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('heading', { name: landing }).waitFor();
  };
  /** The refusal shown inside the field of the input labelled `name`, as the page words it. */
  const refusalAt = (page: WatchedPage['page'], inputId: string) => page.locator(`.field:has(> #${inputId}) .notice.error`);
  /** The server's own Vietnamese words for a refusal, as the pages ask for them. */
  const VIETNAMESE = { headers: { 'accept-language': 'vi' } };
  const approve = async (body: string, kind: 'SUGGESTION' | 'TIP' = 'SUGGESTION') => {
    const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body, kind } }));
    ok(await server.request(ModerateOpinionDocument, { id: submitOpinion.id, action: 'APPROVE' }, { token: forum.moderator.token }));
    return submitOpinion.id;
  };

  beforeAll(async () => {
    setup = await startBrowserForum();
    ({ server, forum, browser, webDir, origin, joinCode } = setup);
  }, 180_000);

  afterAll(() => setup?.close());

  const prismaStaff = (email: string) => server.app.database.prisma.staff.findUnique({ where: { email } });

  it('should let a citizen on a phone join by code and send an opinion', async () => {
    const citizen = await open('/', PHONE);
    const { page } = citizen;
    await page.getByLabel('Mã tham gia').fill(joinCode.toLowerCase()); // typed as it comes
    await page.getByRole('button', { name: 'Tham gia' }).click();
    await page.waitForURL(`**/s/${joinCode.toLowerCase()}`);
    await page.getByRole('heading', { name: 'Công an lắng nghe ý kiến nhân dân phường Hàng Trống' }).waitFor();

    const body = 'Đèn đường ngõ 12 phố Hàng Trống tắt từ 22 giờ, đề nghị bố trí tuần tra buổi tối.';
    await page.getByLabel('Loại ý kiến').selectOption('COMPLAINT');
    await page.getByLabel('Chủ đề').selectOption({ label: 'An toàn giao thông' });
    await page.getByLabel('Nội dung', { exact: true }).fill(body);
    await page.getByLabel('Họ tên (không bắt buộc)').fill('Nguyễn Thị Lan');
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await page.locator('.notice.ok').waitFor();

    const stored = await server.app.database.prisma.opinion.findFirstOrThrow({ where: { body } });
    expect(stored).toMatchObject({ kind: 'COMPLAINT', status: 'PENDING', authorName: 'Nguyễn Thị Lan' });
    await page.locator('.opinion.mine', { hasText: body }).getByText('Chờ duyệt').waitFor();
  });

  it('should show an opinion a moderator approves on the big screen within 2 s, without a reload', async () => {
    const screen = await open(`/screen/${forum.sessionId}`, HALL_SCREEN);
    await screen.page.locator('[data-connection="online"]').waitFor();
    const { submitOpinion } = ok(
      await server.request(SubmitOpinionDocument, {
        input: { sessionId: forum.sessionId, kind: 'QUESTION', body: 'Xin hỏi thủ tục đăng ký tạm trú cho sinh viên thuê trọ?', authorName: 'Trần Văn Minh' },
      }),
    );

    const desk = await open('/console');
    await signIn(desk);
    await desk.page.getByRole('link', { name: 'Công an lắng nghe ý kiến nhân dân phường Hàng Trống' }).click();
    const item = desk.page.locator(`.queue [data-opinion="${submitOpinion.id}"]`);
    await item.getByRole('button', { name: /Duyệt/ }).click();

    await screen.page.locator(`[data-opinion="${submitOpinion.id}"]`).waitFor({ timeout: 2000 });
    expect(screen.navigations()).toBe(0);
    await item.waitFor({ state: 'detached' });
    expect((await server.app.database.prisma.opinion.findUniqueOrThrow({ where: { id: submitOpinion.id } })).status).toBe('APPROVED');
  });

  it('should catch up on the big screen after the server restarts, without a reload', async () => {
    const screen = await open(`/screen/${forum.sessionId}`, HALL_SCREEN);
    await screen.page.locator('[data-connection="online"]').waitFor();
    await server.restart();
    // Approved on the new instance before the screen is back: only a resume can bring it.
    const id = await approve('Đề nghị lắp camera ở ngã tư Hàng Trống – Lý Quốc Sư.');
    await screen.page.locator(`[data-opinion="${id}"]`).waitFor({ timeout: 20_000 });
    await screen.page.locator('[data-connection="online"]').waitFor();
    expect(screen.navigations()).toBe(0);
  });

  it('should show the record fingerprint on the big screen and follow it as the record grows', async () => {
    const fingerprint = async () => ok(await server.request(RecordFingerprintDocument, { id: forum.sessionId })).session!.recordFingerprint;
    const screen = await open(`/screen/${forum.sessionId}`, HALL_SCREEN);
    const before = await fingerprint();
    const shown = screen.page.locator(`[data-fingerprint="${before}"]`);
    await shown.waitFor();
    expect(await shown.textContent()).toBe(`${before.slice(0, 4)} ${before.slice(4, 8)} ${before.slice(8, 12)}`);

    await approve('Đề nghị công khai số điện thoại đường dây nóng của Công an phường trên bảng tin.');
    const after = await fingerprint();
    expect(after).not.toBe(before);
    await screen.page.locator(`[data-fingerprint="${after}"]`).waitFor();
    expect(screen.navigations()).toBe(0);
  });

  it('should never show a tip on the big screen or the public page', async () => {
    const screen = await open(`/screen/${forum.sessionId}`, HALL_SCREEN);
    const reader = await open(`/s/${joinCode}`, PHONE);
    await screen.page.locator('[data-connection="online"]').waitFor();
    await reader.page.locator('[data-connection="online"]').waitFor();

    // Hostile case: a tip that a moderator (wrongly) approves is still not public.
    const tip = 'Tin báo: nhóm đối tượng tụ tập đánh bạc tại số 5 ngõ Hàng Trống mỗi tối.';
    await approve(tip, 'TIP');
    const sentinel = await approve('Cảm ơn Công an phường đã tổ chức buổi đối thoại.');
    await screen.page.locator(`[data-opinion="${sentinel}"]`).waitFor();
    await reader.page.locator(`[data-opinion="${sentinel}"]`).waitFor();
    for (const { page } of [screen, reader]) {
      expect(await page.content()).not.toContain('đánh bạc');
    }
    await reader.page.reload();
    await reader.page.locator(`[data-opinion="${sentinel}"]`).waitFor();
    expect(await reader.page.content()).not.toContain('đánh bạc');
  });

  it('should let a citizen send a confidential tip that only the unit staff see', async () => {
    const citizen = await open(`/s/${joinCode}`, PHONE);
    const tip = 'Tin báo: xe tải chở hàng lậu đỗ ở bãi sau chợ Hàng Da lúc 2 giờ sáng.';
    await citizen.page.getByLabel(/tin báo bảo mật/).check();
    await citizen.page.getByLabel('Nội dung', { exact: true }).fill(tip);
    await citizen.page.getByLabel('Số điện thoại hoặc e-mail (không bắt buộc)').fill('0912 345 678');
    await citizen.page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await citizen.page.locator('.notice.ok', { hasText: 'tin báo bảo mật' }).waitFor();

    const desk = await open(`/console#session=${forum.sessionId}`);
    await signIn(desk);
    const item = desk.page.locator('.tips .opinion.tip', { hasText: 'xe tải chở hàng lậu' });
    await item.waitFor();
    expect(await item.textContent()).toContain('0912 345 678');

    await item.getByRole('button', { name: /Theo dõi xử lý/ }).click();
    await item.getByLabel('Tình trạng xử lý').selectOption('CASE_OPENED');
    await item.getByLabel('Số hồ sơ vụ việc').fill('HS-2026/117');
    await item.getByLabel('Số đối tượng').fill('2');
    await item.getByRole('button', { name: 'Lưu theo dõi' }).click();
    await item.getByText('Hồ sơ HS-2026/117').waitFor();
    const followed = await server.app.database.prisma.opinion.findFirstOrThrow({ where: { body: tip } });
    expect(followed).toMatchObject({ tipStatus: 'CASE_OPENED', caseNumber: 'HS-2026/117', suspects: 2 });

    // Its sender follows it among their own opinions (myOpinions, read with their citizen token).
    await citizen.page.reload();
    await citizen.page.locator(`.opinion.mine.tip[data-mine="${followed.id}"]`, { hasText: 'xe tải chở hàng lậu' }).waitFor();
  });

  it("should show a refused opinion's reason to its author only", async () => {
    const author = await open(`/s/${joinCode}`, PHONE);
    const body = 'Đề nghị xử lý quán karaoke ở phố Hàng Bè hát to sau 23 giờ.';
    await author.page.getByLabel('Nội dung', { exact: true }).fill(body);
    await author.page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await author.page.locator('.notice.ok').waitFor();
    const { id } = await server.app.database.prisma.opinion.findFirstOrThrow({ where: { body } });
    const reason = 'Việc này thuộc thẩm quyền UBND phường, đã chuyển tiếp.';
    ok(await server.request(ModerateOpinionDocument, { id, action: 'REJECT', reasonCode: 'OFF_TOPIC', reason }, { token: forum.moderator.token }));

    // Hostile case first: another citizen, with opinions of their own on the page, sees nothing of it.
    const other = await open(`/s/${joinCode}`, PHONE);
    const own = 'Xin cảm ơn các anh chị Công an phường đã lắng nghe bà con.';
    await other.page.getByLabel('Nội dung', { exact: true }).fill(own);
    await other.page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await other.page.locator('.opinion.mine', { hasText: own }).waitFor();
    const sentinel = await approve('Đề nghị bố trí thêm chỗ gửi xe máy trước nhà văn hoá phường.');
    await other.page.locator(`[data-opinion="${sentinel}"]`).waitFor();
    expect(await other.page.content()).not.toContain('karaoke');
    expect(await other.page.content()).not.toContain('thẩm quyền UBND');

    await author.page.reload();
    const mine = author.page.locator(`[data-mine="${id}"]`);
    await mine.getByText('Ngoài phạm vi phiên').waitFor();
    expect(await mine.textContent()).toContain(reason);
    expect(await mine.getAttribute('data-status')).toBe('REJECTED');
  });

  it('should work the moderation queue with the keyboard alone', async () => {
    const submit = async (body: string) =>
      ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body, kind: 'SUGGESTION' } })).submitOpinion.id;
    const spam = await submit('Quảng cáo vay tiền nhanh, gọi ngay!');
    const offTopic = await submit('Đề nghị phường sửa lại sân bóng đá khu tập thể Văn Chương.');
    const desk = await open('/console');
    const { page } = desk;
    const tabTo = async (matches: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate('document.activeElement && (document.activeElement.getAttribute("data-opinion") || document.activeElement.textContent || document.activeElement.id)');
        if (String(focused).includes(matches)) return;
      }
      throw new Error(`Tab never reached ${matches}`);
    };
    await tabTo('email');
    await page.keyboard.type(forum.moderator.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Các phiên của đơn vị' }).waitFor();
    await tabTo('Công an lắng nghe ý kiến nhân dân phường Hàng Trống');
    await page.keyboard.press('Enter');
    await page.locator(`.queue [data-opinion="${spam}"]`).waitFor();

    // R: reject with a reason code chosen by arrow keys, once the select has the focus.
    await tabTo(spam);
    await page.keyboard.press('r');
    await page.locator('#reject-code:focus').waitFor();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown'); // DUPLICATE → … → SPAM
    await page.keyboard.press('Tab');
    await page.keyboard.type('Quảng cáo dịch vụ tài chính');
    await page.keyboard.press('Enter');
    await page.locator(`.queue [data-opinion="${spam}"]`).waitFor({ state: 'detached' });
    expect(await server.app.database.prisma.opinion.findUniqueOrThrow({ where: { id: spam } })).toMatchObject({
      status: 'REJECTED',
      moderationReason: 'SPAM',
      rejectReason: 'Quảng cáo dịch vụ tài chính',
    });

    // A approves; T answers it on the record; then H hides it with its own reason code.
    await tabTo(offTopic);
    await page.keyboard.press('a');
    const published = page.locator(`.published [data-opinion="${offTopic}"]`);
    await published.waitFor();
    await published.focus();
    await page.keyboard.press('t');
    await page.locator('#answer-body:focus').waitFor();
    const answer = 'Sân bóng thuộc UBND phường quản lý; Công an phường đã chuyển đề nghị.';
    await page.keyboard.type(answer);
    await page.keyboard.press('Tab'); // the outcome: "Đã tiếp nhận" as it stands
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await published.getByText(answer).waitFor();
    await published.focus();
    await page.keyboard.press('h');
    await page.locator('#hide-code:focus').waitFor();
    await page.keyboard.press('ArrowDown'); // OFF_TOPIC
    await page.keyboard.press('Tab'); // no words of their own this time: the reason's name goes to the author
    await page.keyboard.press('Enter');
    await published.waitFor({ state: 'detached' });
    expect(await server.app.database.prisma.opinion.findUniqueOrThrow({ where: { id: offTopic } })).toMatchObject({
      status: 'HIDDEN',
      moderationReason: 'OFF_TOPIC',
      rejectReason: 'Ngoài phạm vi phiên',
    });
  });

  it('should let a moderator redact a phone number before approving, so the screen never shows it', async () => {
    const screen = await open(`/screen/${forum.sessionId}`, HALL_SCREEN);
    await screen.page.locator('[data-connection="online"]').waitFor();
    const body = 'Nhà tôi ở ngõ 8 Hàng Trống bị mất trộm xe máy, ai thấy gọi 0912 345 678 giúp.';
    const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body, kind: 'COMPLAINT' } }));
    const desk = await open(`/console#session=${forum.sessionId}`);
    await signIn(desk);
    const item = desk.page.locator(`.queue [data-opinion="${submitOpinion.id}"]`);
    await item.locator('mark[data-kind="PHONE"]', { hasText: '0912 345 678' }).waitFor();

    await item.focus();
    await desk.page.keyboard.press('c');
    const edited = item.getByLabel('Nội dung công khai sau khi che');
    await desk.page.locator('#redact-body:focus').waitFor();
    expect(await edited.inputValue()).not.toContain('0912');
    await edited.fill('Nhà tôi ở Hàng Trống bị mất trộm xe máy, ai thấy xin báo Công an phường giúp.');
    await item.getByLabel('Lý do che (ghi vào biên bản)').fill('Che số điện thoại và số ngõ');
    await item.getByRole('button', { name: 'Lưu nội dung đã che' }).click();
    await item.getByText('Đã che thông tin').waitFor();
    await item.getByRole('button', { name: /Duyệt/ }).click();

    const shown = screen.page.locator(`[data-opinion="${submitOpinion.id}"]`);
    await shown.getByText('ai thấy xin báo Công an phường giúp').waitFor();
    expect(await screen.page.content()).not.toContain('0912 345 678');
    const reader = await open(`/s/${joinCode}`, PHONE);
    await reader.page.locator(`[data-opinion="${submitOpinion.id}"]`).waitFor();
    expect(await reader.page.content()).not.toContain('0912 345 678');
    const stored = await server.app.database.prisma.opinion.findUniqueOrThrow({ where: { id: submitOpinion.id } });
    expect(stored).toMatchObject({ status: 'APPROVED', originalBody: body });
  });

  it('should print the minutes of a session for its staff: every public opinion with its answers, no tip, the record fingerprint', async () => {
    const id = await approve('Đề nghị tăng cường tuần tra khu vực chợ Hàng Da vào sáng sớm.');
    const answer = 'Công an phường sẽ bố trí tổ tuần tra từ 5 giờ sáng, bắt đầu từ thứ Hai.';
    ok(await server.request(RespondToOpinionDocument, { input: { opinionId: id, body: answer, outcome: 'IN_PROGRESS' } }, { token: forum.officer.token }));
    await approve('Tin báo: điểm tập kết hàng cấm ở kho sau chợ Hàng Da.', 'TIP');
    // The minutes are the staff's: they print the full fingerprint, tips included (the public's stops at the last entry not about a tip).
    const { recordFingerprint } = ok(await server.request(RecordFingerprintDocument, { id: forum.sessionId }, { token: forum.moderator.token })).session!;
    const publicFingerprint = ok(await server.request(RecordFingerprintDocument, { id: forum.sessionId })).session!.recordFingerprint;
    expect(publicFingerprint).not.toBe(recordFingerprint);

    const desk = await open('/console');
    await signIn(desk);
    await desk.page.goto(`${origin}/console/minutes/${forum.sessionId}`);
    const { page } = desk;
    await page.getByRole('heading', { name: 'Biên bản phiên đối thoại' }).waitFor();
    await page.locator(`[data-opinion="${id}"]`, { hasText: answer }).waitFor();
    await page.locator(`[data-fingerprint="${recordFingerprint}"]`).waitFor();
    expect(await page.content()).not.toContain('hàng cấm');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'In biên bản' }).isVisible()).toBe(false);
    expect(desk.errors).toEqual([]);
  });

  it('should keep every page to its own origin, without console errors, labelled, focusable and legible', async () => {
    const id = await approve('Đề nghị tăng cường tuần tra khu vực hồ Hoàn Kiếm dịp cuối tuần.');
    const checked = pages.length; // pages of earlier tests saw a server restart on purpose
    const visits: [string, object][] = [
      ['/', PHONE],
      [`/s/${joinCode}`, PHONE],
      ['/console', {}],
      [`/screen/${forum.sessionId}`, HALL_SCREEN],
    ];
    for (const [pathname, options] of visits) {
      const watched = await open(pathname, options);
      await watched.page.locator('main:not([aria-busy])').waitFor();
      if (pathname.startsWith('/s/') || pathname.startsWith('/screen/')) await watched.page.locator(`[data-opinion="${id}"]`).waitFor();
      expect(await accessibilityViolations(watched.page), pathname).toEqual([]);
      // The screen has nothing to focus: it is read from across the hall.
      if (!pathname.startsWith('/screen/')) expect((await focusRingAfterTab(watched.page)).outline, pathname).not.toBe('none');
    }
    const desk = await open(`/console#session=${forum.sessionId}`);
    await signIn(desk);
    await desk.page.locator(`.published [data-opinion="${id}"]`).waitFor();
    expect(await accessibilityViolations(desk.page)).toEqual([]);
    await desk.page.getByRole('link', { name: 'Báo cáo' }).click();
    await desk.page.getByRole('img', { name: /Ý kiến theo loại/ }).waitFor();
    // Per-session figures come with the unit report (UnitReport.bySession), not from each session's stats.
    await desk.page.locator(`.by-session [data-session="${forum.sessionId}"]`).waitFor();
    expect(await accessibilityViolations(desk.page)).toEqual([]);
    const [download] = await Promise.all([desk.page.waitForEvent('download'), desk.page.getByRole('button', { name: 'Tải báo cáo CSV' }).click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true); // so Excel reads the Vietnamese right
    expect(csv).toContain('Công an quận Hoàn Kiếm');

    // Same host and port: http(s) for pages and /graphql, ws(s) for the live feeds.
    const host = new URL(origin).host;
    expect(pages.flatMap((p) => p.requests).some((url) => url.startsWith(`ws://${host}/graphql`))).toBe(true);
    for (const watched of pages) expect(watched.requests.filter((url) => new URL(url).host !== host)).toEqual([]);
    for (const watched of pages.slice(checked)) expect(watched.errors).toEqual([]);
  });

  it('should keep the citizen page script under 100 KB gzipped', () => {
    const html = fs.readFileSync(path.join(webDir, 'citizen.html'), 'utf8');
    const script = /<script type="module" src="\/assets\/([^"]+)"/.exec(html)![1];
    const gzipped = zlib.gzipSync(fs.readFileSync(path.join(webDir, 'assets', script)), { level: 9 }).length;
    expect(gzipped).toBeLessThan(100 * 1024);
  });

  it('should end the token on the server when a moderator signs out, not only forget it in the browser', async () => {
    const desk = await open('/console');
    await signIn(desk);
    const saved = await desk.page.evaluate<string | null>('localStorage.getItem("ln.staff")');
    const { token } = JSON.parse(saved ?? '{}') as { token: string };
    expect(ok(await server.request(MeDocument, {}, { token })).me).toMatchObject({ role: 'MODERATOR' });
    await desk.page.getByRole('button', { name: 'Đăng xuất' }).click();
    await desk.page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    // A copy of the token left behind (another tab, a shared laptop's history) opens nothing now.
    expect(errorCode(await server.request(MeDocument, {}, { token }))).toBe('UNAUTHENTICATED');
    expect(await desk.page.evaluate<string | null>('localStorage.getItem("ln.staff")')).toBeNull();
  });

  it('should let a unit admin add, edit, reset the password of and lock a staff member, with each refusal next to its field', async () => {
    const desk = await open('/console#staff');
    await signIn(desk, forum.admin, PASSWORD, 'Cán bộ của đơn vị');
    const { page } = desk;
    await page.locator(`[data-staff="${forum.moderator.id}"]`).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Hostile first: a password the policy refuses, shown under the password, in the server's words.
    const email = `can.bo.moi.${Date.now()}@cand.test`;
    const weak = { email, displayName: 'Lê Thị Hoa', password: '12345678', role: 'MODERATOR' as const, unitId: forum.districtId };
    const expected = (await server.request(CreateStaffDocument, { input: weak }, { token: forum.admin.token, ...VIETNAMESE })).errors![0].message;
    await page.getByLabel('E-mail đăng nhập').fill(email);
    await page.getByLabel('Họ tên').fill(weak.displayName);
    await page.getByLabel('Mật khẩu ban đầu').fill(weak.password);
    await page.getByLabel('Mật khẩu ban đầu').press('Enter'); // keyboard only
    await expect.poll(() => refusalAt(page, 'staff-password').textContent()).toBe(expected);
    expect(await prismaStaff(email)).toBeNull();

    await page.getByLabel('Mật khẩu ban đầu').fill(PASSWORD);
    await page.getByLabel('Mật khẩu ban đầu').press('Enter');
    await page.getByRole('status').getByText('Đã thêm Lê Thị Hoa.').waitFor();
    const created = (await prismaStaff(email))!;
    expect(created).toMatchObject({ role: 'MODERATOR', unitId: forum.districtId, active: true });
    const row = page.locator(`[data-staff="${created.id}"]`);

    await row.getByRole('button', { name: 'Sửa', exact: true }).click();
    await page.keyboard.press('Escape'); // Esc closes the inline form, as in the queue
    await row.getByRole('button', { name: 'Lưu thay đổi' }).waitFor({ state: 'detached' });
    await row.getByRole('button', { name: 'Sửa', exact: true }).click();
    await row.getByLabel('Vai trò').selectOption('OFFICER');
    await row.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await row.getByText('Cán bộ trả lời').waitFor();
    expect((await prismaStaff(email))!.role).toBe('OFFICER');

    const newPassword = 'đặt-lại-mật-khẩu-mới-2026';
    await row.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
    await row.getByLabel(/Mật khẩu mới cho/).fill(newPassword);
    await row.getByLabel(/Mật khẩu mới cho/).press('Enter');
    await page.getByRole('status').getByText('Đã đặt lại mật khẩu cho Lê Thị Hoa.').waitFor();
    expect(ok(await server.request(LoginDocument, { email, password: newPassword })).login.viewer.role).toBe('OFFICER');

    await row.getByRole('button', { name: 'Khoá tài khoản' }).click();
    await row.getByText('Đã khoá').waitFor();
    expect((await prismaStaff(email))!.active).toBe(false);
    expect(errorCode(await server.request(LoginDocument, { email, password: newPassword }))).toBeDefined();
    expect(desk.errors).toEqual([]);
  });

  it('should let a staff member change their own password, then sign in again with it; the old token opens nothing', async () => {
    const officer = await createStaff(server.app, 'OFFICER', forum.districtId, 'Phạm Văn Đức');
    const desk = await open('/console#password');
    await signIn(desk, officer, PASSWORD, 'Đổi mật khẩu');
    const { page } = desk;
    expect(await accessibilityViolations(page)).toEqual([]);
    const newPassword = 'mật-khẩu-riêng-của-đức-2026';

    // Hostile first: a wrong current password, refused next to it in the server's words.
    const expected = (await server.request(ChangeMyPasswordDocument, { currentPassword: 'không-phải-mật-khẩu', newPassword }, { token: officer.token, ...VIETNAMESE })).errors![0].message;
    await page.getByLabel('Mật khẩu hiện tại').fill('không-phải-mật-khẩu');
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(newPassword);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(newPassword);
    await page.getByLabel('Nhập lại mật khẩu mới').press('Enter');
    await expect.poll(() => refusalAt(page, 'current-password').textContent()).toBe(expected);

    await page.getByLabel('Mật khẩu hiện tại').fill(PASSWORD);
    await page.getByLabel('Nhập lại mật khẩu mới').press('Enter');
    await page.getByRole('status').getByText(/Đã đổi mật khẩu/).waitFor();
    const saved = await page.evaluate<string | null>('localStorage.getItem("ln.staff")');
    expect(saved).toBeNull();
    expect(errorCode(await server.request(MeDocument, {}, { token: officer.token }))).toBe('UNAUTHENTICATED');
    await signIn(desk, officer, newPassword);
    expect(desk.errors).toEqual([]);
  });

  it("should show the unit's audit log with each entry's hash, filtered by session, action and staff, and the session's fingerprint with how to verify it", async () => {
    await approve('Đề nghị sửa biển báo hạn chế tốc độ trước cổng trường tiểu học.');
    const desk = await open('/console#audit');
    await signIn(desk, forum.moderator, PASSWORD, 'Nhật ký thao tác');
    const { page } = desk;
    const entries: AuditLogQuery['auditLog']['edges'][number]['node'][] = [];
    for (let after: string | null = null, more = true; more; ) {
      const { auditLog }: AuditLogQuery = ok(await server.request(AuditLogDocument, { unitId: forum.districtId, first: 100, after }, { token: forum.moderator.token }));
      entries.push(...auditLog.edges.map((e) => e.node));
      [more, after] = [auditLog.pageInfo.hasNextPage, auditLog.pageInfo.endCursor];
    }
    const approval = entries.findLast((n) => n.action === 'OPINION_APPROVED' && n.sessionId === forum.sessionId)!;
    const approvalRow = page.locator(`tr[data-chain="${approval.chain}"][data-seq="${approval.seq}"]`);
    expect(await approvalRow.locator('code.hash').textContent()).toBe(approval.hash);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Phiên', { exact: true }).selectOption(forum.sessionId);
    await page.getByLabel('Thao tác', { exact: true }).selectOption('OPINION_APPROVED');
    await page.getByLabel('Cán bộ', { exact: true }).selectOption(forum.moderator.id);
    const shown = entries.filter((n) => n.sessionId === forum.sessionId && n.action === 'OPINION_APPROVED' && n.actor?.id === forum.moderator.id);
    await expect.poll(() => page.locator('.audit-entries tbody tr').count()).toBe(shown.length);
    const { session } = ok(await server.request(RecordFingerprintDocument, { id: forum.sessionId }));
    await page.locator(`.fingerprint[data-fingerprint="${session!.recordFingerprint}"]`).waitFor();
    await page.getByText('npm run verify-record').waitFor();
    expect(desk.errors).toEqual([]);
  });
});
