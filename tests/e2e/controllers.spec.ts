import { expect, test, type Page } from '@playwright/test';
import { listen } from './support/audio-probe';
import { installWebMidiShim, midi, midiPattern, midiReceived } from './support/web-midi-shim';
import { chooseMenu, openApp, panel, tab, waitForWorkspace } from './support/workspace-page';

async function connect(page: Page, device: string): Promise<void> {
  await midi(page, 'plug', device);
  await chooseMenu(page, 'Controls', 'Connect MIDI devices');
  // Starting audio loads two instruments in a worker; on a loaded 2-core machine that can take a while.
  await expect(page.getByText('Audio on')).toBeVisible({ timeout: 30_000 });
}

const fxValue = (page: Page, id: string) => page.evaluate((param) => (globalThis as unknown as { bandroom: { audio: { fxValue(id: string): number } } }).bandroom.audio.fxValue(param), id);

test('MIDI learn maps a hardware knob to reverb mix, and the mapping survives a reload', async ({ page }) => {
  await installWebMidiShim(page);
  await openApp(page);
  await connect(page, 'Keystation 49');
  const knobs = panel(page, 'knob-1');
  await knobs.getByRole('button', { name: /ACTIVE/ }).click();
  await knobs.getByRole('button', { name: 'Edit', exact: true }).click();
  await knobs.getByRole('button', { name: 'Edit knob 1' }).click();
  await knobs.getByRole('combobox', { name: 'Controls' }).selectOption({ label: 'Reverb mix' });
  await knobs.getByRole('button', { name: 'Learn' }).click();
  await expect(knobs.getByRole('button', { name: /Turn a knob on your controller/ })).toBeVisible();

  await midi(page, 'send', 'Keystation 49', [0xb0, 21, 10]);
  await expect(page.getByRole('log')).toContainText('Learned: Keystation 49 CC 21 → knob A1');
  await expect(knobs.getByRole('button', { name: 'Learn' })).toBeVisible();

  await midi(page, 'send', 'Keystation 49', [0xb0, 21, 127]);
  await expect.poll(() => fxValue(page, 'reverb.mix')).toBe(1);
  await expect(knobs.locator('.knob-cell[data-slot="0"]').getByRole('slider', { name: 'Reverb mix' })).toHaveAttribute('aria-valuenow', '127');
  // The piano's FX strip shows the same parameter moving.
  await expect(panel(page, 'piano-1').locator('.fx-group', { hasText: 'Reverb' }).getByRole('slider', { name: 'mix' })).toHaveAttribute('aria-valuenow', '127');

  await page.reload();
  await waitForWorkspace(page);
  await connect(page, 'Keystation 49');
  await midi(page, 'send', 'Keystation 49', [0xb0, 21, 0]);
  await expect.poll(() => fxValue(page, 'reverb.mix')).toBe(0);
});

test('a knob mapped to the keys volume turns the piano down to silence and back, and reads out in dB', async ({ page }) => {
  await installWebMidiShim(page);
  await openApp(page);
  await connect(page, 'Keystation 49');
  const knobs = panel(page, 'knob-1');
  await knobs.getByRole('button', { name: /ACTIVE/ }).click();
  await knobs.getByRole('button', { name: 'Edit', exact: true }).click();
  await knobs.getByRole('button', { name: 'Edit knob 1' }).click();
  await knobs.getByRole('combobox', { name: 'Controls' }).selectOption({ label: 'Keys volume' });
  await knobs.getByRole('button', { name: 'Learn' }).click();
  await midi(page, 'send', 'Keystation 49', [0xb0, 21, 100]);
  await expect(page.getByRole('log')).toContainText('Learned: Keystation 49 CC 21 → knob A1');
  const cell = knobs.locator('.knob-cell[data-slot="0"]');
  await expect(cell.getByRole('slider', { name: 'Keys vol' })).toBeVisible();

  // Full travel: +1.9 dB; the piano sounds.
  await midi(page, 'send', 'Keystation 49', [0xb0, 21, 127]);
  await expect(cell).toContainText('1.9 dB');
  await midi(page, 'send', 'Keystation 49', [0x90, 69, 110]);
  await expect.poll(async () => (await listen(page)).rms, { timeout: 10_000 }).toBeGreaterThan(0.01);
  // All the way down while the key is held: the keys part goes silent (reverb tail and all).
  await midi(page, 'send', 'Keystation 49', [0xb0, 21, 0]);
  await expect(cell).toContainText('−∞ dB');
  await expect.poll(async () => (await listen(page)).rms, { timeout: 10_000 }).toBeLessThan(1e-4);
  await midi(page, 'send', 'Keystation 49', [0x80, 69, 0]);
  // Back up: a new note sounds again, and the position is kept in the audio settings.
  await midi(page, 'send', 'Keystation 49', [0xb0, 21, 102]);
  await midi(page, 'send', 'Keystation 49', [0x90, 69, 110]);
  await expect.poll(async () => (await listen(page)).rms, { timeout: 10_000 }).toBeGreaterThan(0.01);
  await midi(page, 'send', 'Keystation 49', [0x80, 69, 0]);
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { bandroom: { audio: { partParam(part: string, param: string): number } } }).bandroom.audio.partParam('keys', 'volume')))
    .toBeCloseTo(102 / 127, 2);
});

