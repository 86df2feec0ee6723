import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { ok } from '../helpers/server.js';
import { accessibilityViolations, describeInBrowser, openPage, seriousViolations, startBrowserForum, type BrowserForum, type WatchedPage } from '../helpers/browser.js';
import { ModerateOpinionDocument } from '../generated/graphql.js';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
/** A plain-http hall: no service worker (browsers allow none there), only the page's own outbox. */
const PHONE_WITHOUT_WORKER: BrowserContextOptions = { ...PHONE, serviceWorkers: 'block' };

describeInBrowser('citizen page offline, installable, pushed (Chromium)', () => {
  let setup: BrowserForum;
  const opened: WatchedPage[] = [];
  const open = async (options: BrowserContextOptions) => {
    const watched = await openPage(setup.browser, `${setup.origin}/s/${setup.joinCode}`, options);
    opened.push(watched);
    await watched.page.locator('[data-connection="online"]').waitFor();
    return watched;
  };
  const write = async (page: Page, body: string) => page.getByLabel('Nội dung', { exact: true }).fill(body);
  const send = (page: Page) => page.getByRole('button', { name: 'Gửi ý kiến' }).click();
  const stored = (body: string) => setup.server.app.database.prisma.opinion.findMany({ where: { body } });

  beforeAll(async () => {
    setup = await startBrowserForum();
  }, 180_000);
  afterAll(() => setup?.close());

  it('should keep a post made offline on the phone and send it once when the network returns', async () => {
    const { page } = await open(PHONE_WITHOUT_WORKER);
    const body = 'Đề nghị bố trí cảnh sát giao thông ở ngã tư Hàng Trống giờ tan học.';
    await page.context().setOffline(true);
    await write(page, body);
    await send(page);
    await page.locator('[data-waiting]', { hasText: body }).waitFor();
    await page.locator('.notice.ok', { hasText: 'lưu trên máy' }).waitFor();
    expect(await stored(body)).toEqual([]);

    await page.context().setOffline(false);
    await page.locator('.opinion.mine', { hasText: body }).waitFor({ timeout: 20_000 });
    await page.locator('[data-waiting]').waitFor({ state: 'detached' });
    expect(await stored(body)).toHaveLength(1);
  });

  it('should open offline with what still waits, then send it once', async () => {
    const first = await open(PHONE);
    // The worker took the page over: its shell and assets are kept.
    await first.page.evaluate(`new Promise((resolve) => navigator.serviceWorker.controller ? resolve(true) : navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true)))`);
    const context = first.page.context();
    await context.setOffline(true);
    const body = 'Xin hỏi Công an phường có tiếp nhận đăng ký tạm trú vào thứ Bảy không?';
    await write(first.page, body);
    await send(first.page);
    await first.page.locator('[data-waiting]', { hasText: body }).waitFor();
    await first.page.close();

    // Reopened in the hall without network: the page, the session and the waiting post are there.
    const again = await context.newPage();
    await again.goto(`${setup.origin}/s/${setup.joinCode}`);
    await again.getByRole('heading', { name: 'Công an lắng nghe ý kiến nhân dân phường Hàng Trống' }).waitFor();
    await again.locator('[data-waiting]', { hasText: body }).waitFor();
    expect(await seriousViolations(again)).toEqual([]);
    expect(await stored(body)).toEqual([]);

    await context.setOffline(false);
    await again.locator('.opinion.mine', { hasText: body }).waitFor({ timeout: 20_000 });
    await again.locator('[data-waiting]').waitFor({ state: 'detached' });
    expect(await stored(body)).toHaveLength(1);
  });

  it("should make one opinion of a double tap, and push the moderator's decision to 'Ý kiến của tôi' without polling", async () => {
    const { page } = await open(PHONE_WITHOUT_WORKER);
    const asked: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && asked.push(r.postData() ?? ''));
    // Its own feed starts once the phone has a citizen token (its first post), after reading myOpinions once.
    const following = new Promise<void>((resolve) => page.on('websocket', (ws) => ws.on('framesent', (f) => String(f.payload).includes('myOpinionEvents') && resolve())));
    const body = 'Đề nghị lắp gương cầu lồi ở khúc cua ngõ 35 Hàng Bông.';
    await write(page, body);
    // Two taps before the page can redraw the button as disabled.
    await page.evaluate(`(() => { const button = document.querySelector('form button[type="submit"]'); button.click(); button.click(); })()`);
    const mine = page.locator('.opinion.mine', { hasText: body });
    await mine.waitFor();
    const [opinion, ...more] = await stored(body);
    expect(more).toEqual([]);

    await following;
    const before = asked.length;
    ok(await setup.server.request(ModerateOpinionDocument, { id: opinion.id, action: 'APPROVE' }, { token: setup.forum.moderator.token }));
    await page.locator(`[data-mine="${opinion.id}"][data-status="APPROVED"]`).waitFor({ timeout: 5000 });
    // Pushed over the socket: the page asked nothing over HTTP for it.
    expect(asked.slice(before).filter((q) => q.includes('myOpinions'))).toEqual([]);
    expect(await stored(body)).toHaveLength(1);
  });

  it('should be usable 320 px wide and installable, with no serious accessibility violation', async () => {
    const { page, errors } = await open({ ...PHONE, viewport: { width: 320, height: 640 } });
    await write(page, 'Cảm ơn Công an phường đã tổ chức buổi đối thoại rất thiết thực cho bà con khu phố cổ Hàng Trống.');
    await send(page);
    await page.locator('.opinion.mine').first().waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await accessibilityViolations(page)).toEqual([]);

    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = (await (await page.request.get(`${setup.origin}${href}`)).json()) as { start_url: string; display: string; icons: { src: string; sizes: string; type: string }[] };
    expect(manifest).toMatchObject({ start_url: `/s/${setup.joinCode}`, display: 'standalone' });
    for (const size of ['192x192', '512x512']) {
      const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png');
      expect((await page.request.get(`${setup.origin}${icon!.src}`)).headers()['content-type'], size).toBe('image/png');
    }
    const cdp = await page.context().newCDPSession(page);
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    // Test browsers are off the record (no install there): every other condition is met.
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('should keep the first load of the citizen page (HTML, script, stylesheet) under 100 KB gzipped', async () => {
    const get = (url: string) => fetch(`${setup.origin}${url}`, { headers: { 'accept-encoding': 'gzip' } });
    const shell = await get(`/s/${setup.joinCode}`);
    const html = await shell.clone().text();
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    let bytes = Number(shell.headers.get('content-length'));
    for (const asset of assets) bytes += Number((await get(asset)).headers.get('content-length'));
    console.info(`citizen page first load: ${bytes} bytes gzipped (${assets.length + 1} files)`);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(100 * 1024);
  });
});
