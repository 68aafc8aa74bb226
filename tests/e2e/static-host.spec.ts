import { expect, test, type Page } from '@playwright/test';
import { StaticHost } from './support/static-host';
import { listen } from './support/audio-probe';
import { waitForWorkspace } from './support/workspace-page';

/** False while the page is mid-reload (its context is being replaced). */
const isIsolated = (page: Page) => page.evaluate(() => crossOriginIsolated).catch(() => false);

// The built app on a host that sends no isolation headers, like most static hosting.
const host = new StaticHost();
test.beforeAll(() => host.start());
test.afterAll(() => host.stop());

test('on a plain static host the service worker makes the app cross-origin isolated after one reload', async ({ page }) => {
  await page.goto(`${host.url}/`);
  await waitForWorkspace(page);
  // The first visit reloads itself once the worker controls the page.
  await expect.poll(() => isIsolated(page), { timeout: 20_000 }).toBe(true);
  await waitForWorkspace(page);
  await expect(page.locator('[data-notice=isolation]')).toHaveCount(0);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
});

test('a new version waits for the musician: a "New version" notice, and Reload switches to it', async ({ page }) => {
  await page.goto(`${host.url}/`);
  await expect.poll(() => isIsolated(page), { timeout: 20_000 }).toBe(true);
  await waitForWorkspace(page);

  host.release();
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const notice = page.locator('[data-notice=update]');
  await expect(notice).toContainText('New version of Bandroom available');
  // Nothing switched behind the musician's back: the new worker is waiting.
  expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);

  await notice.getByRole('button', { name: 'Reload' }).click();
  await waitForWorkspace(page);
  await expect(page.locator('[data-notice=update]')).toHaveCount(0);
  expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(false);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('without isolation (service workers blocked) the app still runs and names what is degraded', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${host.url}/`);
  await waitForWorkspace(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const notice = page.locator('[data-notice=isolation]');
  await expect(notice).toContainText('without cross-origin isolation');
  await expect(notice).toContainText('latency');
  await expect(page.getByText('Not isolated')).toBeVisible();
  // Non-blocking: the musician can dismiss it and keep working.
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
  await expect(page.locator('.panel-host[data-panel-id="pad-1"]').getByRole('button', { name: /Kick/ })).toBeVisible();
  await context.close();
});

test('without isolation the piano still plays, through the message-port fallback', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${host.url}/`);
  await waitForWorkspace(page);
  await page.locator('.panel-host[data-panel-id="piano-1"]').getByRole('button', { name: 'Start audio' }).click();
  await expect(page.getByText('Audio on · compatibility mode')).toBeVisible();
  await page.keyboard.down('h');
  await page.waitForTimeout(700);
  const heard = await listen(page);
  expect(heard.rms).toBeGreaterThan(0.005);
  expect(Math.abs(heard.dominantHz - 440) / 440).toBeLessThan(0.01);
  await page.keyboard.up('h');
  await context.close();
});
