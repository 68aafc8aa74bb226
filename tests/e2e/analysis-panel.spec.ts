import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import tonejsMidi from '@tonejs/midi';
import { readCueSheet } from '../../src/lib/panels/analysis/cue-sheet-export';
import { chordSymbol } from '../../src/lib/panels/analysis/chord-symbol';
import { listen } from './support/audio-probe';
import { SONG_BAR_SECONDS, SONG_CHORDS, songWav } from './support/song-fixture';
import { chooseMenu, openApp, panel } from './support/workspace-page';

// @tonejs/midi is CommonJS: Playwright's ESM loader sees only its default export.
const { Midi } = tonejsMidi;

/**
 * The Analysis panel as a musician uses it, on one analysed song (40 s at
 * 120 BPM, A–B–A, known chords, a pure low bass): read the waveform and
 * ruler, play the stems and hear mute/solo act, jump to a cue, export.
 * One analysis for the whole file (it takes ~30 s); the tests share its page.
 */
test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let analysis: Locator;

async function playheadSeconds(): Promise<number> {
  return Number(await analysis.getByTestId('playhead').getAttribute('data-seconds'));
}

/** Lets the output tap fill with the new mix (its FFT spans 0.68 s at 48 kHz). */
async function settle(): Promise<void> {
  await page.waitForTimeout(900);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  page = await context.newPage();
  await openApp(page);
  await chooseMenu(page, 'Analysis', 'Open analysis');
  analysis = panel(page, 'analysis-1');
  await analysis.getByTestId('analysis-file').setInputFiles({ name: 'song-aba.wav', mimeType: 'audio/wav', buffer: Buffer.from(songWav()) });
  await expect(analysis.getByTestId('analysis-job')).toHaveAttribute('data-status', /^completed(-with-fallback)?$/, { timeout: 150_000 });
  await expect(analysis.getByTestId('waveform')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
});

test.afterAll(async () => {
  await context.close();
});

test('shows the waveform with coloured sections and a bar ruler numbered from bar 1', async () => {
  await expect(analysis.getByTestId('waveform')).toBeVisible();
  const ruler = analysis.getByTestId('ruler');
  await expect(ruler).toBeVisible();
  await expect(ruler.locator('[data-bar="1"]')).toHaveText('1');
  const labels = (await ruler.locator('.labelled').allTextContents()).map(Number);
  expect(labels.length).toBeGreaterThanOrEqual(5);
  expect(labels).toEqual([...labels].sort((a, b) => a - b));
  const sections = analysis.getByTestId('timeline-section');
  expect(await sections.count()).toBeGreaterThanOrEqual(2);
  await expect(sections.first()).toHaveText('A');
  await expect(sections.filter({ hasText: 'B' }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('analysis-panel-1366x768.png') });
  await analysis.locator('.analysis-panel').evaluate((element) => (element.scrollTop = element.scrollHeight));
  await page.screenshot({ path: test.info().outputPath('analysis-panel-1366x768-sheet.png') });
});

test('the chord chart shows the song’s chords bar by bar', async () => {
  const bars = analysis.getByTestId('chart-bar');
  const count = await bars.count();
  expect(count).toBeGreaterThanOrEqual(16);
  let right = 0;
  for (const bar of await bars.all()) {
    const time = Number(await bar.getAttribute('data-time'));
    const expected = SONG_CHORDS[Math.floor((time + 0.1) / SONG_BAR_SECONDS)]!;
    const shown = ((await bar.textContent()) ?? '').replace(/^\s*\d+/, '').trim();
    if (shown === chordSymbol(expected === 'Am' ? 'A:min' : expected === 'Dm' ? 'D:min' : expected)) right++;
  }
  console.log(`chord chart: ${right}/${count} bars right`);
  expect(right / count).toBeGreaterThanOrEqual(0.9);
});

