import { expect, test, type Page } from '@playwright/test';
import { chooseMenu, openApp, panel } from './support/workspace-page';

const RATE = 22050;

/** A 16 s mono 16-bit WAV: a click on every beat at 120 BPM over C – F – G – C, one chord per bar. */
function rehearsalWav(): Buffer {
  const frames = 16 * RATE;
  const chords = [
    [261.63, 329.63, 392.0],
    [349.23, 440.0, 523.25],
    [392.0, 493.88, 587.33],
    [261.63, 329.63, 392.0]
  ];
  const wav = Buffer.alloc(44 + frames * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + frames * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(RATE, 24);
  wav.writeUInt32LE(RATE * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(frames * 2, 40);
  for (let i = 0; i < frames; i++) {
    const t = i / RATE;
    let tone = 0;
    for (const f of chords[Math.floor(t / 2) % 4]!) tone += Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
    const beat = t % 0.5;
    const accent = Math.floor(t / 0.5) % 4 === 0 ? 1 : 0.6;
    const click = beat < 0.03 ? accent * Math.sin(2 * Math.PI * 1500 * t) * Math.exp(-beat / 0.006) : 0;
    wav.writeInt16LE(Math.round(Math.max(-1, Math.min(1, 0.08 * tone + 0.5 * click)) * 32000), 44 + 2 * i);
  }
  return wav;
}

async function openAnalysis(page: Page) {
  await chooseMenu(page, 'Analysis', 'Open jobs');
  await chooseMenu(page, 'Analysis', 'Open analysis');
  return { jobs: panel(page, 'jobs-1'), analysis: panel(page, 'analysis-1') };
}

async function chooseFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await panel(page, 'analysis-1').getByTestId('analysis-file').setInputFiles({ name, mimeType: 'audio/wav', buffer });
}

const FINISHED = /^completed(-with-fallback)?$/;

test('a dropped rehearsal becomes a job with stages, then tempo, key and cues; reload keeps them; a second run is cached', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const { jobs, analysis } = await openAnalysis(page);
  const wav = rehearsalWav();
  const started = Date.now();
  await chooseFile(page, 'take-1.wav', wav);
  const job = jobs.locator('article.job').first();
  await expect(job.locator('[data-stage]')).toHaveCount(7);
  await expect(job).toHaveAttribute('data-status', FINISHED, { timeout: 90_000 });
  console.log(`analysis of 16 s WAV: ${Date.now() - started} ms, status ${await job.getAttribute('data-status')}`);
  if ((await job.getAttribute('data-status')) === 'completed-with-fallback') {
    await expect(job.getByTestId('job-fallback').first()).toContainText('Finding notes');
    await expect(analysis.getByTestId('analysis-fallback').first()).toContainText('Finding notes');
  }
  const tempo = Number.parseFloat((await analysis.getByTestId('analysis-tempo').textContent()) ?? '');
  expect(tempo).toBeGreaterThan(117);
  expect(tempo).toBeLessThan(123);
  await expect(analysis.getByTestId('analysis-key')).toContainText('C major');
  await expect(analysis.getByTestId('analysis-cue').first()).toContainText('count-in');

  await page.reload();
  const after = await openAnalysis(page);
  await expect(after.jobs.locator('article.job')).toHaveCount(1);
  await expect(after.jobs.locator('article.job').first()).toHaveAttribute('data-status', FINISHED);
  await expect(after.analysis.getByTestId('analysis-key')).toContainText('C major');

  const again = Date.now();
  await chooseFile(page, 'take-1-copy.wav', wav);
  await expect(after.jobs.locator('article.job')).toHaveCount(2);
  const second = after.jobs.locator('article.job').first();
  await expect(second).toHaveAttribute('data-status', FINISHED, { timeout: 15_000 });
  console.log(`cached re-analysis: ${Date.now() - again} ms`);
  for (const stage of await second.locator('[data-stage]').all()) await expect(stage).toHaveAttribute('data-state', /^(cached|fallback)$/);
});

test('random bytes named .wav end in a clear error in the Jobs panel and nothing else is lost', async ({ page }) => {
  await openApp(page);
  const { jobs, analysis } = await openAnalysis(page);
  const junk = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 251));
  await chooseFile(page, 'not-audio.wav', junk);
  const job = jobs.locator('article.job').first();
  await expect(job).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  await expect(job.getByTestId('job-error')).toContainText("isn't audio we can read");
  await expect(job.getByRole('button', { name: 'Remove' })).toBeVisible();
  await expect(analysis.getByRole('button', { name: 'Choose a recording…' })).toBeEnabled();
});
