// The model manager and the inference runtime in the real browser: built-in
// models verified and cached for offline use, threaded onnxruntime, user
// models checked on load (a broken one refused, nothing stored), a good tiny
// stem separator used by the analysis, then removed; analysis offline finds notes.
import { writeWav } from '../fixtures/wav-writer.js';
import { expect, test, type Page } from '@playwright/test';
import { tinySeparator } from '../fixtures/tiny-user-models';
import { listen } from './support/audio-probe';
import { chooseMenu, openApp, panel, tab, waitForWorkspace } from './support/workspace-page';

const RATE = 22050;

/** 8 s stereo 16-bit WAV at 120 BPM: a click per beat over C – F – G – C triads (one per bar), the bass note an octave down. */
function shortWav(): Buffer {
  const frames = 8 * RATE;
  const chords = [
    [130.81, 261.63, 329.63, 392.0],
    [174.61, 349.23, 440.0, 523.25],
    [196.0, 392.0, 493.88, 587.33],
    [130.81, 261.63, 329.63, 392.0]
  ];
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    const t = i / RATE;
    let tone = 0;
    for (const f of chords[Math.floor(t / 2) % 4]!) tone += Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
    const beat = t % 0.5;
    const click = beat < 0.03 ? Math.sin(2 * Math.PI * 1500 * t) * Math.exp(-beat / 0.006) : 0;
    left[i] = Math.max(-1, Math.min(1, 0.07 * tone + 0.5 * click));
    right[i] = Math.max(-1, Math.min(1, 0.07 * tone + 0.2 * click));
  }
  return Buffer.from(writeWav({ channels: [left, right], sampleRate: RATE, encoding: 'pcm16' }));
}

async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

async function openModels(page: Page) {
  await chooseMenu(page, 'Analysis', 'Manage models');
  const models = panel(page, 'models-1');
  await expect(models.getByRole('heading', { name: 'Built-in models' })).toBeVisible();
  return models;
}

/** Keys in the IndexedDB store that holds user models. */
function storedModelKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('bandroom');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('models').objectStore('models').getAllKeys();
          request.onsuccess = () => {
            resolve(request.result.map(String));
            open.result.close();
          };
          request.onerror = () => reject(request.error);
        };
      })
  );
}

/**
 * Makes the page and every worker it starts report `cores` CPU cores. The
 * plain Emulation override reaches the page only; the runtime decides its
 * threads inside a worker, so each worker gets it as it attaches, before it runs.
 */
