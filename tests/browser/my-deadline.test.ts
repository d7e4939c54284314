import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/process';
import { waitFor } from '../support/wait';
import { apiAs, useBrowserStack } from './stack';

/**
 * Issue 20 point 3 in the browser: a patrol guard sees the deadline of HIS step first — the 5-minute arrival, counting
 * down — not the monitor's 1-minute dispatch, which has passed and escalated (here 3 s, so it passes during the test).
 * On the inbox card and at the top of the case page; on the case page it stays in view at every scroll position and
 * with the step sheet open, on a 375×812 phone and a 1366×768 desktop.
 */
const SITE = 'xinghe-mall';
const phone = { width: 375, height: 812 };
const desktop = { width: 1366, height: 768 };
const shots = path.join(repoRoot, 'test-artifacts', 'screenshots');
const docs = path.join(repoRoot, 'docs', 'screenshots');

const app = useBrowserStack({ shortSite: SITE, dispatch: 'PT3S' });
const consoleErrors: string[] = [];
beforeAll(() => mkdirSync(shots, { recursive: true }));
afterEach(() => expect(consoleErrors.splice(0)).toEqual([]));

// The patrol's own countdown, in words: minutes left of five (「剩余 4分钟52秒」 while the test runs), never overdue.
const ownCountdown = /^剩余 [1-4]分钟(\d{1,2}秒)?$/;

/** Where the banner is and whether it is the topmost thing at its middle (not under the sheet's shade). */
async function bannerSeen(page: Page) {
  return page.evaluate(() => {
    const banner = document.querySelector<HTMLElement>('[data-testid=my-deadline]')!;
    const r = banner.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      top: r.top,
      bottom: r.bottom,
      viewport: window.innerHeight,
      onTop: hit !== null && banner.contains(hit),
      scrollY: window.scrollY,
      scrollable: document.documentElement.scrollHeight - window.innerHeight,
    };
  });
}

/** Scrolls the page top to bottom in five steps; at each the banner is wholly in view and nothing covers it. */
async function expectBannerAtEveryScroll(page: Page, what: string) {
  const scrollable = (await bannerSeen(page)).scrollable;
  expect(scrollable).toBeGreaterThan(0); // the page is longer than the screen: the test scrolls for real
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    await page.evaluate((y) => window.scrollTo(0, y), Math.round(scrollable * share));
    const seen = await bannerSeen(page);
    const where = `${what}, scrolled to ${seen.scrollY}/${scrollable}`;
    expect({ where, inView: seen.top >= 0 && seen.bottom <= seen.viewport, onTop: seen.onTop }).toEqual({
      where,
      inView: true,
      onTop: true,
    });
    await expect(page.locator('[data-testid=my-deadline] [role=timer]').textContent()).resolves.toMatch(ownCountdown);
  }
}

test('the patrol guard’s own 5-minute arrival is counted down on his inbox card, not the overdue dispatch', async () => {
  const monitor = await apiAs(app.stack.baseUrl, 'monitor_guard');
  const opened = await monitor.open('perimeter-alarm', SITE, { zone: 'north-wall-3', description: '北墙有人影' });
  await waitFor(async () => (await monitor.view(opened.caseId)).escalations.length > 0, {
    timeoutMs: 30_000,
    what: 'the dispatch deadline to pass',
  });

  const patrol = await app.signIn('patrol_guard', SITE, {
    viewport: phone,
    onConsoleError: (text) => consoleErrors.push(text),
  });
  const card = patrol.locator(`li[data-case="${opened.caseId}"]`);
  await card.locator('.mine[data-timer]').waitFor({ timeout: 20_000 });
  await expect(card.locator('.mine').getAttribute('data-timer')).resolves.toBe('patrol_arrival');
  await expect(card.locator('.mine [role=timer]').textContent()).resolves.toMatch(ownCountdown);
  // The monitor's dispatch is below, as someone else's and overdue, not as the card's countdown.
  const dispatch = card.locator('.other-deadlines li[data-timer="dispatch"]');
  await expect(dispatch.textContent()).resolves.toMatch(/已超时/);
  await expect(dispatch.textContent()).resolves.toContain('监控岗');
  expect(await card.locator('[role=timer]').count()).toBe(1);
  // Nor does the card turn red over the whole of it: the guard's own minutes still run.
  await expect(card.getAttribute('class')).resolves.not.toContain('overdue');
  expect(await card.locator('.tags .badge.overdue').count()).toBe(0);
  await patrol.screenshot({ path: path.join(docs, 'inbox-phone.png'), fullPage: true });

  // The case page, top to bottom and with the sheet open: on the phone, then on a desktop.
  await card.locator('a').click();
  await patrol.locator('[data-testid=diagram] svg').waitFor({ timeout: 30_000 });
  const banner = patrol.locator('[data-testid=my-deadline]');
  await expect(banner.getAttribute('data-timer')).resolves.toBe('patrol_arrival');
  await expect(banner.textContent()).resolves.toContain('巡逻岗到场');
  for (const [name, viewport] of [
    ['phone', phone],
    ['desktop', desktop],
  ] as const) {
    await patrol.setViewportSize(viewport);
    await patrol.evaluate(() => window.scrollTo(0, 0));
    await expectBannerAtEveryScroll(patrol, `${name}, sheet closed`);
    await patrol.evaluate(() => window.scrollTo(0, 0));
    await patrol.click('button.step[data-event="patrol_arrived"]');
    await patrol.waitForSelector('[role=dialog]');
    await expectBannerAtEveryScroll(patrol, `${name}, sheet open`);
    // The sheet itself is whole below the banner: its submit button can be reached.
    const sheet = (await patrol.locator('[role=dialog]').boundingBox())!;
    const seen = await bannerSeen(patrol);
    expect(sheet.y).toBeGreaterThanOrEqual(seen.bottom);
    await patrol.screenshot({ path: path.join(shots, `my-deadline-sheet-${name}.png`) });
    await patrol.click('[role=dialog] button.secondary');
    await patrol.waitForSelector('[role=dialog]', { state: 'detached' });
  }
}, 180_000);
