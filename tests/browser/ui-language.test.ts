import type { Page } from 'playwright-core';
import { loadConfig } from '../../config/load';
import en from '../../ui/src/i18n/en.json';
import zhCN from '../../ui/src/i18n/zh-CN.json';
import { apiAs, goInApp, useBrowserStack } from './stack';

/**
 * Issue 20 point 4 in the browser: every main page (inbox, new case list and form, case page with its diagram,
 * dashboard, reports) in Chinese has no Latin word, and in English no Chinese character, beyond what is data and not
 * UI text: case numbers, what people typed, people's and sites' names (config), and the language switch naming the
 * other language. Visible text, SVG diagram text and the labels screen readers read (aria-label, placeholder, title)
 * are all checked.
 */
const SITE = 'xinghe-mall';
/** The home-decoration contractor: it runs the complaint with the penalty ledger (version 2, issue 19). */
const DECOR = 'jiayi-decoration';
const app = useBrowserStack({ shortSite: SITE, dispatch: 'PT3S' });
const consoleErrors: string[] = [];
afterEach(() => expect(consoleErrors.splice(0)).toEqual([]));

const config = loadConfig();
// Data, not UI text: who people are and where they work, as the configuration names them.
const names = [...config.users.values()].map((u) => u.name).concat([...config.sites.values()].map((s) => s.name));
const typed = [
  'north-wall-3',
  '北墙有人影，疑似翻越',
  '巡逻一组',
  'B1 超市',
  '牛奶过期',
  '退货',
  '又来投诉：仍未退货',
  '张女士',
  '13800138000',
];
// The language switch offers the other language in that language's own words (a reader of only that one finds it).
const languageSwitch = ['English', '中文', en.app.switchLanguage, zhCN.app.switchLanguage];
const caseNumber = /\b[A-Z]{2,4}-\d{8}-\d{4}\b/g;

/** Every string a user sees or hears on the page now (visible text and accessible labels), data taken out. */
async function uiText(page: Page): Promise<string> {
  const text = await page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const el of document.querySelectorAll('svg text, svg foreignObject')) parts.push(el.textContent ?? '');
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]'))
      for (const a of ['aria-label', 'placeholder', 'title']) parts.push(el.getAttribute(a) ?? '');
    return parts.join('\n');
  });
  let left = text.replace(caseNumber, ' ');
  for (const d of [...names, ...typed, ...languageSwitch].sort((a, b) => b.length - a.length))
    left = left.split(d).join(' ');
  return left;
}

/** What in `text` is not of `lang`: Latin words in Chinese, Chinese characters in English. */
function foreignIn(text: string, lang: 'zh-CN' | 'en'): string[] {
  const found =
    lang === 'zh-CN' ? text.match(/[A-Za-z][A-Za-z_-]+/g) : text.match(/[\p{Script=Han}，：；（）。、「」]+/gu);
  return [...new Set(found ?? [])].filter((w) => !allowed[lang].includes(w));
}
// Words that are the same in both languages: file formats and the PDF/CSV buttons that name them.
const allowed = { 'zh-CN': ['PDF', 'CSV'], en: [] as string[] };

test('every main page speaks only the chosen language, Chinese and English', async () => {
  const monitor = await apiAs(app.stack.baseUrl, 'monitor_guard');
  const opened = await monitor.open('perimeter-alarm', SITE, { zone: typed[0], description: typed[1] });
  await monitor.step(opened.caseId, 'patrol_dispatched', { patrol: [typed[2]], squadLeaderInformed: true });
  // A repeat complaint charges a department: the reports page's penalty ledger has a line to say in words.
  const cs = await apiAs(app.stack.baseUrl, 'cs_agent');
  const complaint = await cs.open('complaint', DECOR, {
    customer: { name: '张女士', phone: '13800138000' },
    channel: 'phone',
    location: typed[3],
    category: 'workmanship', // complaint v2, the decoration contractor's (issue 19)
    description: typed[4],
    request: typed[5],
    declinesFollowUp: true,
  });
  await cs.step(complaint.caseId, 'repeat_complaint_received', {
    channel: 'phone',
    description: typed[6],
    reason: 'unresolved',
    department: 'store_operations',
  });
  // Proposed by customer service, confirmed by the manager: only then is it in the ledger (issue 19).
  const manager = await apiAs(app.stack.baseUrl, 'dept_manager');
  await manager.step(complaint.caseId, 'penalty_confirmed', { penalty: 1, confirmed: true });
  const guard = await app.signIn('squad_leader', SITE, { onConsoleError: (text) => consoleErrors.push(text) });
  // The ledger is the contractor's: its reports page, read by the manager there.
  const desk = await app.signIn('dept_manager', DECOR, { onConsoleError: (text) => consoleErrors.push(text) });
  const pages = [
    [guard, '/', '.inbox-item .mine [role=timer]'],
    [guard, '/new', 'main .step-buttons button'],
    [guard, '/new/perimeter-alarm', '#intake-zone'],
    [guard, `/cases/${encodeURIComponent(opened.caseId)}`, '[data-testid=diagram] svg'],
    [guard, '/dashboard', '.chart canvas'],
    [desk, '/reports', '.ledger-lines li'],
  ] as const;
  const problems: string[] = [];
  for (const lang of ['zh-CN', 'en'] as const) {
    if (lang === 'en') {
      for (const page of [guard, desk]) {
        await page.click('button[lang=en]');
        await page.locator('nav a', { hasText: 'Inbox' }).waitFor();
      }
    }
    for (const [page, path, ready] of pages) {
      await goInApp(page, path, ready);
      const foreign = foreignIn(await uiText(page), lang);
      if (foreign.length) problems.push(`${lang} ${path}: ${foreign.join(' | ')}`);
      // The step sheet too: the form's labels, choices, hints and buttons.
      const step = page.locator('button.step:not([disabled])').first();
      if (path.startsWith('/cases/') && (await step.count())) {
        await step.click();
        await page.waitForSelector('[role=dialog]');
        const inSheet = foreignIn(await uiText(page), lang);
        if (inSheet.length) problems.push(`${lang} ${path} step sheet: ${inSheet.join(' | ')}`);
        await page.click('[role=dialog] button.secondary');
        await page.waitForSelector('[role=dialog]', { state: 'detached' });
      }
    }
  }
  expect(problems).toEqual([]);
}, 180_000);