async function emulateCores(page: Page, cores: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores });
  cdp.on('Target.attachedToTarget', (event) => {
    const send = (id: number, method: string, params: object = {}) => cdp.send('Target.sendMessageToTarget', { sessionId: event.sessionId, message: JSON.stringify({ id, method, params }) });
    void send(1, 'Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores }).then(() => send(2, 'Runtime.runIfWaitingForDebugger'));
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
}

const onnxFile = (name: string, bytes: Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
const FINISHED = /^completed(-with-fallback)?$/;

test('lists every built-in model with size, license, source, a verified hash and its offline copy', async ({ page }) => {
  await openApp(page);
  await waitForServiceWorkerControl(page);
  const models = await openModels(page);
  for (const name of ['basic-pitch', 'silero-vad-v5']) {
    const row = models.locator(`tr[data-model="${name}"]`);
    await expect(row.getByTestId('hash-status')).toHaveText('verified', { timeout: 20_000 });
    await expect(row.getByTestId('offline-status')).toHaveText('available offline');
  }
  const pitch = models.locator('tr[data-model="basic-pitch"]');
  await expect(pitch).toContainText('Apache-2.0');
  await expect(pitch).toContainText('@spotify/basic-pitch@1.0.1');
  await expect(pitch).toContainText('849 KB');
  await expect(models.locator('tr[data-model="silero-vad-v5"]')).toContainText('MIT');
  await expect(models.getByTestId('runtime-offline')).toHaveText('available offline');
  await page.screenshot({ path: test.info().outputPath('model-manager.png') });
});

test('onnxruntime runs threaded when cross-origin isolated, leaving a core for audio', async ({ page }) => {
  // Four cores, as a typical laptop: the runtime should take three and leave one for audio.
  await emulateCores(page, 4);
  await openApp(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const models = await openModels(page);
  await models.getByRole('button', { name: 'Test runtime' }).click();
  const report = models.getByTestId('runtime-report');
  await expect(report).toBeVisible({ timeout: 30_000 });
  console.log(`runtime: ${await report.textContent()}`);
  // Three threads ran Basic Pitch: the threaded WASM build loaded (SharedArrayBuffer, /ort/ files) and worked.
  await expect(report).toHaveAttribute('data-threads', '3');
  await expect(report).toContainText('3 threads of 4 cores');
});

test('a broken user model is refused with what is wrong, and nothing is stored', async ({ page }) => {
  await openApp(page);
  const models = await openModels(page);
  const slot = models.locator('[data-slot="stem-separator"]');
  await slot.getByTestId('slot-file').setInputFiles(onnxFile('rank2.onnx', tinySeparator({ inputShape: [2, 'samples'] })));
  await expect(slot.getByTestId('slot-error')).toContainText('"rank2.onnx" does not fit the expected model contract: input "mix" has rank 2');
  await slot.getByTestId('slot-file').setInputFiles(onnxFile('crash.onnx', tinySeparator({ biasSamples: 1000 })));
  await expect(slot.getByTestId('slot-error')).toContainText('"crash.onnx" fits the stem separator contract but failed its test run on silence');
  await slot.getByTestId('slot-file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(slot.getByTestId('slot-error')).toContainText('"notes.txt" is not an .onnx file');
  await expect(slot.getByTestId('slot-state')).toHaveText('Built-in');
  expect(await storedModelKeys(page)).toEqual([]);
  await slot.getByTestId('slot-file').setInputFiles(onnxFile('rank2.onnx', tinySeparator({ inputShape: [2, 'samples'] })));
  await expect(slot.getByTestId('slot-error')).toContainText('rank2.onnx');
  await page.screenshot({ path: test.info().outputPath('model-manager-refused.png') });
  const speaker = models.locator('[data-slot="speaker-embedding"]');
  await speaker.getByTestId('slot-file').setInputFiles(onnxFile('separator.onnx', tinySeparator()));
  await expect(speaker.getByTestId('slot-error')).toContainText('missing input "feats"');
  expect(await storedModelKeys(page)).toEqual([]);
});

test('a good tiny stem separator is stored, used by the next analysis, then removed', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const models = await openModels(page);
  const slot = models.locator('[data-slot="stem-separator"]');
  await slot.getByTestId('slot-file').setInputFiles(onnxFile('tiny-split.onnx', tinySeparator({ stemNames: 'tinylow,tinyhigh' })));
  await expect(slot.getByTestId('slot-model')).toContainText('tiny-split.onnx');
  await expect(slot.getByTestId('slot-model')).toContainText('tinylow, tinyhigh');
  await expect(slot.getByTestId('slot-state')).toHaveText('Your model');
  expect((await storedModelKeys(page)).length).toBe(2);
  await page.screenshot({ path: test.info().outputPath('model-manager-user-model.png') });

  await chooseMenu(page, 'Analysis', 'Open jobs');
  await chooseMenu(page, 'Analysis', 'Open analysis');
  await panel(page, 'analysis-1').getByTestId('analysis-file').setInputFiles({ name: 'take.wav', mimeType: 'audio/wav', buffer: shortWav() });
  const job = panel(page, 'jobs-1').locator('article.job').first();
  await expect(job).toHaveAttribute('data-status', FINISHED, { timeout: 90_000 });
  await expect(job.locator('[data-stage="stems"]')).toHaveAttribute('data-state', 'done');
  // The result names the model's stems, not the built-in ones.
  const analysis = panel(page, 'analysis-1');
  await expect(analysis.locator('[data-testid=stem][data-stem=tinylow]')).toBeVisible();
  await expect(analysis.locator('[data-testid=stem][data-stem=tinyhigh]')).toBeVisible();
  await expect(analysis.getByText(/percussive/)).toHaveCount(0);
  // They are this analysis' own stems (cached under the model's hash): the waveform shows and they play,
  // and you hear which is which — the tiny model made "tinyhigh" three times as loud as "tinylow".
  await expect(analysis.getByTestId('waveform')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await analysis.getByRole('button', { name: 'Solo tinylow' }).click();
  await analysis.getByTestId('play-toggle').click();
  await expect(analysis.getByTestId('play-toggle')).toHaveAttribute('aria-pressed', 'true', { timeout: 20_000 });
  await page.waitForTimeout(900);
  const low = await listen(page);
  await analysis.getByRole('button', { name: 'Solo tinylow' }).click();
  await analysis.getByRole('button', { name: 'Solo tinyhigh' }).click();
  await page.waitForTimeout(900);
  const high = await listen(page);
  await expect(analysis.getByTestId('playback-error')).toHaveCount(0);
  expect(low.rms).toBeGreaterThan(0.003);
  expect(high.rms / low.rms).toBeGreaterThan(2.4);
  expect(high.rms / low.rms).toBeLessThan(3.6);
  await analysis.getByTestId('play-toggle').click();

  // The analysis and jobs panels float over the model manager: close them to get back to it.
  await tab(page, 'analysis-1').getByRole('button', { name: 'Close Analysis' }).click();
  await tab(page, 'jobs-1').getByRole('button', { name: 'Close Jobs' }).click();
  await slot.getByRole('button', { name: 'Remove' }).click();
  await expect(slot.getByTestId('slot-state')).toHaveText('Built-in');
  await expect(slot.getByTestId('slot-message')).toContainText('Removed "tiny-split.onnx"');
  expect(await storedModelKeys(page)).toEqual([]);
});

test('after install, a recording is analysed with the network off and Basic Pitch finds notes', async ({ page, context }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await waitForServiceWorkerControl(page);
  await context.setOffline(true);
  await page.reload();
  await waitForWorkspace(page);
  await chooseMenu(page, 'Analysis', 'Open jobs');
  await chooseMenu(page, 'Analysis', 'Open analysis');
  await panel(page, 'analysis-1').getByTestId('analysis-file').setInputFiles({ name: 'offline-take.wav', mimeType: 'audio/wav', buffer: shortWav() });
  const job = panel(page, 'jobs-1').locator('article.job').first();
  await expect(job).toHaveAttribute('data-status', FINISHED, { timeout: 90_000 });
  // The model ran (not its fallback), from the precache.
  await expect(job.locator('[data-stage="notes"]')).toHaveAttribute('data-state', 'done');
  await expect(panel(page, 'analysis-1').getByTestId('analysis-notes')).toContainText(/[1-9]\d* found/);
  await context.setOffline(false);
});