test('an inactive knob panel receives nothing; activating another on the same bank moves the routing', async ({ page }) => {
  await installWebMidiShim(page);
  await openApp(page);
  await connect(page, 'MPD218');
  const before = await fxValue(page, 'reverb.mix');
  // MPD218 knob 7 (CC 16) is reverb mix in the default preset; no knob panel is active yet.
  await midi(page, 'send', 'MPD218', [0xb0, 16, 127]);
  await page.waitForTimeout(200);
  expect(await fxValue(page, 'reverb.mix')).toBe(before);

  await panel(page, 'knob-1').getByRole('button', { name: /ACTIVE/ }).click();
  await chooseMenu(page, 'Controls', 'Add knob panel');
  await panel(page, 'knob-2').getByRole('button', { name: /ACTIVE/ }).click();
  await midi(page, 'send', 'MPD218', [0xb0, 16, 127]);
  const reverb = (id: string) => panel(page, id).locator('.knob-cell[data-slot="6"]').getByRole('slider');
  await expect(reverb('knob-2')).toHaveAttribute('aria-valuenow', '127');
  await tab(page, 'knob-1').click();
  await expect(panel(page, 'knob-1').getByRole('button', { name: 'INACTIVE' })).toBeVisible();
  await expect(reverb('knob-1')).toHaveAttribute('aria-valuenow', '64');
  await expect.poll(() => fxValue(page, 'reverb.mix')).toBe(1);
});

test('presets: create, case-sensitive names, rename follows panels, delete moves them, all kept after reload', async ({ page }) => {
  await openApp(page);
  const pads = panel(page, 'pad-1');
  const manage = async (action: string) => {
    await pads.getByRole('button', { name: 'Manage presets' }).click();
    await pads.getByRole('button', { name: action }).click();
  };
  await manage('New…');
  await pads.getByRole('textbox', { name: 'New preset name' }).fill('Verse');
  await pads.getByRole('button', { name: 'OK' }).click();
  await expect(pads.getByRole('combobox', { name: 'Preset' })).toHaveValue('Verse');

  await manage('New…');
  await pads.getByRole('textbox', { name: 'New preset name' }).fill('verse');
  await pads.getByRole('button', { name: 'OK' }).click();
  await expect(pads.getByRole('combobox', { name: 'Preset' })).toHaveValue('verse');
  await manage('New…');
  await pads.getByRole('textbox', { name: 'New preset name' }).fill('verse');
  await pads.getByRole('button', { name: 'OK' }).click();
  await expect(pads.getByRole('alert')).toHaveText('A preset named "verse" already exists');
  await pads.getByRole('button', { name: 'Cancel' }).click();

  // The knob panel uses "Verse" too; renaming moves both.
  await panel(page, 'knob-1').getByRole('combobox', { name: 'Preset' }).selectOption('Verse');
  await pads.getByRole('combobox', { name: 'Preset' }).selectOption('Verse');
  await manage('Rename…');
  await pads.getByRole('textbox', { name: 'Rename "Verse" to' }).fill('Bridge');
  await pads.getByRole('button', { name: 'OK' }).click();
  await expect(pads.getByRole('combobox', { name: 'Preset' })).toHaveValue('Bridge');
  await expect(panel(page, 'knob-1').getByRole('combobox', { name: 'Preset' })).toHaveValue('Bridge');

  await manage('Delete…');
  await pads.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByText('Preset "Bridge" was deleted')).toBeVisible();
  await expect(page.getByText(/2 panel\(s\) that used it now use "Percussion"/)).toBeVisible();
  await expect(pads.getByRole('combobox', { name: 'Preset' })).toHaveValue('Percussion');

  await page.waitForTimeout(600); // the layout autosave
  await page.reload();
  await waitForWorkspace(page);
  const names = await panel(page, 'pad-1').getByRole('combobox', { name: 'Preset' }).locator('option').allTextContents();
  expect(names).toEqual(['Default', 'Percussion', 'verse']);
  await expect(panel(page, 'knob-1').getByRole('combobox', { name: 'Preset' })).toHaveValue('Percussion');
});