test('play sends the stems to the app’s output; soloing the bass leaves a low note, soloing the rest a higher one, muting silences, live notes still sound', async () => {
  test.setTimeout(60_000);
  await analysis.getByTestId('play-toggle').click();
  await expect(analysis.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'true', { timeout: 20_000 });
  await settle();
  const full = await listen(page);
  expect(full.rms).toBeGreaterThan(0.02);
  const before = await playheadSeconds();
  await page.waitForTimeout(500);
  expect(await playheadSeconds()).toBeGreaterThan(before + 0.2);

  await analysis.getByRole('button', { name: 'Solo Bass' }).click();
  await settle();
  const bass = await listen(page);
  console.log(`full mix ${full.dominantHz.toFixed(1)} Hz rms ${full.rms.toFixed(3)}; bass solo ${bass.dominantHz.toFixed(1)} Hz rms ${bass.rms.toFixed(3)}`);
  expect(bass.rms).toBeGreaterThan(0.01);
  expect(bass.dominantHz).toBeLessThan(130);

  // The stems' level sits them under live playing; at zero they are gone.
  const level = analysis.getByRole('slider', { name: 'Stems level' });
  await level.fill('0');
  await settle();
  expect((await listen(page)).rms).toBeLessThan(0.002);
  await level.fill('1');

  await analysis.getByRole('button', { name: 'Solo Bass' }).click();
  await analysis.getByRole('button', { name: 'Solo Other' }).click();
  await settle();
  const chords = await listen(page);
  console.log(`chords solo ${chords.dominantHz.toFixed(1)} Hz rms ${chords.rms.toFixed(3)}`);
  expect(chords.rms).toBeGreaterThan(0.005);
  expect(chords.dominantHz).toBeGreaterThan(200);

  await analysis.getByRole('button', { name: 'Mute Other' }).click();
  await settle();
  expect((await listen(page)).rms).toBeLessThan(0.002);

  // Playback leaves the live synth alone: with the stems still running (silenced), A4 on the computer keyboard sounds at 440 Hz.
  await expect(analysis.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.down('h');
  await settle();
  const live = await listen(page);
  await page.keyboard.up('h');
  console.log(`live A4 while stems play: ${live.dominantHz.toFixed(1)} Hz rms ${live.rms.toFixed(3)}`);
  expect(live.rms).toBeGreaterThan(0.005);
  expect(live.dominantHz).toBeGreaterThan(435);
  expect(live.dominantHz).toBeLessThan(445);

  await analysis.getByRole('button', { name: 'Mute Other' }).click();
  await analysis.getByRole('button', { name: 'Solo Other' }).click();
  await analysis.getByTestId('play-toggle').click();
  await expect(analysis.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'false');
  await settle();
  expect((await listen(page)).rms).toBeLessThan(0.002);
});

test('clicking a cue jumps the playhead to its section’s start and loops that section', async () => {
  const sectionCues = analysis.locator('[data-testid=analysis-cue][data-kind=section]');
  expect(await sectionCues.count()).toBeGreaterThanOrEqual(2);
  const cue = sectionCues.nth(1);
  const cueTime = Number(await cue.getAttribute('data-time'));
  await cue.click();
  await expect.poll(playheadSeconds).toBeCloseTo(cueTime, 2);
  await expect(analysis.getByTestId('loop-status')).toBeVisible();
  await expect(analysis.getByTestId('loop-region')).toBeVisible();
  const row = analysis.locator(`[data-testid=cue-sheet-row][data-start="${cueTime.toFixed(3)}"]`);
  await expect(row).toHaveCount(1);

  // Playing from there stays in the loop: the playhead moves on from the section start.
  await analysis.getByTestId('play-toggle').click();
  await expect(analysis.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.waitForTimeout(800);
  const now = await playheadSeconds();
  expect(now).toBeGreaterThan(cueTime + 0.3);
  await analysis.getByTestId('play-toggle').click();

  // A click on the waveform outside the loop moves there and ends the loop.
  const box = (await analysis.getByTestId('waveform').boundingBox())!;
  await page.mouse.click(box.x + 4, box.y + box.height / 2);
  await expect.poll(playheadSeconds).toBeLessThan(1);
  await expect(analysis.getByTestId('loop-status')).toHaveCount(0);
});

test('dragging across bars on the ruler loops exactly those bars', async () => {
  const ruler = analysis.getByTestId('ruler');
  const tick = (bar: number) => ruler.locator(`[data-bar="${bar}"]`);
  const from = (await tick(2).boundingBox())!;
  const to = (await tick(4).boundingBox())!;
  const y = from.y + from.height / 2;
  await page.mouse.move(from.x + 6, y);
  await page.mouse.down();
  await page.mouse.move(to.x + 6, y, { steps: 5 });
  await page.mouse.up();
  const start = Number(await tick(2).getAttribute('data-time'));
  const end = Number(await tick(5).getAttribute('data-time'));
  await expect.poll(playheadSeconds).toBeCloseTo(start, 2);
  const region = (await analysis.getByTestId('loop-region').boundingBox())!;
  expect(region.x).toBeCloseTo((await tick(2).boundingBox())!.x, -1);
  expect(region.x + region.width).toBeCloseTo((await tick(5).boundingBox())!.x, -1);
  expect(end).toBeGreaterThan(start);
  await analysis.getByRole('button', { name: 'End loop' }).click();
  await expect(analysis.getByTestId('loop-status')).toHaveCount(0);
});

test('zooming in shows a few bars in detail and the view follows a jump to a later section', async () => {
  await analysis.getByRole('button', { name: 'Zoom in' }).click();
  await analysis.getByRole('button', { name: 'Zoom in' }).click();
  await expect(analysis.getByTestId('view-range')).toHaveText(/^0:0\d\.\d–0:\d\d\.\d$/);
  const numbers = (await analysis.getByTestId('ruler').locator('.labelled').allTextContents()).map(Number);
  expect(numbers.length).toBeLessThanOrEqual(6);
  const last = analysis.locator('[data-testid=analysis-cue][data-kind=section]').last();
  const time = Number(await last.getAttribute('data-time'));
  await last.click();
  await expect.poll(playheadSeconds).toBeCloseTo(time, 2);
  const timeline = (await analysis.getByTestId('timeline').boundingBox())!;
  const playhead = (await analysis.getByTestId('playhead').boundingBox())!;
  expect(playhead.x).toBeGreaterThanOrEqual(timeline.x);
  expect(playhead.x).toBeLessThanOrEqual(timeline.x + timeline.width);
  const shownBars = (await analysis.getByTestId('ruler').locator('.labelled').allTextContents()).map(Number);
  expect(Math.min(...shownBars)).toBeGreaterThan(10);
  await analysis.locator('.analysis-panel').evaluate((element) => (element.scrollTop = 0));
  await page.screenshot({ path: test.info().outputPath('analysis-panel-zoomed.png') });
  await analysis.getByRole('button', { name: 'Fit' }).click();
  await expect(analysis.getByTestId('view-range')).toHaveText('whole recording');
  await analysis.getByRole('button', { name: 'End loop' }).click();
});

test('the exported cue sheet is valid JSON that matches the cues and sections shown', async () => {
  const button = analysis.getByRole('button', { name: 'Cue sheet (JSON)' });
  await expect(button).toBeEnabled({ timeout: 20_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('song-aba – cues.json');
  const sheet = readCueSheet(await readFile((await download.path())!, 'utf8'));
  expect(sheet.cues.map((cue) => cue.text)).toEqual(await analysis.getByTestId('analysis-cue').allTextContents());
  const rows = analysis.getByTestId('cue-sheet-row');
  expect(sheet.sections.map((section) => section.label)).toEqual(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-section'))));
  expect(sheet.sections.map((section) => section.start.toFixed(3))).toEqual(await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-start'))));
  expect(sheet.tempo.bpm).toBeGreaterThan(117);
  expect(sheet.tempo.bpm).toBeLessThan(123);
  // Every section of this song has all three stems playing, so the first brings them in and nothing drops out later.
  expect(sheet.sections[0]!.stemsIn).toEqual(expect.arrayContaining(['percussive', 'bass', 'other']));
  for (const section of sheet.sections.slice(1)) expect(section.stemsOut).toEqual([]);
  expect(sheet.sections.every((section) => section.loudnessDb !== null)).toBe(true);
});

test('the printable chord chart (download and print tab) holds the same bars and chords as the panel', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), analysis.getByRole('button', { name: 'Chord chart (HTML)' }).click()]);
  const html = await readFile((await download.path())!, 'utf8');
  const chart = await context.newPage();
  await chart.setContent(html);
  const printed = await chart.locator('.bar:not(.empty)').evaluateAll((bars) => bars.map((bar) => `${bar.querySelector('.num')?.textContent}:${bar.querySelector('.chord')?.textContent}`));
  await chart.close();
  const shown = await analysis.getByTestId('chart-bar').evaluateAll((bars) => bars.map((bar) => `${bar.getAttribute('data-bar')}:${bar.textContent?.replace(/^\s*\d+/, '').trim()}`));
  expect(printed).toEqual(shown);
  expect(html).toContain('@page');

  // "Print chord chart…" opens the same chart in its own tab (and asks the browser to print it).
  const [popup] = await Promise.all([page.waitForEvent('popup'), analysis.getByRole('button', { name: 'Print chord chart…' }).click()]);
  await expect(popup.locator('.chord').first()).toBeVisible();
  expect(await popup.locator('.bar:not(.empty)').count()).toBe(shown.length);
  await popup.close();
});

test('the piano rolls show notes over the whole song, well past its first 15 s', async () => {
  const rolls = analysis.getByTestId('piano-roll');
  await expect(rolls.first()).toBeVisible();
  const reach = await rolls.evaluateAll((all) => all.map((roll) => Number(roll.getAttribute('data-reach'))));
  // The song is 40 s; its bass holds a note in every bar up to the end.
  expect(Math.max(...reach)).toBeGreaterThan(35);
  await expect(analysis.getByTestId('analysis-notes')).toContainText(/[1-9]\d* found/);
});

test('the exported MIDI has one track per stem with the notes the piano rolls show', async () => {
  const rolls = analysis.getByTestId('piano-roll');
  test.skip((await rolls.count()) === 0, 'the note model fell back on this machine; no notes to export');
  const shown = Object.fromEntries(await rolls.evaluateAll((all) => all.map((roll) => [roll.getAttribute('data-stem'), Number(roll.getAttribute('data-notes'))])));
  expect(shown.bass).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent('download'), analysis.getByRole('button', { name: 'Notes (MIDI)' }).click()]);
  const midi = new Midi(await readFile((await download.path())!));
  expect(midi.header.tempos[0]?.bpm).toBeGreaterThan(117);
  expect(midi.header.tempos[0]?.bpm).toBeLessThan(123);
  const byName = Object.fromEntries(midi.tracks.map((track) => [track.name, track.notes]));
  expect(byName['Bass']?.length).toBe(shown.bass);
  if (shown.other) expect(byName['Other']?.length).toBe(shown.other);
  // The fixture's bass is the chord root two octaves down: C2, F2, G2, A1, D2. Over the whole
  // song the model slips now and then where the bass jumps between bars: nearly all, not all.
  const bass = byName['Bass']!;
  const onRoots = bass.filter((note) => [0, 2, 5, 7, 9].includes(note.midi % 12));
  expect(onRoots.length).toBeGreaterThanOrEqual(0.9 * bass.length);
  expect(new Set(onRoots.map((note) => note.midi % 12))).toEqual(new Set([0, 2, 5, 7, 9]));
  for (const note of byName['Bass']!) expect(note.midi).toBeLessThanOrEqual(55);
  // Notes from the whole song, not its first seconds: the last bars (36–40 s) are in the file too.
  expect(Math.max(...byName['Bass']!.map((note) => note.time))).toBeGreaterThan(35);
});

