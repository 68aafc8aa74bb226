import { expect, test } from '@playwright/test';
import { DEV_PORT } from '../../playwright.config';
import { waitForWorkspace } from './support/workspace-page';

test('the dev server is cross-origin isolated too', async ({ page }) => {
  await page.goto(`http://localhost:${DEV_PORT}/`);
  // The dev server compiles every module on first request (and may reload once for newly found dependencies).
  await waitForWorkspace(page, 60_000);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});
