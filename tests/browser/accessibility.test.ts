import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { waitFor } from '../support/wait';
import { apiAs, goInApp, useBrowserStack } from './stack';

/**
 * Issue 20 point 7: every main page passes axe-core (no serious or critical violation: WCAG 2 A/AA contrast, labels,
 * roles) on a 375×812 phone and a 1366×768 desktop, the case page also with its step sheet open; on the phone every
 * control is at least 44 px high and wide, the top bar is compact, an escalation waiting for me and its 确认收到 button
 * are at the top of the case page; the step sheet keeps Tab inside itself and gives focus back on close.
 */
const SITE = 'xinghe-mall';
const phone = { width: 375, height: 812 };
const desktop = { width: 1366, height: 768 };

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const app = useBrowserStack({ shortSite: SITE, dispatch: 'PT3S' });
const consoleErrors: string[] = [];
afterEach(() => expect(consoleErrors.splice(0)).toEqual([]));

/** A perimeter case at SITE left alone until its dispatch deadline escalated to the squad leader, and the squad leader
 * signed in on a phone. */
async function escalatedCase(zone: string, description: string) {
  const monitor = await apiAs(app.stack.baseUrl, 'monitor_guard');
  const opened = await monitor.open('perimeter-alarm', SITE, { zone, description });
  await waitFor(async () => (await monitor.view(opened.caseId)).escalations.length > 0, {
    timeoutMs: 30_000,
    what: 'the dispatch deadline to pass and escalate to the squad leader',
  });
  const page = await app.signIn('squad_leader', SITE, {
    viewport: phone,
    onConsoleError: (text) => consoleErrors.push(text),
  });
  return { opened, page };
}

/** axe-core's serious and critical violations on the page as it is, one line each: rule, impact, where. */
async function axeProblems(page: Page): Promise<string[]> {
  // Through the DevTools protocol, not a <script> tag: the app's Content-Security-Policy forbids inline scripts.
  await page.evaluate(axeSource);
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document): Promise<unknown> } }).axe.run(document),
  )) as AxeResults;
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1] ?? ''}`),
    );
}

/**
 * Controls smaller than 44×44 px in view of the page (links inside running text excepted, as WCAG 2.5.8 does; a radio
 * or checkbox counts as its label, which is what a finger presses).
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'button, select, input:not([type=hidden]), textarea, summary, [role=button], a[href]',
    );
    for (const control of controls) {
      if (control.matches('a') && control.closest('p, dd, li.entry')) continue;
      const target = control.matches('input[type=radio], input[type=checkbox], input[type=file]')
        ? (control.closest('label') ?? document.querySelector<HTMLElement>(`label[for="${control.id}"]`))
        : control;
      if (!target) continue;
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown
      if (getComputedStyle(target).visibility === 'hidden' || target.closest('.visually-hidden')) continue;
      if (r.height < 44 || r.width < 44) {
        const name = (target.getAttribute('aria-label') ?? target.textContent ?? '').trim().slice(0, 20);
        small.push(
          `${target.tagName.toLowerCase()}.${target.className} «${name}» ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
      }
    }
    return small;
  });
}

test('every page has no serious accessibility problem and finger-sized controls, on a phone and a desktop', async () => {
  const { opened, page } = await escalatedCase('north-wall-3', '北墙有人影');
  const casePath = `/cases/${encodeURIComponent(opened.caseId)}`;
  const pages = [
    ['/', '.inbox-item .mine [role=timer]'],
    ['/new', 'main .step-buttons button'],
    ['/new/perimeter-alarm', '#intake-zone'],
    [casePath, '[data-testid=diagram] svg'],
    ['/dashboard', '.chart canvas'],
    ['/reports', 'main table'],
  ] as const;
  const problems: string[] = [];
  for (const [name, viewport] of [
    ['phone', phone],
    ['desktop', desktop],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const [path, ready] of pages) {
      await goInApp(page, path, ready);
      for (const p of await axeProblems(page)) problems.push(`${name} ${path}: ${p}`);
      if (name === 'phone') for (const s of await smallTargets(page)) problems.push(`${name} ${path}: small ${s}`);
      if (path === casePath) {
        await page.click('button.step:not([disabled])');
        await page.waitForSelector('[role=dialog]');
        for (const p of await axeProblems(page)) problems.push(`${name} ${path} (sheet): ${p}`);
        if (name === 'phone')
          for (const s of await smallTargets(page)) problems.push(`${name} ${path} (sheet): small ${s}`);
        await page.keyboard.press('Escape');
        await page.waitForSelector('[role=dialog]', { state: 'detached' });
      }
    }
  }
  expect(problems).toEqual([]);
}, 240_000);

test('on the phone the top bar is compact and the escalation waiting for me is at the top with 确认收到', async () => {
  const { opened, page } = await escalatedCase('east-gate', '东门报警');
  const bar = (await page.locator('header.topbar').boundingBox())!;
  expect(bar.height).toBeLessThanOrEqual(100);
  await goInApp(page, `/cases/${encodeURIComponent(opened.caseId)}`, '[data-testid=diagram] svg');
  await page.evaluate(() => window.scrollTo(0, 0));
  const alert = page.locator('[data-testid=escalation-alert]');
  const ack = alert.locator('button', { hasText: '确认收到' });
  const box = (await ack.boundingBox())!;
  // Whole in the first screen, above the diagram.
  expect(box.y + box.height).toBeLessThanOrEqual(phone.height);
  const diagram = (await page.locator('[data-testid=diagram]').boundingBox())!;
  expect(box.y).toBeLessThan(diagram.y);
  await ack.click();
  await alert.waitFor({ state: 'detached' });
  await expect(page.locator('.timeline .escalation').first().textContent()).resolves.toMatch(/已于.*确认/);
}, 120_000);

test('the step sheet keeps Tab inside itself and gives focus back to the step button on close', async () => {
  const monitor = await apiAs(app.stack.baseUrl, 'monitor_guard');
  const opened = await monitor.open('perimeter-alarm', SITE, { zone: 'south-gate', description: '南门报警' });
  const page = await app.signIn('patrol_guard', SITE, {
    viewport: phone,
    onConsoleError: (text) => consoleErrors.push(text),
  });
  await goInApp(page, `/cases/${encodeURIComponent(opened.caseId)}`, 'button.step[data-event="patrol_arrived"]');
  const opener = page.locator('button.step[data-event="patrol_arrived"]');
  await opener.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('[role=dialog]');
  const inDialog = () => page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'));
  const focusables = await page
    .locator('[role=dialog]')
    .locator('button:not([disabled]), input:not([disabled]), select, textarea')
    .count();
  expect(focusables).toBeGreaterThan(1);
  // Forwards past the last control and backwards past the first: focus never leaves the sheet.
  for (let i = 0; i < focusables + 2; i++) {
    await page.keyboard.press('Tab');
    expect(await inDialog()).toBe(true);
  }
  for (let i = 0; i < focusables + 2; i++) {
    await page.keyboard.press('Shift+Tab');
    expect(await inDialog()).toBe(true);
  }
  await page.keyboard.press('Escape');
  await page.waitForSelector('[role=dialog]', { state: 'detached' });
  // focus-trap gives focus back just after it lets go of the sheet (a task later), so wait for it rather than look once.
  const backOn = await page
    .waitForFunction(() => document.activeElement?.getAttribute('data-event') === 'patrol_arrived', null, {
      timeout: 5_000,
    })
    .then(
      () => 'patrol_arrived',
      () => page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120) ?? 'nothing'),
    );
  expect(backOn).toBe('patrol_arrived');
}, 120_000);
