import type { Page } from 'playwright-core';
import { apiAs, goInApp, useBrowserStack } from './stack';

/**
 * Issue 20 point 5: a procedure's chart can be read on a 375 px phone. Its smallest text is at least 12 px as the page
 * opens (measured: computed font size × the drawn scale), it zooms with buttons and pans inside its frame, the legend
 * stays in view above the frame, and the complaint's chart — too large to take in on any screen — comes with the
 * steps so far and the next steps in words.
 */
const SITE = 'xinghe-mall';
// The complaint runs at the home-decoration contractor (version 2, issue 19).
const DECOR_SITE = 'jiayi-decoration';
const phone = { width: 375, height: 812 };
const desktop = { width: 1366, height: 768 };

const app = useBrowserStack({ shortSite: SITE, dispatch: 'PT1H' });
const consoleErrors: string[] = [];
afterEach(() => expect(consoleErrors.splice(0)).toEqual([]));

/** The drawn chart: its smallest label in CSS px as shown, its zoom, and its frame's and its own widths. */
async function chartOf(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('[data-testid=diagram] svg')!;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('text, tspan, foreignObject div, foreignObject span')]
      .filter((el) => (el.textContent ?? '').trim() !== '')
      .map((el) => parseFloat(getComputedStyle(el).fontSize) * scale);
    const frame = document.querySelector<HTMLElement>('.diagram-frame')!;
    return {
      labels: sizes.length,
      smallest: Math.min(...sizes),
      zoom: Number(document.querySelector('.diagram')!.getAttribute('data-zoom')),
      frameWidth: frame.clientWidth,
      chartWidth: svg.getBoundingClientRect().width,
    };
  });
}

async function signIn(username: string, viewport = phone, site = SITE) {
  return app.signIn(username, site, { viewport, onConsoleError: (text) => consoleErrors.push(text) });
}

test('the perimeter chart on a phone: text of 12 px or more, zoom, pan, the legend in view', async () => {
  const monitor = await apiAs(app.stack.baseUrl, 'monitor_guard');
  const opened = await monitor.open('perimeter-alarm', SITE, { zone: 'north-wall-3', description: '北墙有人影' });
  const page = await signIn('monitor_guard');
  await goInApp(page, `/cases/${encodeURIComponent(opened.caseId)}`, '[data-testid=diagram] svg');
  await page.waitForSelector('.diagram[data-zoom]');
  const opening = await chartOf(page);
  expect(opening.labels).toBeGreaterThan(5);
  expect(opening.smallest).toBeGreaterThanOrEqual(12);
  // Wider than the phone: it pans inside its frame, by finger or keyboard.
  expect(opening.chartWidth).toBeGreaterThan(opening.frameWidth);
  const frame = page.locator('.diagram-frame');
  await frame.focus();
  const before = await frame.evaluate((f) => f.scrollLeft);
  await frame.evaluate((f) => (f.scrollLeft += 200));
  expect(await frame.evaluate((f) => f.scrollLeft)).toBeGreaterThan(before);
  // Zoom in and out, and back to the opening size.
  await page.click('.legend .zoom button:has-text("+")');
  const bigger = await chartOf(page);
  expect(bigger.zoom).toBeCloseTo(opening.zoom * 1.25, 2);
  expect(bigger.chartWidth).toBeGreaterThan(opening.chartWidth * 1.2);
  await page.click('.legend .zoom button:has-text("原始大小")');
  await page.click('.legend .zoom button:has-text("−")');
  expect((await chartOf(page)).zoom).toBeLessThan(opening.zoom);
  // The legend and the whole frame are on the screen together, below the sticky deadline banner, once the page is
  // scrolled to the chart: nothing covers the legend.
  const seen = await page.evaluate(() => {
    const legend = document.querySelector<HTMLElement>('.diagram .legend')!;
    const banner = document.querySelector<HTMLElement>('[data-testid=my-deadline]');
    window.scrollBy(0, legend.getBoundingClientRect().top - (banner?.getBoundingClientRect().bottom ?? 0));
    const r = legend.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + 10, r.top + r.height / 2);
    return { legendOnTop: hit !== null && legend.contains(hit), frameBottom: frame() };
    function frame() {
      return document.querySelector('.diagram-frame')!.getBoundingClientRect().bottom;
    }
  });
  expect(seen.legendOnTop).toBe(true);
  expect(seen.frameBottom).toBeLessThanOrEqual(phone.height);
  // Version 2's chart (the police wait, the reports by role) is large enough that the steps so far and next are also
  // given in words beside it.
  expect(await page.locator('.steps-summary').count()).toBe(1);
}, 120_000);

test('the complaint chart: readable text on a phone and a desktop, and the steps so far and next in words', async () => {
  const cs = await apiAs(app.stack.baseUrl, 'cs_agent');
  const complaint = await cs.open('complaint', DECOR_SITE, {
    customer: { name: '张女士', phone: '13800138000' },
    channel: 'phone',
    location: '一楼服务台',
    category: 'workmanship', // complaint v2, the decoration contractor's (issue 19)
    description: '买到的牛奶过期',
    request: '退款',
    declinesFollowUp: true,
  });
  const page = await signIn('cs_agent', phone, DECOR_SITE);
  for (const viewport of [phone, desktop]) {
    await page.setViewportSize(viewport);
    await goInApp(page, '/', '#inbox-title');
    await goInApp(page, `/cases/${encodeURIComponent(complaint.caseId)}`, '[data-testid=diagram] svg');
    await page.waitForSelector('.diagram[data-zoom]');
    expect((await chartOf(page)).smallest).toBeGreaterThanOrEqual(12);
    const summary = page.locator('.steps-summary');
    await summary.waitFor();
    await expect(summary.locator('.path li').first().textContent()).resolves.toContain('立案');
    await expect(summary.locator('.path .current').textContent()).resolves.toMatch(/^当前：/);
    expect(await summary.locator('.next li').count()).toBeGreaterThan(0);
    // The summary comes before the chart, on the first screen of the chart's card.
    const sBox = (await summary.boundingBox())!;
    const cBox = (await page.locator('.diagram-frame').boundingBox())!;
    expect(sBox.y).toBeLessThan(cBox.y);
  }
}, 120_000);
