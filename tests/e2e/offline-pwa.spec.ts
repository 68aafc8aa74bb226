import { expect, test, type Page } from '@playwright/test';
import { chooseMenu, expectSameLayout, layoutSnapshot, openApp, tab, waitForSave, waitForWorkspace } from './support/workspace-page';

async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

test('is installable: a valid web app manifest and an active service worker', async ({ page }) => {
  await openApp(page);
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await page.evaluate(async (url) => (await fetch(url!)).json(), href);
  expect(manifest).toMatchObject({ name: expect.stringContaining('Bandroom'), display: 'standalone', start_url: '/' });
  const sizes = (manifest.icons as Array<{ sizes: string; purpose?: string }>).map((icon) => icon.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect((manifest.icons as Array<{ purpose?: string }>).some((icon) => icon.purpose === 'maskable')).toBe(true);
  await waitForServiceWorkerControl(page);
  await expect(page.locator('[data-notice=offline-ready]')).toBeVisible();
});

test('keeps working offline: reload with the network off restores the workspace, isolated', async ({ page, context }) => {
  await openApp(page);
  await waitForServiceWorkerControl(page);
  await chooseMenu(page, 'Controls', 'Add knob panel');
  await waitForSave(page);
  const before = await layoutSnapshot(page);

  await context.setOffline(true);
  await page.reload();
  await waitForWorkspace(page);
  expectSameLayout(await layoutSnapshot(page), before);
  // The service worker, not the server, supplied the isolation headers.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await chooseMenu(page, 'Controls', 'Add pad panel');
  await expect(tab(page, 'pad-2')).toBeVisible();
  await context.setOffline(false);
});
