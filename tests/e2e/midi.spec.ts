import { expect, test } from '@playwright/test';
import { listen } from './support/audio-probe';
import { installWebMidiShim, midi } from './support/web-midi-shim';
import { chooseMenu, openApp } from './support/workspace-page';

test('a MIDI keyboard plugged in plays the piano, and a second one appears without a reload', async ({ page }) => {
  await installWebMidiShim(page);
  await openApp(page);
  await midi(page, 'plug', 'Keystation 49');
  await chooseMenu(page, 'Controls', 'Connect MIDI devices'); // the click is also the gesture that starts audio
  await expect(page.getByText('MIDI: 1 device')).toBeVisible();
  await expect(page.getByText('Audio on')).toBeVisible({ timeout: 30_000 });

  await midi(page, 'send', 'Keystation 49', [0x90, 69, 100]);
  await page.waitForTimeout(600);
  const heard = await listen(page);
  expect(heard.rms).toBeGreaterThan(0.005);
  expect(Math.abs(heard.dominantHz - 440) / 440).toBeLessThan(0.01);
  await midi(page, 'send', 'Keystation 49', [0x80, 69, 0]);

  await midi(page, 'plug', 'MPD218');
  await expect(page.getByText('MIDI: 2 devices')).toBeVisible();
});

test('unplugging a controller mid-note releases its notes and says so', async ({ page }) => {
  await installWebMidiShim(page);
  await openApp(page);
  await midi(page, 'plug', 'Keystation 49');
  await chooseMenu(page, 'Controls', 'Connect MIDI devices');
  await expect(page.getByText('Audio on')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Instrument' }).selectOption('organ'); // sustains until released
  await expect(page.getByRole('log')).toContainText('Instrument: Drawbar organ');
  await midi(page, 'send', 'Keystation 49', [0x90, 60, 100]);
  await midi(page, 'send', 'Keystation 49', [0x90, 64, 100]);
  await page.waitForTimeout(400);
  expect((await listen(page)).rms).toBeGreaterThan(0.02);

  await midi(page, 'unplug', 'Keystation 49');
  await expect(page.getByText('Keystation 49 was disconnected')).toBeVisible();
  await expect(page.getByText('2 held note(s) were released')).toBeVisible();
  await expect(page.getByText('MIDI: 0 devices')).toBeVisible();
  await page.waitForTimeout(1500); // release tail and the analyser window
  expect((await listen(page)).rms).toBeLessThan(0.002);
});

test('when MIDI access is refused the app says how to allow it and keeps working', async ({ page }) => {
  await installWebMidiShim(page, { deny: true });
  await openApp(page);
  await chooseMenu(page, 'Controls', 'Connect MIDI devices');
  await expect(page.locator('[data-notice=midi]')).toContainText('MIDI access was refused');
  await expect(page.locator('[data-notice=midi]')).toContainText('site settings');
  await chooseMenu(page, 'Controls', 'Add pad panel');
  await expect(page.locator('[data-testid=workspace] .dv-tab[data-tab-panel-id="pad-2"]')).toBeVisible();
});
