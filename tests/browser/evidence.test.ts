import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/process';
import { phonePhoto } from '../support/evidence-files';
import { apiAs, useBrowserStack } from './stack';

/**
 * Issue 17 in the browser: on a 375 px phone, loss prevention attaches a photo to an evidence step straight from the
 * camera input; the first upload fails (the network drops it), the form keeps what was typed, a retry uploads it, and
 * the step goes through. The timeline shows the photo's thumbnail, and the case's files show the chain of custody.
 */
const SITE = 'xinghe-mall';
const phone = { width: 375, height: 812 };
const docs = path.join(repoRoot, 'docs', 'screenshots');
const app = useBrowserStack({ shortSite: SITE, dispatch: 'PT1H' });
beforeAll(() => mkdirSync(docs, { recursive: true }));

test('on a 375 px phone a photo is attached to an evidence step, with a retry that keeps the form', async () => {
  const lp = await apiAs(app.stack.baseUrl, 'lp_officer');
  const opened = await lp.open('internal-theft', SITE, {
    suspect: { name: '王某' },
    account: '员工通道带出白酒',
    rulesAcknowledged: true,
  });
  const errors: string[] = [];
  const page = await app.signIn('lp_officer', SITE, {
    viewport: phone,
    // The dropped upload is the one error the test causes on purpose.
    onConsoleError: (text) => !/attachments|Failed to fetch|net::ERR_FAILED/.test(text) && errors.push(text),
  });
  await app.openCase(page, opened.caseId);

  // The first upload is cut off by the network; later ones go through.
  let uploads = 0;
  await page.route('**/api/cases/*/attachments', async (route) => {
    if (route.request().method() === 'POST' && ++uploads === 1) await route.abort('failed');
    else await route.continue();
  });

  await page.click('button.step[data-event="evidence_added"]:not([disabled])');
  await page.waitForSelector('[role=dialog]');
  const camera = page.locator('#step-evidence_added-attachments-camera');
  await expect(camera.getAttribute('capture')).resolves.toBe('environment');
  await expect(camera.getAttribute('accept')).resolves.toBe('image/*');
  await page.selectOption('#step-evidence_added-kind', 'photo');
  await camera.setInputFiles({ name: 'scene.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
  // Typed while the upload runs (and fails).
  await page.fill('#step-evidence_added-description', '员工通道门口,白酒两瓶');
  const failed = page.locator('.attachment.failed');
  await failed.waitFor();
  await page.screenshot({ path: path.join(docs, 'evidence-upload-retry-phone.png') });
  await failed.locator('button.secondary').click();
  await page.locator('.attachment .uploaded').waitFor();
  await expect(page.locator('#step-evidence_added-description').inputValue()).resolves.toBe('员工通道门口,白酒两瓶');
  await expect(page.locator('#step-evidence_added-kind').inputValue()).resolves.toBe('photo');
  await page.screenshot({ path: path.join(docs, 'evidence-step-phone.png') });
  await page.click('[role=dialog] button[type=submit]');
  await page.waitForSelector('[role=dialog]', { state: 'detached' });

  const entry = page.locator('.timeline li[data-event="evidence_added"]');
  await entry.waitFor();
  await expect(entry.textContent()).resolves.toContain('scene.jpg');
  const thumb = entry.locator('img.thumb');
  await thumb.waitFor();
  await thumb.scrollIntoViewIfNeeded(); // loaded lazily, when near the screen
  await page.waitForFunction(
    (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
    await thumb.elementHandle(),
  );
  // Upright: the phone's portrait photo (stored landscape with orientation 6) shows taller than wide.
  const natural = await thumb.evaluate((el) => [
    (el as HTMLImageElement).naturalWidth,
    (el as HTMLImageElement).naturalHeight,
  ]);
  expect(natural[1]!).toBeGreaterThan(natural[0]!);
  const files = page.locator('section.files');
  await files.waitFor();
  await expect(files.textContent()).resolves.toContain('拍摄时间：2026年11月30日 14:05');
  await page.locator('section.files .custody li', { hasText: '上传了' }).first().waitFor();
  // The thumbnail the timeline showed is in the chain of custody as a view by the officer.
  const custody = (await (
    await fetch(`${app.stack.baseUrl}/api/cases/${encodeURIComponent(opened.caseId)}/attachments`, {
      headers: { Authorization: `Bearer ${lp.token}` },
    })
  ).json()) as { custody: Array<{ action: string; by: { id: string } }> };
  expect(custody.custody.map((c) => c.action)).toContain('viewed');
  expect(custody.custody.every((c) => c.by.id === 'lp_officer')).toBe(true);
  await files.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(docs, 'evidence-case-phone.png'), fullPage: true });
  expect(uploads).toBe(2);
  expect(errors).toEqual([]);
  await page.context().close();
}, 180_000);