test('when the cached audio is gone, the panel says so, Play explains, and the chart and cue sheet stay', async ({ browser }) => {
  test.setTimeout(180_000);
  const own = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const tab = await own.newPage();
  await openApp(tab);
  await chooseMenu(tab, 'Analysis', 'Open analysis');
  const shown = panel(tab, 'analysis-1');
  await shown.getByTestId('analysis-file').setInputFiles({ name: 'song-aba.wav', mimeType: 'audio/wav', buffer: Buffer.from(songWav()) });
  await expect(shown.getByTestId('analysis-job')).toHaveAttribute('data-status', /^completed(-with-fallback)?$/, { timeout: 150_000 });
  const bars = await shown.getByTestId('chart-bar').count();

  // Evict every cached stem and the decoded mix, as a full disk or "clear cache" would, keeping the result.
  const removed = await tab.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('bandroom');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const store = db.transaction('cache', 'readwrite').objectStore('cache');
    const keys = await new Promise<IDBValidKey[]>((resolve) => {
      const request = store.getAllKeys();
      request.onsuccess = () => resolve(request.result);
    });
    const stems = keys.filter((key) => typeof key === 'string' && /:stem:[a-z]+$/.test(key));
    for (const key of stems) store.delete(key);
    await new Promise((resolve) => (store.transaction.oncomplete = resolve));
    db.close();
    return stems.length;
  });
  expect(removed).toBeGreaterThan(0);

  await tab.reload();
  const after = panel(tab, 'analysis-1');
  await expect(after.getByTestId('media-problem')).toContainText('no longer in the cache', { timeout: 20_000 });
  await after.getByTestId('play-toggle').click();
  await expect(after.getByTestId('playback-error')).toContainText('analyse the recording again');
  await expect(after.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(after.getByTestId('chart-bar')).toHaveCount(bars);
  await expect(after.getByTestId('analysis-key')).toContainText('C major');
  await expect(after.getByRole('button', { name: 'Cue sheet (JSON)' })).toBeEnabled();
  await own.close();
});
