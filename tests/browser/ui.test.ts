import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/process';
import { waitFor } from '../support/wait';
import { apiAs, useBrowserStack } from './stack';

/**
 * The staff UI in Debian's Chromium against the whole app (dev server, worker, API serving ui/dist): the perimeter
 * alarm from the monitoring room to the patrol's phone, an escalation acknowledged by the squad leader, a complaint
 * closed, and the store-theft female-staff rule shown as a disabled step. Any console error fails the test.
 */
const shots = path.join(repoRoot, 'test-artifacts', 'screenshots');
const phone = { width: 375, height: 812 };
const desktop = { width: 1366, height: 768 };
const docs = path.join(repoRoot, 'docs', 'screenshots');
const SHORT_SITE = 'xinghe-mall';
// The complaint runs at the home-decoration contractor (version 2, 客诉规则 1–14, issue 19).
const DECOR_SITE = 'jiayi-decoration';

const app = useBrowserStack({ shortSite: SHORT_SITE, dispatch: 'PT3S' });
const consoleErrors: string[] = [];
beforeAll(() => mkdirSync(shots, { recursive: true }));

afterEach(() => {
  const errors = consoleErrors.splice(0);
  expect(errors).toEqual([]);
});

/** A fresh browser session signed in as `username`, working at `site`; its console errors fail the test. */
const signIn = (username: string, site: string, viewport = desktop): Promise<Page> =>
  app.signIn(username, site, { viewport, onConsoleError: (text) => consoleErrors.push(`[${username}] ${text}`) });

const caseIdOf = (page: Page) => decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);

async function submitStep(page: Page, event: string, fill?: () => Promise<void>) {
  await page.click(`button.step[data-event="${event}"]:not([disabled])`);
  await page.waitForSelector('[role=dialog]');
  await fill?.();
  await page.click('[role=dialog] button[type=submit]');
  await page.waitForSelector('[role=dialog]', { state: 'detached' });
}

async function waitForDiagram(page: Page) {
  await page.waitForSelector('[data-testid=diagram] svg', { timeout: 30_000 });
}

let perimeterCase = '';

test('the monitoring guard opens a perimeter case; the patrol sees it with a countdown and steps it', async () => {
  // The patrol's inbox is open before the alarm: the case must arrive through the event stream, without a reload.
  const patrol = await signIn('patrol_guard', 'chengshi-garden', phone);
  await patrol.locator('.stream.live').waitFor({ timeout: 20_000 });
  const monitor = await signIn('monitor_guard', 'chengshi-garden');
  await monitor.click('nav a[href="/new"]');
  await monitor.click('text=周界报警');
  await monitor.click('button[type=submit]'); // empty: the zone is required
  await monitor.waitForSelector('#intake-zone-error');
  await monitor.fill('#intake-zone', 'north-wall-3');
  await monitor.fill('#intake-description', '北墙 3 号防区红外对射报警,画面中有人影靠近围墙');
  await monitor.click('button[type=submit]');
  await monitor.waitForURL(/\/cases\//);
  perimeterCase = caseIdOf(monitor);
  await monitor.waitForSelector('.case-header .number');

  const item = patrol.locator(`li[data-case="${perimeterCase}"]`);
  await item.waitFor({ timeout: 20_000 });
  await expect(item.locator('[role=timer]').textContent()).resolves.toMatch(/剩余 (\d+分钟)?(\d+秒)?|已超时/);
  await patrol.screenshot({ path: path.join(shots, 'inbox-phone.png'), fullPage: true });
  await item.locator('a').click();
  await submitStep(patrol, 'patrol_arrived');
  await patrol.locator('.timeline li', { hasText: '巡逻' }).first().waitFor();
  await waitForDiagram(patrol);
  await patrol.screenshot({ path: path.join(shots, 'case-view-patrol-phone.png'), fullPage: true });

  // A wrong verdict form shows its errors inline and sends nothing.
  await patrol.click('button.step[data-event="verdict_given"]');
  await patrol.selectOption('#step-verdict_given-verdict', 'false_alarm');
  await patrol.click('[role=dialog] button[type=submit]');
  await patrol.waitForSelector('#step-verdict_given-cause-error');
  await patrol.click('[role=dialog] button.secondary');

  // What a case view downloads, gzip-compressed: the app, then Mermaid and ELK on demand.
  const scripts = new Set<string>();
  monitor.on('response', (r) => {
    if (/\/assets\/.+\.js$/.test(r.url())) scripts.add(new URL(r.url()).pathname);
  });
  await monitor.reload();
  await waitForDiagram(monitor);
  const gzipOf = (p: string) => gzipSync(readFileSync(path.join(repoRoot, 'ui', 'dist', p))).length;
  const sizes = [...scripts].map((p) => ({ file: p, gzip: gzipOf(p) }));
  writeFileSync(
    path.join(shots, '..', 'bundle-size.json'),
    JSON.stringify({ caseViewGzipBytes: sizes.reduce((n, s) => n + s.gzip, 0), scripts: sizes }, null, 2),
  );
  // What was reported is on the page, in words: the zone, the monitor's description, who opened it.
  const intake = monitor.locator('section.intake');
  await expect(intake.textContent()).resolves.toContain('报警防区north-wall-3');
  await expect(intake.textContent()).resolves.toContain('画面中有人影靠近围墙');
  await expect(intake.textContent()).resolves.toContain('监控岗 赵强（监控岗）');
  await monitor.locator('.timeline li[data-event="patrol_arrived"]', { hasText: '巡逻岗 孙伟' }).waitFor();
  await monitor.screenshot({ path: path.join(shots, 'case-view-desktop.png'), fullPage: true });
  // The chart (perimeter v2's is wide) scrolls in its frame: the page is never wider than the screen, and the side
  // column with the timeline keeps room to be read.
  const widths = await monitor.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: window.innerWidth,
    timeline: document.querySelector('.timeline')!.getBoundingClientRect().width,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.screen);
  expect(widths.timeline).toBeGreaterThanOrEqual(250);

  // The procedure's printable documents are linked from the case (the token rides in the link, as for downloads).
  const pdf = await monitor.locator('.documents a').first().getAttribute('href');
  const printed = await monitor.request.get(`${app.stack.baseUrl}${pdf}`);
  expect(printed.status()).toBe(200);
  expect(printed.headers()['content-type']).toContain('application/pdf');
});