test('editing a pad changes what it plays, and an invalid preset file is refused without touching presets', async ({ page }) => {
  await openApp(page);
  const pads = panel(page, 'pad-1');
  await pads.getByRole('button', { name: 'Edit', exact: true }).click();
  await pads.locator('.pad[data-slot="0"]').click();
  const editor = pads.getByRole('group', { name: 'Edit pad A1' });
  await editor.getByRole('textbox', { name: 'Label' }).fill('Boom');
  await editor.getByRole('textbox', { name: 'Label' }).press('Tab');
  await editor.getByRole('combobox', { name: 'Action' }).selectOption({ label: 'Toggle an effect' });
  await editor.getByRole('combobox', { name: 'Effect' }).selectOption({ label: 'Reverb' });
  await pads.getByRole('button', { name: 'Done' }).click();
  await expect(pads.locator('.pad[data-slot="0"]')).toContainText('Boom');

  const before = await fxValue(page, 'reverb.enabled');
  await pads.locator('.pad[data-slot="0"]').click();
  await expect.poll(() => fxValue(page, 'reverb.enabled')).toBe(before >= 0.5 ? 0 : 1);

  await pads.getByRole('button', { name: 'Manage presets' }).click();
  await pads.getByLabel('Import presets file').setInputFiles({ name: 'presets.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"bandroom-presets","version":1,"presets":[{"name":"X"}]}') });
  await expect(page.getByText('"presets.json" was not imported')).toBeVisible();
  await expect(page.getByText(/Your presets are unchanged/)).toBeVisible();
  const names = await pads.getByRole('combobox', { name: 'Preset' }).locator('option').allTextContents();
  expect(names).toEqual(['Default', 'Percussion']);
});

