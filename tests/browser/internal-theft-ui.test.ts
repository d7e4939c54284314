import type { Page } from 'playwright-core';
import { phonePhoto, statementPdf } from '../support/evidence-files';
import { apiAs, useBrowserStack } from './stack';

/**
 * Issue 17 point 6 in the browser: an internal-theft case run through its step forms from evidence to decision. Loss
 * prevention adds a photo from the phone's camera as evidence and the signed statement as a scanned PDF, reports to
 * the supervisor; the supervisor reviews, hears the employee and proposes the outcome; company leadership approves it. Every step goes through the forms a person fills, and the case
 * ends up waiting for its conclusion with both files referenced in its history.
 */
const SITE = 'xinghe-mall';
const app = useBrowserStack({ shortSite: SITE, dispatch: 'PT1H' });

/** Opens the step's form, lets `fill` fill it, submits it and waits until the form has gone (the step was taken). */
async function takeStep(page: Page, event: string, fill: (field: (name: string) => string) => Promise<void>) {
  await page.click(`button.step[data-event="${event}"]:not([disabled])`);
  await page.waitForSelector('[role=dialog]');
  await fill((name) => `#step-${event}-${name}`);
  await page.click('[role=dialog] button[type=submit]');
  try {
    await page.waitForSelector('[role=dialog]', { state: 'detached', timeout: 20_000 });
  } catch {
    const said = await page.locator('[role=dialog] .error-text').allTextContents();
    const fields = await page.locator('[role=dialog] [aria-invalid=true]').evaluateAll((els) => els.map((e) => e.id));
    throw new Error(`${event}: the form stayed open: ${said.join(' | ') || 'no error shown'} (${fields.join(', ')})`);
  }
  await page.locator(`.timeline li[data-event="${event}"]`).first().waitFor();
}

test('an internal-theft case goes from a photo and a signed statement to the decision in the UI', async () => {
  const lp = await apiAs(app.stack.baseUrl, 'lp_officer');
  const opened = await lp.open('internal-theft', SITE, {
    suspect: { name: '赵某' },
    account: '收银台多次少收款',
    rulesAcknowledged: true,
  });
  const errors: string[] = [];
  const onConsoleError = (text: string) => errors.push(text);

  const officer = await app.signIn('lp_officer', SITE, { viewport: { width: 375, height: 812 }, onConsoleError });
  await app.openCase(officer, opened.caseId);
  await takeStep(officer, 'evidence_added', async (field) => {
    await officer.selectOption(field('kind'), 'photo');
    await officer.fill(field('description'), '收银台监控截图,赵某收款未入账');
    await officer
      .locator(field('attachments-camera'))
      .setInputFiles({ name: '收银台.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto('#824') });
    await officer.locator('.attachment .uploaded').waitFor();
  });
  await takeStep(officer, 'statement_taken', async (field) => {
    await officer.check(field('admittedVoluntarily'));
    await officer.fill(field('summary'), '承认三次少收款共计 320 元');
    await officer.locator(field('attachments-choose')).setInputFiles({
      name: '事实陈述书.pdf',
      mimeType: 'application/pdf',
      buffer: await statementPdf('signed statement'),
    });
    await officer.locator('.attachment .uploaded').waitFor();
    await officer.check(field('employeeKeptApart'));
  });
  // The employee has admitted: kept apart until a loss-prevention supervisor arrives.
  const supervisor = await app.signIn('lp_supervisor', SITE, { onConsoleError });
  await app.openCase(supervisor, opened.caseId);
  await takeStep(supervisor, 'supervisor_arrived', async () => undefined);
  await takeStep(officer, 'reported_to_supervisor', async (field) => {
    await officer.fill(field('suspectProfile'), '收银员,入职一年');
    await officer.fill(field('account'), '11 月 28 日至 30 日三次少收款');
    await officer.check(field('nothingWithheld'));
    await officer.check(field('keptWithinLossPrevention'));
  });

  await takeStep(supervisor, 'review_done', async (field) => {
    await supervisor.selectOption(field('verdict'), 'facts_established');
    await supervisor.check(field('factsClear'));
    await supervisor.check(field('evidenceConclusive'));
    await supervisor.fill(field('goodsDescription'), '少收货款');
    await supervisor.fill(field('goodsValue'), '320');
    await supervisor.fill(field('findings'), '监控与陈述一致');
  });
  // Version 2 (issue 18): the employee's own account, which may be declined before a witness (内盗 二.2(2)); the
  // supervisor's proposal; company leadership's approval (二.2(5)).
  await takeStep(supervisor, 'employee_account_recorded', async (field) => {
    await supervisor.selectOption(field('outcome'), 'declined');
    await supervisor.fill(field('witnessedBy'), '周宁');
  });
  await takeStep(supervisor, 'outcome_proposed', async (field) => {
    await supervisor.check(`${field('dismissal')}-yes`);
    await supervisor.fill(field('compensationMultiple'), '2');
    await supervisor.check(`${field('residenceNotice')}-no`);
    await supervisor.fill(field('reasoning'), '初犯，主动承认');
  });
  const leadership = await app.signIn('executive', SITE, { onConsoleError });
  await app.openCase(leadership, opened.caseId);
  await takeStep(leadership, 'leadership_decided', async (field) => {
    await leadership.selectOption(field('decision'), 'approved');
  });

  const view = (await lp.view(opened.caseId)) as unknown as {
    state: string;
    history: Array<{ type: string; data?: { attachments?: Array<{ name: string }> } }>;
  };
  expect(view.state).toBe('concluding');
  expect(view.history.map((h) => h.type)).toEqual([
    'evidence_added',
    'statement_taken',
    'supervisor_arrived',
    'reported_to_supervisor',
    'review_done',
    'employee_account_recorded',
    'outcome_proposed',
    'leadership_decided',
  ]);
  expect(view.history.flatMap((h) => h.data?.attachments ?? []).map((a) => a.name)).toEqual([
    '收银台.jpg',
    '事实陈述书.pdf',
  ]);
  expect(errors).toEqual([]);
}, 240_000);
