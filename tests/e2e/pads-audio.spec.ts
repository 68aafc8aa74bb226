import { expect, test } from '@playwright/test';
import { listen } from './support/audio-probe';
import { installWebMidiShim, midi } from './support/web-midi-shim';
import { chooseMenu, openApp, panel } from './support/workspace-page';

test('hitting an on-screen pad plays the drum kit while the keys stay on the piano', async ({ page }) => {
  await openApp(page);
  await panel(page, 'piano-1').getByRole('button', { name: 'Start audio' }).click();
  // "Audio on" comes after both parts are loaded (keys instrument, then the drum kit).
  await expect(page.getByText('Audio on')).toBeVisible({ timeout: 30_000 });
  const crash = panel(page, 'pad-1').getByRole('button', { name: /Crash/ });
  const box = (await crash.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 8);
  await page.mouse.down();
  // A cymbal: loud and bright, nothing like a piano note.
  await expect.poll(async () => (await listen(page)).rms, { timeout: 10_000 }).toBeGreaterThan(0.005);
  const heard = await listen(page);
  expect(heard.dominantHz).toBeGreaterThan(1000);
  await page.mouse.up();
  await expect(panel(page, 'piano-1').getByLabel('Instrument')).toHaveValue('piano');
});

test('a MIDI pad plays the drum kit only while a pad panel is active on its bank', async ({ page }) => {
  await installWebMidiShim(page);
  await openApp(page);
  await midi(page, 'plug', 'MPD218');
  await chooseMenu(page, 'Controls', 'Connect MIDI devices');
  await expect(page.getByText('Audio on')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('log')).toContainText('Instrument: Grand piano');

  // A pad controller's pads on an inactive panel do nothing at all.
  await midi(page, 'send', 'MPD218', [0x90, 49, 110]);
  await page.waitForTimeout(400);
  expect((await listen(page)).rms).toBeLessThan(0.002);
  await midi(page, 'send', 'MPD218', [0x80, 49, 0]);

  await panel(page, 'pad-1').getByRole('button', { name: /ACTIVE/ }).click();
  await midi(page, 'send', 'MPD218', [0x99, 49, 110]);
  await page.waitForTimeout(400);
  expect((await listen(page)).dominantHz).toBeGreaterThan(1000);
});