test('a 10 000 message/s flood for 10 s keeps the UI responsive and loses no note-off', async ({ page }) => {
  test.slow();
  await installWebMidiShim(page);
  await openApp(page);
  await connect(page, 'Keystation 49');
  await page.getByRole('combobox', { name: 'Instrument' }).selectOption('organ'); // sustains until released
  await expect(page.getByRole('log')).toContainText('Instrument: Drawbar organ');

  const flood = page.evaluate(async () => {
    const shim = (window as unknown as { __midiShim: { send(name: string, bytes: number[]): void } }).__midiShim;
    const start = performance.now();
    const RATE = 10_000; // messages per second
    let sent = 0;
    let frames = 0;
    let maxFrameGap = 0;
    let last = start;
    const frame = () => {
      const now = performance.now();
      maxFrameGap = Math.max(maxFrameGap, now - last);
      last = now;
      frames++;
      if (now - start < 10_000) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    while (performance.now() - start < 10_000) {
      // Catch up to 10 000 messages/s in groups of four: a note-on/note-off pair over an octave, plus clock and aftertouch noise.
      const due = ((performance.now() - start) / 1000) * RATE;
      while (sent < due) {
        const note = 60 + (sent % 12);
        shim.send('Keystation 49', [0x90, note, 100]);
        shim.send('Keystation 49', [0xf8]);
        shim.send('Keystation 49', [0xd0, sent % 128]);
        shim.send('Keystation 49', [0x80, note, 0]);
        sent += 4;
      }
      await new Promise((resolve) => setTimeout(resolve, 4));
    }
    return { sent, frames, maxFrameGap, seconds: (performance.now() - start) / 1000 };
  });
  // The UI answers during the flood.
  await page.waitForTimeout(2000);
  const edit = panel(page, 'pad-1').getByRole('button', { name: 'Edit', exact: true });
  await edit.click();
  await expect(panel(page, 'pad-1').getByRole('button', { name: 'Done' })).toBeVisible();

  const result = await flood;
  console.log(`flood: ${result.sent} messages in ${result.seconds.toFixed(1)} s, ${result.frames} frames, longest frame gap ${result.maxFrameGap.toFixed(0)} ms`);
  expect(result.sent / result.seconds).toBeGreaterThan(9000);
  const stats = await page.evaluate(() => (globalThis as unknown as { bandroom: { controls: { router: { stats: Record<string, number> } } } }).bandroom.controls.router.stats);
  expect(stats['messages']).toBe(result.sent);
  // Silence after the release tail: every note that sounded was released.
  await page.waitForTimeout(1500);
  expect((await listen(page)).rms).toBeLessThan(0.002);
});

test('the action ledger shows each verdict, then the groove scores as they backfill, and keeps rows after a reload', async ({ page }) => {
  await installWebMidiShim(page);
  await openApp(page);
  await connect(page, 'MPD218');
  await chooseMenu(page, 'Logs', 'Open action ledger');
  const ledger = page.getByRole('table', { name: 'Action ledger' });
  await expect(page.getByText('No MIDI yet. Hit a pad.')).toBeVisible();

  // An inactive panel's pad: ignored, and says why.
  await midi(page, 'send', 'MPD218', [0x99, 36, 100]);
  await expect(ledger.locator('[data-verdict="ignored"]').first()).toBeVisible();

  await tab(page, 'pad-1').click();
  await panel(page, 'pad-1').getByRole('button', { name: /ACTIVE/ }).click();
  await tab(page, 'ledger-1').click();
  // The groove worker boots with the app; on a busy machine that takes a moment, and hits before it is up get no score.
  await expect(page.getByTestId('scorer-starting')).toHaveCount(0, { timeout: 30_000 });
  // Eight kicks at 120 BPM (the eighth 60 ms late), then a snare that chatters: a double trigger 15 ms apart.
  const pattern = Array.from({ length: 8 }, (_, hit) => {
    const at = hit * 500 + (hit === 7 ? 60 : 0);
    return [
      { at, bytes: [0x99, 36, 100] },
      { at: at + 80, bytes: [0x89, 36, 0] }
    ];
  }).flat();
  pattern.push({ at: 4000, bytes: [0x99, 38, 100] }, { at: 4015, bytes: [0x99, 38, 100] });
  await midiPattern(page, 'MPD218', pattern);

  await expect(ledger.locator('[data-verdict="fired"]').first()).toBeVisible();
  await expect.poll(() => ledger.locator('[data-score]:not([data-score=""])').count()).toBeGreaterThan(3);
  await expect(ledger.locator('[data-score="double-trigger"]')).toHaveCount(1);

  await page.waitForTimeout(500); // the ledger's batched write
  await page.reload();
  await waitForWorkspace(page);
  const stored = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('bandroom');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const chunks = await new Promise<unknown[]>((resolve) => {
      const request = db.transaction('ledger').objectStore('ledger').getAll();
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    return JSON.stringify(chunks);
  });
  expect(stored).toContain('"double-trigger"');
  expect(stored).toContain('"inactive-panel"');
});

test('pad LEDs on the controller follow the active panel and light up on hits', async ({ page }) => {
  await installWebMidiShim(page);
  await openApp(page);
  await connect(page, 'MPD218');
  expect(await midiReceived(page, 'MPD218')).toEqual([]); // no active pad panel: all dark

  await panel(page, 'pad-1').getByRole('button', { name: /ACTIVE/ }).click();
  await expect.poll(async () => (await midiReceived(page, 'MPD218')).length).toBe(16);
  expect((await midiReceived(page, 'MPD218'))[0]).toEqual([0x99, 36, 16]);

  await midi(page, 'send', 'MPD218', [0x99, 38, 100]);
  await expect.poll(async () => (await midiReceived(page, 'MPD218')).at(-1)).toEqual([0x99, 38, 127]);
  await midi(page, 'send', 'MPD218', [0x89, 38, 0]);
  await expect.poll(async () => (await midiReceived(page, 'MPD218')).at(-1)).toEqual([0x99, 38, 16]);

  await panel(page, 'pad-1').getByRole('button', { name: 'ACTIVE', exact: true }).click();
  await expect.poll(async () => (await midiReceived(page, 'MPD218')).slice(-16).every(([status, , velocity]) => status === 0x89 && velocity === 0)).toBe(true);
});

test('choosing a controller profile in Settings changes how that device is read', async ({ page }) => {
  await installWebMidiShim(page);
  await openApp(page);
  await connect(page, 'Keystation 49');
  await tab(page, 'settings-1').click();
  const settings = panel(page, 'settings-1');
  await expect(settings.locator('[data-device="Keystation 49"]')).toContainText('CC 70 71 72 73 74 75 76 77');
  // As a keyboard, note 37 plays the piano.
  await midi(page, 'send', 'Keystation 49', [0x90, 37, 100]);
  await settings.getByRole('combobox', { name: 'Profile for Keystation 49' }).selectOption('mpd');
  await expect(settings.locator('[data-device="Keystation 49"]')).toContainText('CC 3 9 12 13 14 15 16 17');
  await midi(page, 'send', 'Keystation 49', [0x80, 37, 0]);
  // As a pad controller with no active pad panel, the same note is ignored.
  const verdict = await page.evaluate(() => {
    const router = (globalThis as unknown as { bandroom: { controls: { router: { stats: { ignored: number } } } } }).bandroom.controls.router;
    return router.stats.ignored;
  });
  await midi(page, 'send', 'Keystation 49', [0x90, 37, 100]);
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as { bandroom: { controls: { router: { stats: { ignored: number } } } } }).bandroom.controls.router.stats.ignored))
    .toBe(verdict + 1);
  await tab(page, 'logs-1').click();
  await expect(page.getByRole('log')).toContainText('Keystation 49 now uses the "MPD-style pads');
});
