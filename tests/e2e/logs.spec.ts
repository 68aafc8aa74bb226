import { expect, test } from '@playwright/test';
import { chooseMenu, openApp, panel, tab, waitForSave, waitForWorkspace } from './support/workspace-page';

test('the logs panel filters by level and source, and the log survives a reload', async ({ page }) => {
  await openApp(page);
  await chooseMenu(page, 'Controls', 'Add pad panel');
  await tab(page, 'logs-1').click();
  const logs = panel(page, 'logs-1');
  await expect(logs.getByRole('log')).toContainText('Added panel "Pads 2"');

  await logs.getByLabel('Source').selectOption('workspace');
  await expect(logs.locator('.row[data-source=shell]')).toHaveCount(0);
  await expect(logs.locator('.row[data-source=workspace]').first()).toBeVisible();

  await logs.getByLabel('Minimum level').selectOption('error');
  await expect(logs.locator('.row')).toHaveCount(0);
  await expect(logs).toContainText('Nothing logged at this level');

  await logs.getByLabel('Minimum level').selectOption('debug');
  await logs.getByLabel('Source').selectOption('');
  await waitForSave(page);
  await page.reload();
  await waitForWorkspace(page);
  await tab(page, 'logs-1').click();
  await expect(panel(page, 'logs-1').getByRole('log')).toContainText('Added panel "Pads 2"');
  await expect(panel(page, 'logs-1').locator('.row[data-source=shell]')).not.toHaveCount(0);
});
