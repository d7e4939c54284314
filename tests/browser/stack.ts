/**
 * The app as `npm start` runs it, for browser tests: a Temporal dev server, the app's worker and the API serving the
 * built UI, on free ports, with deadlines short enough to pass during a test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import pino from 'pino';
import * as activities from '../../activities';
import { createApp } from '../../api/app';
import { loadConfig, type AppConfig } from '../../config/load';
import { TASK_QUEUE } from '../../config/paths';
import { appWorkflowBundle, useTempDataDir } from '../support/app-worker';
import { DevServer } from '../support/dev-server';
import { repoRoot } from '../support/process';

/** What {@link startStack} changes of the demo configuration for a test. */
export interface StackOptions {
  /** The site whose perimeter dispatch deadline is `dispatch`. */
  shortSite: string;
  /** An ISO 8601 duration, e.g. PT3S. */
  dispatch: string;
  adjust?: (config: AppConfig) => void;
}

export interface Stack {
  baseUrl: string;
  /** What the API logged so far (pino JSON lines, level info: a line per request, as `npm start` logs). */
  apiLog(): string;
  stop(): Promise<void>;
}

/** Builds the UI when its build is missing (scripts/test.sh builds it before jest). */
export function ensureUiBuilt(): void {
  if (existsSync(path.join(repoRoot, 'ui', 'dist', 'index.html'))) return;
  execFileSync('npx', ['vite', 'build', 'ui', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
}

/**
 * Starts everything. At `shortSite` the perimeter alarm's dispatch deadline is `dispatch` (a few seconds), so a case
 * left alone escalates to the squad leader within the test; the other sites keep their real policy. `adjust` may change
 * the loaded configuration further before the API starts.
 */
export async function startStack({ shortSite, dispatch, adjust }: StackOptions): Promise<Stack> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  useTempDataDir();
  ensureUiBuilt();
  const server = await DevServer.start();
  const native = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection: await server.connect() });
  const worker = await Worker.create({
    connection: native,
    taskQueue: TASK_QUEUE,
    workflowBundle: await appWorkflowBundle(),
    activities,
  });
  const running = worker.run();
  const config = loadConfig();
  const site = config.sites.get(shortSite)!;
  const perimeter = (site.procedures['perimeter-alarm'] ??= {});
  perimeter.deadlines = { ...perimeter.deadlines, dispatch };
  adjust?.(config);
  const logged: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });
  // Aborted first at stop, as api/server.ts does: open event streams stop polling Temporal before the client closes (a
  // poll still retrying then failed a whole suite once with "Channel has been shut down").
  const closing = new AbortController();
  const app = createApp({ client, config, logger, streamIntervalMs: 300, closing: closing.signal });
  const http: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = http.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiLog: () => logged.join(''),
    async stop() {
      closing.abort();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
      worker.shutdown();
      await running;
      await native.close();
      await client.connection.close();
      await server.dispose();
    },
  };
}

export { apiAs } from '../support/http-api';

/**
 * Goes to `path` inside the app (through its router, as a click on a link would) and waits for `ready` (a selector)
 * to show and for the page's requests to settle (lists and charts fill in after the page's frame).
 */
export async function goInApp(page: Page, path: string, ready: string): Promise<void> {
  await page.evaluate((url) => {
    window.history.pushState({}, '', url);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await page.locator(ready).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
}

/** A test file's app and browser, from {@link useBrowserStack}. */
export interface BrowserStack {
  readonly stack: Stack;
  readonly browser: Browser;
  /**
   * A new browser context (its own cookies and tab storage) signed in through the sign-in page as `username` (demo
   * password), working at `site`. `onConsoleError` hears every console error and page error of it.
   */
  signIn(
    username: string,
    site: string,
    options?: { viewport?: { width: number; height: number }; onConsoleError?: (text: string) => void },
  ): Promise<Page>;
  /** Goes to the case page inside the app (through its router, so the tab keeps its state). */
  openCase(page: Page, caseId: string): Promise<void>;
}

/**
 * Starts the app ({@link startStack}) and Debian's Chromium before a test file's tests and stops both after them (and
 * every context {@link BrowserStack.signIn} opened). Call at the top level of a test file.
 */
export function useBrowserStack(options: StackOptions): BrowserStack {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    stack = await startStack(options);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 180_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  }, 60_000);
  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('useBrowserStack: the app and browser start in beforeAll');
    return value;
  };
  return {
    get stack() {
      return started(stack);
    },
    get browser() {
      return started(browser);
    },
    async signIn(username, site, { viewport = { width: 1366, height: 768 }, onConsoleError } = {}) {
      const context = await started(browser).newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      contexts.push(context);
      const page = await context.newPage();
      if (onConsoleError) {
        page.on('console', (m) => m.type() === 'error' && onConsoleError(m.text()));
        page.on('pageerror', (e) => onConsoleError(e.message));
      }
      await page.goto(started(stack).baseUrl);
      await page.fill('#username', username);
      await page.fill('#password', 'demo123');
      await page.click('button[type=submit]');
      await page.waitForSelector('#site-switch', { state: 'attached' });
      // On a phone the site switch is in the top bar's menu: open it, choose, close it.
      const menu = page.locator('.topbar details.account');
      const folded = (await menu.count()) > 0;
      if (folded) await menu.locator('summary').click();
      await page.selectOption('#site-switch', site);
      if (folded) await menu.locator('summary').click();
      return page;
    },
    async openCase(page, caseId) {
      await page.evaluate(
        (url) => {
          window.history.pushState({}, '', url);
          window.dispatchEvent(new PopStateEvent('popstate'));
        },
        `/cases/${encodeURIComponent(caseId)}`,
      );
    },
  };
}
