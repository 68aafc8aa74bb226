import { expect, test } from '@playwright/test';
import { chooseMenu, expectSameLayout, layoutSnapshot, openApp, panel, tab, waitForSave, waitForWorkspace } from './support/workspace-page';

test('opens on the default layout with pads, knobs, piano, logs and settings, cross-origin isolated', async ({ page }, testInfo) => {
  await openApp(page);
  for (const id of ['pad-1', 'knob-1', 'piano-1', 'logs-1', 'settings-1']) await expect(tab(page, id)).toBeVisible();
  await expect(panel(page, 'pad-1').getByRole('button', { name: /Kick/ })).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.locator('[data-notice=isolation]')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('default-workspace-1366.png') });
});

test('fits a 1920×1080 screen with every default panel fully usable', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openApp(page);
  const groups = await layoutSnapshot(page);
  expect(groups).toHaveLength(4);
  // Shares of a ~1920×1040 workspace: every group at least 500 px wide and 200 px tall.
  for (const group of groups) {
    expect(group.box.width * 1920).toBeGreaterThan(500);
    expect(group.box.height * 1040).toBeGreaterThan(200);
  }
});

test('keeps added panels, their state and their arrangement across a reload', async ({ page }) => {
  await openApp(page);
  await chooseMenu(page, 'Controls', 'Add pad panel');
  await chooseMenu(page, 'Controls', 'Add pad panel');
  await chooseMenu(page, 'Controls', 'Add knob panel');
  await expect(tab(page, 'pad-3')).toHaveText('Pads 3');
  await expect(tab(page, 'knob-2')).toBeVisible();

  // Panel state: the second pad panel plays bank B with the percussion preset.
  await tab(page, 'pad-2').click();
  await panel(page, 'pad-2').getByRole('radio', { name: 'Bank B' }).click();
  await panel(page, 'pad-2').getByRole('combobox', { name: 'Preset' }).selectOption('Percussion');
  await expect(panel(page, 'pad-2').getByRole('button', { name: /China/ })).toBeVisible();

  // Move Settings out of the Logs tab group into a group of its own.
  await tab(page, 'settings-1').click({ button: 'right' });
  await page.getByText('Move to new group on the right').click();
  const before = await layoutSnapshot(page);
  expect(before.find((group) => group.panels.includes('settings-1'))?.panels).toEqual(['settings-1']);

  await waitForSave(page);
  await page.reload();
  await waitForWorkspace(page);
  expectSameLayout(await layoutSnapshot(page), before);
  await tab(page, 'pad-2').click();
  await expect(panel(page, 'pad-2').getByRole('radio', { name: 'Bank B' })).toHaveAttribute('aria-checked', 'true');
  await expect(panel(page, 'pad-2').getByRole('button', { name: /China/ })).toBeVisible();
});

test('drags a tab onto another group to tab panels together', async ({ page }) => {
  await openApp(page);
  const from = await tab(page, 'knob-1').boundingBox();
  const to = await panel(page, 'pad-1').boundingBox();
  if (!from || !to) throw new Error('panels not laid out');
  // Like a hand: press, move in small steps a frame apart, rest on the target, release.
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const end = { x: to.x + to.width / 2, y: to.y + to.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let step = 1; step <= 20; step++) {
    await page.mouse.move(start.x + ((end.x - start.x) * step) / 20, start.y + ((end.y - start.y) * step) / 20);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(200);
  await page.mouse.up();
  await expect.poll(async () => (await layoutSnapshot(page)).find((group) => group.panels.includes('pad-1'))?.panels).toEqual([
    'pad-1',
    'knob-1'
  ]);
});

test('floats a panel and closes another from their tabs', async ({ page }) => {
  await openApp(page);
  await tab(page, 'knob-1').click({ button: 'right' });
  await page.getByText('Float', { exact: true }).click();
  const floating = page.getByRole('dialog', { name: 'Knobs' });
  await expect(floating).toBeVisible();
  await expect(floating.getByRole('slider', { name: 'Cutoff' })).toBeVisible();

  await tab(page, 'logs-1').getByRole('button', { name: 'Close Logs' }).click();
  await expect(tab(page, 'logs-1')).toHaveCount(0);
  // With no Logs group left to join, the reopened panel floats at its preferred size.
  await chooseMenu(page, 'Logs', 'Open logs');
  await expect(page.getByRole('dialog', { name: 'Logs' }).getByRole('log')).toBeVisible();
});

test('opens a singleton panel only once and focuses it', async ({ page }) => {
  await openApp(page);
  await chooseMenu(page, 'Settings', 'Open settings');
  await chooseMenu(page, 'Settings', 'Open settings');
  await expect(page.locator('[data-testid=workspace] .dv-tab[data-tab-panel-id^="settings-"]')).toHaveCount(1);
  await expect(tab(page, 'settings-1')).toHaveAttribute('aria-selected', 'true');
});

test('resets the layout to the default from the Settings menu', async ({ page }) => {
  await openApp(page);
  const fresh = await layoutSnapshot(page);
  await chooseMenu(page, 'Controls', 'Add pad panel');
  await chooseMenu(page, 'Settings', 'Layout', 'Reset to default layout');
  await expect.poll(async () => (await layoutSnapshot(page)).map((group) => group.panels.length)).toEqual(
    fresh.map((group) => group.panels.length)
  );
});

test('activating a second pad panel on the same bank deactivates the first; another bank stays active', async ({ page }) => {
  await openApp(page);
  await chooseMenu(page, 'Controls', 'Add pad panel');
  await chooseMenu(page, 'Controls', 'Add pad panel');
  const toggle = (id: string) => panel(page, id).getByRole('button', { name: /ACTIVE/ });
  await toggle('pad-1').click();
  await expect(toggle('pad-1')).toHaveText(/^\s*ACTIVE/);

  await tab(page, 'pad-2').click();
  await toggle('pad-2').click();
  await expect(toggle('pad-2')).toHaveAttribute('aria-pressed', 'true');
  await expect(toggle('pad-1')).toHaveAttribute('aria-pressed', 'false');

  // pad-3 sits in a tab behind pad-2: bring it forward, move it to bank B and activate it.
  await tab(page, 'pad-3').click();
  await panel(page, 'pad-3').getByRole('radio', { name: 'Bank B' }).click();
  await toggle('pad-3').click();
  await tab(page, 'pad-2').click();
  await expect(toggle('pad-2')).toHaveAttribute('aria-pressed', 'true');

  await waitForSave(page);
  await page.reload();
  await waitForWorkspace(page);
  await expect(toggle('pad-1')).toHaveAttribute('aria-pressed', 'false');
  await tab(page, 'pad-2').click();
  await expect(toggle('pad-2')).toHaveAttribute('aria-pressed', 'true');
  await tab(page, 'pad-3').click();
  await expect(toggle('pad-3')).toHaveAttribute('aria-pressed', 'true');
});
