import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { pianoSineSf2 } from '../fixtures/instrument-fixtures.js';
import { listen } from './support/audio-probe';
import { chooseMenu, openApp, panel, waitForWorkspace } from './support/workspace-page';

async function importThroughMenu(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await chooseMenu(page, 'Instruments', 'Load SF2 or zipped SFZ…');
  await (await chooser).setFiles(path);
}

test('a SoundFont loaded from the Instruments menu plays, and is still listed and selected after a reload', async ({ page }, testInfo) => {
  const sf2 = testInfo.outputPath('piano-sine.sf2');
  writeFileSync(sf2, pianoSineSf2());
  await openApp(page);
  await panel(page, 'piano-1').getByRole('button', { name: 'Start audio' }).click();
  await expect(page.getByText('Audio on')).toBeVisible({ timeout: 30_000 });

  await importThroughMenu(page, sf2);
  await expect(page.locator('[data-notice=instrument-import]')).toContainText('Imported Piano Sine');
  const picker = panel(page, 'piano-1').getByLabel('Instrument');
  await expect(picker.locator('optgroup[label="Piano Sine"] option')).toHaveText(['Sine Piano', 'Click Kit']);
  await expect(page.getByRole('log')).toContainText('Instrument: Sine Piano');

  await page.keyboard.down('h'); // A4 is inside the preset's 48–96 key range
  await page.waitForTimeout(400);
  expect((await listen(page)).rms).toBeGreaterThan(0.002);
  await page.keyboard.up('h');

  await page.reload();
  await waitForWorkspace(page);
  await expect(panel(page, 'piano-1').getByLabel('Instrument').locator('option:checked')).toHaveText('Sine Piano');
});

test('a corrupt SoundFont is refused with a clear message and the current instrument keeps playing', async ({ page }, testInfo) => {
  const bad = testInfo.outputPath('broken.sf2');
  const bytes = Buffer.from(pianoSineSf2());
  writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 3))); // truncated mid-file
  await openApp(page);
  await panel(page, 'piano-1').getByRole('button', { name: 'Start audio' }).click();
  await expect(page.getByRole('log')).toContainText('Instrument: Grand piano');

  await importThroughMenu(page, bad);
  const notice = page.locator('[data-notice=instrument-import]');
  await expect(notice).toContainText('Could not load broken.sf2');
  await expect(notice).toContainText('Nothing else was changed');
  await expect(panel(page, 'piano-1').getByLabel('Instrument')).toHaveValue('piano');
  await page.keyboard.down('h');
  await page.waitForTimeout(400);
  expect((await listen(page)).rms).toBeGreaterThan(0.005);
  await page.keyboard.up('h');
  await expect(page.getByRole('log')).not.toContainText('Instrument: Sine Piano');
});

test('a dropped file that is not an instrument is refused by name', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    const target = document.querySelector('.panel-host[data-panel-id="piano-1"] section')!;
    const transfer = new DataTransfer();
    transfer.items.add(new File(['not audio'], 'notes.txt', { type: 'text/plain' }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  });
  await expect(page.locator('[data-notice=instrument-import]')).toContainText('Could not load notes.txt');
});