test('on a 375 px phone the monitor answers 监控发现有人翻墙进入 with 否 and the case page shows it in words', async () => {
  const monitor = await signIn('monitor_guard', 'chengshi-garden', phone);
  await monitor.goto(`${app.stack.baseUrl}/cases/${encodeURIComponent(perimeterCase)}`);
  await monitor.locator('section.intake').waitFor();
  await submitStep(monitor, 'cameras_tracked', async () => {
    await monitor.click('[role=dialog] button[type=submit]');
    await expect(monitor.locator('#step-cameras_tracked-climbingSeen-error').textContent()).resolves.toBe(
      '请选择“是”或“否”',
    );
    await monitor.screenshot({ path: path.join(shots, 'step-yesno-phone.png') });
    const no = monitor.locator('#step-cameras_tracked-climbingSeen-no');
    // A touch target the thumb can hit: the whole 否 choice, not only the radio dot.
    const box = (await monitor.locator('label[for="step-cameras_tracked-climbingSeen-no"]').boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    await no.check();
    await monitor.fill('#step-cameras_tracked-note', '监控未见异常人员');
  });
  const tracked = monitor.locator('.timeline li[data-event="cameras_tracked"]');
  await tracked.waitFor();
  await expect(tracked.textContent()).resolves.toContain('监控发现有人翻墙进入否');
  await expect(tracked.textContent()).resolves.toContain('监控岗 赵强（监控岗）');
  await expect(monitor.locator('section.intake').textContent()).resolves.toContain('north-wall-3');
  await monitor.locator('.timeline li[data-event="patrol_arrived"]').scrollIntoViewIfNeeded();
  await waitForDiagram(monitor);
  await monitor.screenshot({ path: path.join(shots, 'case-view-phone.png'), fullPage: true });
  copyFileSync(path.join(shots, 'case-view-phone.png'), path.join(docs, 'case-view-phone.png'));
  // The README's picture: the same case on a 1366×768 desktop.
  await monitor.setViewportSize(desktop);
  await waitForDiagram(monitor);
  await monitor.screenshot({ path: path.join(docs, 'case-view.png'), fullPage: true });
});

test('a missed deadline escalates to the squad leader, who sees it in the inbox and acknowledges it', async () => {
  const monitor = await apiAs(app.stack.baseUrl, 'monitor_guard');
  const opened = await monitor.open('perimeter-alarm', SHORT_SITE, { zone: 'east-gate-1' });
  await waitFor(async () => (await monitor.view(opened.caseId)).escalations.length > 0, {
    timeoutMs: 30_000,
    what: 'the dispatch escalation',
  });

  const leader = await signIn('squad_leader', SHORT_SITE, phone);
  const item = leader.locator(`li[data-case="${opened.caseId}"]`);
  await item.waitFor({ timeout: 20_000 });
  await item.locator('.badge.escalated').waitFor();
  await expect(item.locator('[role=timer]').textContent()).resolves.toMatch(/已超时/);
  await leader.screenshot({ path: path.join(shots, 'inbox-escalated-phone.png'), fullPage: true });

  await leader.click('nav a[href="/dashboard"]');
  const ack = leader.locator('.acks button', { hasText: opened.number });
  await ack.waitFor({ timeout: 20_000 });
  await leader.locator('.chart canvas').first().waitFor();
  await leader.screenshot({ path: path.join(shots, 'dashboard-phone.png'), fullPage: true });
  await leader.setViewportSize(desktop);
  await leader.screenshot({ path: path.join(shots, 'dashboard-desktop.png'), fullPage: true });
  copyFileSync(path.join(shots, 'dashboard-desktop.png'), path.join(docs, 'dashboard.png'));
  // Each chart's axes say what and in which unit, in the UI's language (the canvas itself has no text to read).
  const axes = () =>
    leader.$$eval('.chart', (charts) =>
      charts.map((c) => [c.getAttribute('data-axis-x'), c.getAttribute('data-axis-y')]),
    );
  expect(await axes()).toEqual([
    ['月份', '超时率（%）'],
    ['月份', '平均用时（分钟）'],
  ]);
  await expect(leader.locator('.chart canvas').first().getAttribute('aria-label')).resolves.toMatch(
    /纵轴：超时率（%）/,
  );
  await leader.click('button[lang=en]');
  await leader.locator('h1', { hasText: 'Dashboard' }).waitFor();
  await leader.waitForFunction(() => document.querySelector('.chart')?.getAttribute('data-axis-x') === 'Month');
  expect(await axes()).toEqual([
    ['Month', 'Overdue rate (%)'],
    ['Month', 'Average time (minutes)'],
  ]);
  // The escalation's why, written by the API in the caller's language, is fetched again in English.
  await leader.waitForFunction(() => !/\p{Script=Han}/u.test(document.querySelector('.acks')?.textContent ?? ''));
  await leader.screenshot({ path: path.join(shots, 'dashboard-desktop-en.png'), fullPage: true });
  await leader.click('button[lang=zh-CN]');
  await leader.locator('h1', { hasText: '管理看板' }).waitFor();
  await ack.click();
  await ack.waitFor({ state: 'detached', timeout: 20_000 });

  await leader.goto(`${app.stack.baseUrl}/cases/${encodeURIComponent(opened.caseId)}`);
  // The acknowledgement names the person, not their login id.
  await leader.locator('.timeline .escalation', { hasText: '保安班长 郑军已于' }).first().waitFor();
  expect(await leader.locator('.timeline .escalation', { hasText: 'squad_leader' }).count()).toBe(0);
  await leader.click('nav a[href="/"]');
  await leader.waitForSelector('#inbox-title');
  await leader.screenshot({ path: path.join(shots, 'inbox-desktop.png'), fullPage: true });
});

let complaintCase = '';

test('a complaint registered; the manager sees who complained and about what, and answers 需上门协商 with 否', async () => {
  const agent = await signIn('cs_agent', DECOR_SITE);
  await agent.goto(`${app.stack.baseUrl}/new/complaint`);
  await agent.fill('#intake-customer-name', '张女士');
  await agent.fill('#intake-customer-phone', '13800138000');
  await agent.selectOption('#intake-channel', 'phone');
  // Complaint v2, the home-decoration contractor's (issue 19).
  await agent.fill('#intake-location', '星河湾 3 栋 1201');
  await agent.selectOption('#intake-category', 'workmanship');
  await agent.fill('#intake-description', '买到的牛奶已过期');
  await agent.fill('#intake-request', '退货并道歉');
  await agent.check('#intake-declinesFollowUp-yes');
  await agent.click('button[type=submit]');
  await agent.waitForURL(/\/cases\//);
  const caseId = caseIdOf(agent);
  complaintCase = caseId;

  const cs = await apiAs(app.stack.baseUrl, 'cs_agent');
  await cs.step(caseId, 'record_confirmed', { readBack: true });

  // The manager, on a desktop, sees who complained and about what, and answers 需上门协商 with 否.
  const desk = await signIn('dept_manager', DECOR_SITE);
  await desk.goto(`${app.stack.baseUrl}/cases/${encodeURIComponent(caseId)}`);
  const intake = desk.locator('section.intake');
  await intake.waitFor();
  for (const fact of [
    '张女士',
    '13800138000',
    '买到的牛奶已过期',
    '退货并道歉',
    '电话',
    '施工质量',
    '客服 小李（客服）',
  ])
    await expect(intake.textContent()).resolves.toContain(fact);
  // Who owns the complaint (the view's owner, named by the procedure): the department manager, in words.
  await expect(desk.locator('.case-header .facts').textContent()).resolves.toContain('负责部门经理');
  await submitStep(desk, 'customer_contacted', async () => {
    await desk.selectOption('#step-customer_contacted-method', 'phone');
    await desk.fill('#step-customer_contacted-summary', '已致歉,约定今日内退货');
    await desk.selectOption('#step-customer_contacted-severity', 'normal');
    // Unanswered, the yes/no is refused in Chinese before anything is sent.
    await desk.click('[role=dialog] button[type=submit]');
    await expect(desk.locator('#step-customer_contacted-onSiteVisitNeeded-error').textContent()).resolves.toBe(
      '请选择“是”或“否”',
    );
    await desk.check('#step-customer_contacted-onSiteVisitNeeded-no');
  });
  const contacted = desk.locator('.timeline li[data-event="customer_contacted"]');
  await contacted.waitFor();
  await expect(contacted.textContent()).resolves.toContain('需上门协商否');
  await expect(contacted.textContent()).resolves.toContain('部门经理 王经理（部门经理）');
  await expect(contacted.textContent()).resolves.toContain('投诉等级一般');
  await desk.locator('.timeline li[data-event="record_confirmed"]', { hasText: '已向客户复述登记内容是' }).waitFor();
  await desk.screenshot({ path: path.join(shots, 'complaint-case-desktop.png'), fullPage: true });
  // The same facts in English with the switch.
  await desk.click('button[lang=en]');
  await desk.locator('section.intake h2', { hasText: 'What was reported' }).waitFor();
  await expect(desk.locator('section.intake').textContent()).resolves.toContain('Customer');
  await expect(contacted.textContent()).resolves.toContain('On-site visit neededNo');
  await desk.click('button[lang=zh-CN]');
  await desk.locator('section.intake h2', { hasText: '报案内容' }).waitFor();
}, 180_000);

test('the complaint carried to its close', async () => {
  const caseId = complaintCase;
  const agent = await signIn('cs_agent', DECOR_SITE);
  await agent.goto(`${app.stack.baseUrl}/cases/${encodeURIComponent(caseId)}`);
  const cs = await apiAs(app.stack.baseUrl, 'cs_agent');
  const qc = await apiAs(app.stack.baseUrl, 'qc_inspector');
  await qc.step(caseId, 'rectification_issued', {
    noticeNo: 'ZG-0001',
    cause: 'other',
    requiredActions: '下架临期商品',
    handedToCustomerService: true,
  });
  await qc.step(caseId, 'rectification_done', { workDone: '已退货退款', doneBy: ['周工'] });
  await cs.step(caseId, 'result_told', { outcome: '已退款', satisfaction: 'satisfied', accepted: true });

  await agent.reload();
  await submitStep(agent, 'case_closed', async () => {
    await agent.selectOption('#step-case_closed-basis', 'customer_accepted');
  });
  await agent.locator('.case-header .badge.closed').waitFor();
  expect((await cs.view(caseId)).status).toBe('closed');
}, 180_000);

test('store theft: the office interview of a female customer is disabled, with the rule, until female staff are present', async () => {
  const patrol = await apiAs(app.stack.baseUrl, 'patrol_guard');
  const opened = await patrol.open('store-theft', SHORT_SITE, {
    location: '3F 化妆品',
    description: '黑色外套,短发',
    suspectGender: 'female',
    postsAlerted: true,
  });
  await patrol.step(opened.caseId, 'theft_confirmed', { observed: '将两支口红放入包中' });
  await patrol.step(opened.caseId, 'customer_intercepted', { where: 'at_exit' });
  await patrol.step(opened.caseId, 'customer_refused', { customerGender: 'female', invitedToOffice: true });

  const ops = await signIn('ops_manager', SHORT_SITE, phone);
  await ops.goto(`${app.stack.baseUrl}/cases/${encodeURIComponent(opened.caseId)}`);
  const interview = ops.locator('button.step[data-event="interview_started"]');
  await interview.waitFor();
  expect(await interview.isDisabled()).toBe(true);
  await expect(ops.locator('.blocked .why').textContent()).resolves.toContain('女性工作人员');
  await ops.screenshot({ path: path.join(shots, 'store-theft-rule-phone.png'), fullPage: true });

  // Version 2 names her from the site's staff (a picker of the women on the staff records, by name; the API reads her
  // gender from the records); the timeline shows her name, never her user id.
  await submitStep(ops, 'female_staff_present', async () => {
    await ops.selectOption('#step-female_staff_present-staffId', { label: '营运部负责人 林芳' });
  });
  await ops.locator('button.step[data-event="interview_started"]:not([disabled])').waitFor();
  const entry = ops.locator('.timeline li[data-event="female_staff_present"]');
  await expect(entry.textContent()).resolves.toContain('营运部负责人 林芳');
  await expect(entry.textContent()).resolves.not.toContain('ops_manager');
});

test('reports: statistics and ledger with CSV downloads; the English switch relabels the app', async () => {
  const manager = await signIn('dept_manager', SHORT_SITE);
  await manager.click('nav a[href="/reports"]');
  await manager.locator('#stats-title').waitFor();
  await manager.locator('table tbody tr').first().waitFor({ timeout: 20_000 });
  const href = await manager.locator('a[download]').first().getAttribute('href');
  const csv = await manager.request.get(`${app.stack.baseUrl}${href}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  // Excel opens it as UTF-8 (the BOM) with the page's column headings.
  expect(await csv.text()).toMatch(/^\uFEFF场所,流程,时限,/);
  await manager.click('button[lang=en]');
  await manager.locator('nav a', { hasText: 'Inbox' }).waitFor();
  await manager.locator('h1', { hasText: 'Reports' }).waitFor();
  await manager.screenshot({ path: path.join(shots, 'reports-desktop-en.png'), fullPage: true });
});

test('a case link opened in a new tab lands on the case without signing in again (issue 20 point 8)', async () => {
  const manager = await signIn('dept_manager', SHORT_SITE);
  // A new tab has no sessionStorage of its own: only the HttpOnly session cookie carries the sign-in over.
  const tab = await manager.context().newPage();
  await tab.goto(`${app.stack.baseUrl}/cases/${encodeURIComponent(complaintCase)}`);
  await tab.locator('section.intake').waitFor();
  await expect(tab.locator('section.intake').textContent()).resolves.toContain('张女士');
  expect(await tab.locator('#username').count()).toBe(0);
  // After signing out, a new tab asks to sign in.
  await tab.evaluate(() => fetch('/api/auth/logout', { method: 'POST' }));
  const after = await manager.context().newPage();
  await after.goto(`${app.stack.baseUrl}/cases/${encodeURIComponent(complaintCase)}`);
  await after.locator('#username').waitFor();
});

test('the API log of this whole browser run carries no token (issue 22: none in a URL, the session cookie redacted)', () => {
  const log = app.stack.apiLog();
  // The run did use what once took a token in the URL: the event stream, a PDF document or file link and a CSV.
  expect(log).toMatch(/"url":"\/api\/stream/);
  expect(log).toMatch(/"url":"\/api\/reports\/\w+\?[^"]*format=csv/);
  const jwt = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g;
  expect(log.match(jwt) ?? []).toEqual([]);
  expect(log).not.toMatch(/access_token=/);
});
