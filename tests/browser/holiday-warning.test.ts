import { apiAs, useBrowserStack } from './stack';

/**
 * Issue 15 in the browser: a deadline counted past the holiday data shows a warning beside it, in Chinese and in
 * English. The contractor's rectification notice is given 400 working days (more than a year and a half of its weekdays), so it
 * reaches past the holiday data the repository ships (chinese-days ends on 2026-12-31) from any date of the run.
 */
const SITE = 'jiayi-decoration'; // the home-decoration contractor runs the complaint (version 2, issue 19)
const app = useBrowserStack({
  shortSite: 'xinghe-mall',
  dispatch: 'PT3S',
  adjust: (config) => {
    const complaint = (config.sites.get(SITE)!.procedures.complaint ??= {});
    complaint.deadlines = { ...complaint.deadlines, rectification: '400WD' };
  },
});

test('the case page warns beside a deadline counted past the holiday data, in zh-CN and en', async () => {
  const cs = await apiAs(app.stack.baseUrl, 'cs_agent');
  const opened = await cs.open('complaint', SITE, {
    customer: { name: '张女士', phone: '13800138000' },
    channel: 'phone',
    location: '星河购物中心 B1 超市',
    category: 'workmanship', // complaint v2, the decoration contractor's (issue 19)
    description: '买到的牛奶已过期',
    request: '退货并道歉',
    declinesFollowUp: true,
  });
  const view = (await cs.view(opened.caseId)) as unknown as {
    timers: Array<{ id: string; holidaysUnknownFrom?: string }>;
  };
  expect(view.timers.find((t) => t.id === 'rectification')?.holidaysUnknownFrom).toMatch(/^\d{4}-01-01$/);
  const errors: string[] = [];
  const page = await app.signIn('cs_agent', SITE, { onConsoleError: (text) => errors.push(text) });
  await app.openCase(page, opened.caseId);
  const warning = page.locator('.timers li', { hasText: '整改通知时限' }).locator('.holidays-unknown');
  await warning.waitFor();
  expect(await warning.textContent()).toMatch(/\d{4}年1月1日起的法定节假日安排尚未载入/);
  await page.click('button[lang=en]');
  await page.locator('.holidays-unknown', { hasText: 'Holidays after' }).first().waitFor();
  expect(await page.locator('.holidays-unknown').first().textContent()).toMatch(
    /Holidays after 1 Jan \d{4} are not known yet/,
  );
  expect(errors).toEqual([]);
  await page.context().close();
}, 120_000);
