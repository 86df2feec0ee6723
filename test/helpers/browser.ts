import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, it } from 'vitest';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { buildWeb } from '../../src/web-build.js';
import { seedForum, type ForumFixture } from './fixtures.js';
import { startTestServer, type TestServer } from './server.js';

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH; playwright-core downloads none. */
export const CHROMIUM_PATH = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p)) ?? null;

/**
 * describe() for tests that need Chromium. Without one they are skipped with a message, except
 * under CI=true, where a missing browser is a failure (.ci/run installs it).
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (CHROMIUM_PATH) {
    // A browser, a server and several pages per test: minutes on a loaded 2-core machine.
    describe(name, { timeout: 120_000 }, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('should find Chromium (CI requires the browser tests)', () => {
        throw new Error('No Chromium found (install it with `apt-get install chromium`, or set CHROMIUM_PATH)');
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": no Chromium found (apt-get install chromium, or set CHROMIUM_PATH).`);
  describe.skip(name, body);
}

/** Headless Chromium with nothing that phones home. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH!,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Builds the pages into a fresh folder (so tests never serve a stale dist/web). */
export async function buildTestWeb(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-web-'));
  await buildWeb(dir);
  return dir;
}

export interface WatchedPage {
  page: Page;
  /** Every URL the page requested or opened a WebSocket to, in order. */
  requests: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Main-frame navigations after the first load (a reload counts). */
  navigations(): number;
}

/** A page in its own context (own storage) that records its requests, errors and reloads. */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ locale: 'vi-VN', ...options });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  let navigations = 0;
  page.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => requests.push(ws.url()));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('framenavigated', (f) => f === page.mainFrame() && navigations++);
  await page.goto(url);
  return { page, requests, errors, navigations: () => navigations - 1 };
}

const require = createRequire(import.meta.url);
const AXE_RULES = ['label', 'color-contrast', 'button-name', 'link-name', 'select-name', 'image-alt', 'html-has-lang', 'document-title', 'aria-allowed-attr', 'duplicate-id-aria'];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's verdicts, in one run of every rule (loaded from node_modules, not the network): any
 * violation of the rules on labels, contrast and names, and every serious or critical one of the
 * others (what must never ship).
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  // Browser code as a string: the tests compile without the DOM library.
  return page.evaluate(`axe.run(document)
    .then((r) => r.violations.filter((v) => ${JSON.stringify(AXE_RULES)}.includes(v.id) || v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
}

/** The same verdicts (one axe run covers both the listed rules and every serious one). */
export const seriousViolations = accessibilityViolations;

/** The focused element's outline after Tab: a visible focus ring has a width and is not 'none'. */
export async function focusRingAfterTab(page: Page): Promise<{ tag: string; outline: string }> {
  await page.keyboard.press('Tab');
  return page.evaluate(`(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { tag: el.tagName, outline: style.outlineStyle === 'none' || style.outlineWidth === '0px' ? 'none' : style.outlineWidth + ' ' + style.outlineStyle };
  })()`);
}

export interface BrowserForum {
  server: TestServer;
  forum: ForumFixture;
  browser: Browser;
  /** The built pages this server serves. */
  webDir: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The session's six-character join code. */
  joinCode: string;
  close(): Promise<void>;
}

/** Pages built, a server serving them over a seeded forum (a LIVE PRE session), and Chromium. */
export async function startBrowserForum(): Promise<BrowserForum> {
  const webDir = await buildTestWeb();
  const server = await startTestServer({}, { webDir });
  const forum = await seedForum(server.app);
  const session = await server.app.database.prisma.forumSession.findUniqueOrThrow({ where: { id: forum.sessionId } });
  const browser = await launchBrowser();
  return {
    server,
    forum,
    browser,
    webDir,
    origin: new URL(server.url).origin,
    joinCode: session.joinCode,
    close: async () => {
      await browser.close();
      await server.close();
      fs.rmSync(webDir, { recursive: true, force: true });
    },
  };
}
