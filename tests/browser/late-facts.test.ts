import { closeRecords } from '../../activities/records';
import { startTestPostgres, type TestPostgres } from '../support/postgres';
import { waitFor } from '../support/wait';
import { apiAs, useBrowserStack } from './stack';

/**
 * Issue 18 point 2 in the browser: a mall-theft case the police came to without giving a number is closed; days later
 * the squad leader adds the police case number on the closed case's page, and the timeline shows it as added after
 * close, by whom. The app keeps its records in a real PostgreSQL, as `npm start` does.
 */
const SITE = 'xinghe-mall';
let pg: TestPostgres;
beforeAll(async () => {
  pg = await startTestPostgres();
  process.env.DATABASE_URL = pg.url; // the API and the worker's records writes, as in production
}, 180_000);
const app = useBrowserStack({ shortSite: SITE, dispatch: 'PT1H' });
afterAll(async () => {
  await closeRecords();
  await pg?.destroy();
  delete process.env.DATABASE_URL;
});

test('the police case number is added on a closed case’s page and shows on its timeline', async () => {
  const guard = await apiAs(app.stack.baseUrl, 'patrol_guard');
  const leader = await apiAs(app.stack.baseUrl, 'squad_leader');
  const captain = await apiAs(app.stack.baseUrl, 'security_captain');
  const opened = await guard.open('mall-theft', SITE, {
    floor: 'B1',
    location: '超市入口东侧储物柜',
    description: '顾客报储物柜被撬',
    inProgress: false,
  });
  await leader.step(opened.caseId, 'guards_dispatched', { guards: ['孙伟'], policeCalled: true });
  await leader.step(opened.caseId, 'scene_secured', { outcome: 'suspect_fled', sceneProtected: true });
  const police = { officer: '王警官', rank: '警长', badgeNumber: '012345', suspectHandedOver: false };
  await captain.step(opened.caseId, 'police_arrived', police);
  await captain.step(opened.caseId, 'report_filed', {
    summary: '储物柜被撬，嫌疑人逃离',
    evidenceRecorded: true,
    sentToGeneralOffice: true,
  });
  // The close reaches the records a moment after the workflow ends.
  await waitFor(
    async () => {
      const view = (await leader.view(opened.caseId)) as { status: string; lateFactsForMe?: string[] };
      return view.status === 'closed' && (view.lateFactsForMe ?? []).length > 0;
    },
    { timeoutMs: 60_000, what: 'the closed case to take the police case number' },
  );

  const errors: string[] = [];
  const page = await app.signIn('squad_leader', SITE, { onConsoleError: (text) => errors.push(text) });
  await app.openCase(page, opened.caseId);
  const form = page.locator('form.late-fact[data-fact="police_case_number_added"]');
  await form.waitFor();
  expect(await page.locator('#late-facts-title').textContent()).toBe('结案后补记');
  // An empty number is caught by the form itself, before anything is sent.
  await form.locator('button[type=submit]').click();
  await page.locator('#late-police_case_number_added-policeCaseNumber[aria-invalid=true]').waitFor();
  await page.fill('#late-police_case_number_added-policeCaseNumber', 'JB-2026-0042');
  await page.fill('#late-police_case_number_added-note', '派出所电话告知');
  await form.locator('button[type=submit]').click();

  const entry = page.locator('.timeline li.addendum[data-fact="police_case_number_added"]');
  await entry.waitFor();
  const text = await entry.textContent();
  expect(text).toContain('结案后补记');
  expect(text).toContain('JB-2026-0042');
  expect(text).toContain('保安班长 郑军');
  // One number per case: once added, the form is gone.
  await form.waitFor({ state: 'detached' });
  expect(errors).toEqual([]);
});
