import { expect, test, type Page } from '@playwright/test';
import { engineStats, listen } from './support/audio-probe';
import { openApp, panel, tab } from './support/workspace-page';

async function startAudio(page: Page): Promise<void> {
  await openApp(page);
  await panel(page, 'piano-1').getByRole('button', { name: 'Start audio' }).click();
  await expect(page.getByText('Audio on')).toBeVisible({ timeout: 30_000 });
}

/** Presses an on-screen key near its bottom edge (a firm strike) and keeps it down. */
async function holdKey(page: Page, note: number): Promise<void> {
  const box = await panel(page, 'piano-1').locator(`[data-note="${note}"]`).boundingBox();
  if (!box) throw new Error(`key ${note} is not on screen`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.85);
  await page.mouse.down();
}

test('playing A4 on the on-screen keyboard sounds at 440 Hz', async ({ page }) => {
  await startAudio(page);
  await holdKey(page, 69);
  await expect(panel(page, 'piano-1').locator('[data-note="69"]')).toHaveClass(/held/);
  // Sound within a few seconds (a loaded machine starts the worklet late), then the pitch of what is heard.
  await expect.poll(async () => (await listen(page)).rms, { timeout: 10_000 }).toBeGreaterThan(0.005);
  // The probe hears the last 0.68 s: once that holds the sustained note rather than its start, it is A4.
  await expect.poll(async () => Math.abs((await listen(page)).dominantHz - 440) / 440, { timeout: 5_000 }).toBeLessThan(0.01);
  // The level meter shows it too.
  await expect.poll(async () => Number(await panel(page, 'piano-1').getByRole('meter', { name: 'Left level' }).getAttribute('aria-valuenow'))).toBeGreaterThan(-40);
  await page.mouse.up();
});

test('the computer keyboard plays notes and Z/X shift the octave', async ({ page }) => {
  await startAudio(page);
  await page.keyboard.press('x'); // octave 5: "h" is A5
  await page.keyboard.down('h');
  await page.waitForTimeout(600);
  // The octave is what is under test here (A4 440, A5 880, A6 1760); 2 % tolerates a loaded test machine.
  expect(Math.abs((await listen(page)).dominantHz - 880) / 880).toBeLessThan(0.02);
  await page.keyboard.up('h');
});

test('switching instrument changes the sound and is remembered after a reload', async ({ page }) => {
  await startAudio(page);
  const picker = panel(page, 'piano-1').getByLabel('Instrument');
  await picker.selectOption('organ');
  await expect(page.getByRole('log')).toContainText('Instrument: Drawbar organ');
  await holdKey(page, 69);
  await page.waitForTimeout(1500);
  // An organ holds its level; a piano would have decayed by now.
  expect((await listen(page)).rms).toBeGreaterThan(0.02);
  await page.mouse.up();
  await page.waitForTimeout(900);
  await page.reload();
  await expect(panel(page, 'piano-1').getByLabel('Instrument')).toHaveValue('organ');
});

test('changing the sample rate while a note is held keeps it sounding and keeps FX settings', async ({ page }) => {
  await startAudio(page);
  const piano = panel(page, 'piano-1');
  await piano.getByRole('checkbox', { name: 'Reverb on' }).check();
  await tab(page, 'settings-1').click();
  const settings = panel(page, 'settings-1');
  const before = await engineStats(page);
  const target = before.sampleRate === 48000 ? '44100' : '48000';

  await page.keyboard.down('h'); // A4, held on the computer keyboard throughout
  await page.waitForTimeout(300);
  await settings.getByLabel('Sample rate').selectOption(target);
  await expect(settings.getByRole('status')).toContainText('Applied');
  expect((await engineStats(page)).sampleRate).toBe(Number(target));
  await page.waitForTimeout(400);
  const heard = await listen(page);
  expect(heard.rms).toBeGreaterThan(0.005);
  expect(Math.abs(heard.dominantHz - 440) / 440).toBeLessThan(0.01);
  await page.keyboard.up('h');
  await expect(piano.getByRole('checkbox', { name: 'Reverb on' })).toBeChecked();
  expect(await page.evaluate(() => (globalThis as unknown as { bandroom: { audio: { engine: { config: { sampleRate: number } } } } }).bandroom.audio.engine.config.sampleRate)).toBe(Number(target));
});
