import { chooseRecording, FINISHED, openAnalysis } from './support/analysis-page';
import { rehearsalWav } from './support/rehearsal-wav';
import { expect, test } from '@playwright/test';
import { chooseMenu, openApp, panel, readRecord, recordKeys, tab, waitForWorkspace, writeRecord } from './support/workspace-page';

test('a corrupted saved layout loads the default, says so, and keeps the bad copy aside', async ({ page }) => {
  await openApp(page);
  const corrupt = { formatVersion: 1, savedAt: 1, dockview: { grid: 'not a grid', panels: {} } };
  await writeRecord(page, 'layouts', 'current', corrupt);
  await page.reload();
  await waitForWorkspace(page);

  const notice = page.locator('[data-notice=layout-reset]');
  await expect(notice).toContainText('could not be loaded');
  await expect(notice).toContainText('kept aside');
  await expect(tab(page, 'pad-1')).toBeVisible();
  const kept = (await recordKeys(page, 'layouts')).filter((key) => key.startsWith('quarantined:'));
  expect(kept).toHaveLength(1);
  expect(await readRecord(page, 'layouts', kept[0]!)).toMatchObject({ layout: corrupt });
});

test('a saved layout with foreign panel settings is refused with the panel named', async ({ page }) => {
  await openApp(page);
  await page.waitForTimeout(900);
  const saved = (await readRecord(page, 'layouts', 'current')) as { dockview: { panels: Record<string, { params: object }> } };
  saved.dockview.panels['pad-1']!.params = { bank: 'Z', preset: 'Default' };
  await writeRecord(page, 'layouts', 'current', saved);
  await page.reload();
  await waitForWorkspace(page);
  await expect(page.locator('[data-notice=layout-reset]')).toContainText('Pads');
});

test('with IndexedDB blocked the app runs in memory and warns that nothing will be kept', async ({ page }) => {
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await openApp(page);
  const warning = page.locator('[data-notice=memory-mode]');
  await expect(warning).toContainText('nothing you do will survive a reload');
  await expect(warning.getByRole('button', { name: 'Dismiss' })).toHaveCount(0);
  await expect(page.getByText('Memory only')).toBeVisible();
  // Still a working workspace.
  await chooseMenu(page, 'Controls', 'Add pad panel');
  await expect(tab(page, 'pad-2')).toBeVisible();
});

test('the theme setting applies at once and survives a reload', async ({ page }) => {
  await openApp(page);
  await tab(page, 'settings-1').click();
  await panel(page, 'settings-1').getByLabel('Light', { exact: true }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await waitForWorkspace(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('clearing cached data asks first, then clears only the cache', async ({ page }) => {
  await openApp(page);
  await writeRecord(page, 'cache', 'sha256:abc', { bytes: new Array(1000).fill(1) });
  await tab(page, 'settings-1').click();
  const settings = panel(page, 'settings-1');
  await expect(settings.getByTestId('storage-usage')).toContainText('used of');

  await settings.getByRole('button', { name: 'Clear cached data…' }).click();
  await settings.getByRole('button', { name: 'Cancel' }).click();
  expect(await recordKeys(page, 'cache')).toEqual(['sha256:abc']);

  await settings.getByRole('button', { name: 'Clear cached data…' }).click();
  await settings.getByRole('alertdialog').getByRole('button', { name: 'Clear cached data' }).click();
  await expect(settings.getByRole('status')).toContainText('Cached analysis cleared');
  expect(await recordKeys(page, 'cache')).toEqual([]);
  expect(await readRecord(page, 'layouts', 'current')).toBeTruthy();
});

test('with IndexedDB blocked a recording is still analysed, and its result shows (kept in this tab only)', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
  });
  await openApp(page);
  await expect(page.getByText('Memory only')).toBeVisible();
  const { jobs, analysis } = await openAnalysis(page);
  await chooseRecording(page, 'take-memory.wav', rehearsalWav());
  await expect(jobs.locator('article.job').first()).toHaveAttribute('data-status', FINISHED, { timeout: 90_000 });
  // The worker's storage is not the page's: the result came back with the job's outcome.
  await expect(analysis.getByTestId('analysis-key')).toContainText('C major');
});
