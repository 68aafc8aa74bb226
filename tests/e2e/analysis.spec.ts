import { expect, test } from '@playwright/test';
import { rehearsalWav } from './support/rehearsal-wav';
import { chooseRecording as chooseFile, FINISHED, openAnalysis } from './support/analysis-page';
import { openApp, panel, tab, waitForSave, waitForWorkspace } from './support/workspace-page';

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

test('Settings shows the analysis cache size against its budget; a new budget persists; clearing empties it and the next run starts over', async ({ page }) => {
  test.setTimeout(150_000);
  await openApp(page);
  const { jobs } = await openAnalysis(page);
  const wav = rehearsalWav(16, 7);
  await chooseFile(page, 'budget-take.wav', wav);
  await expect(jobs.locator('article.job').first()).toHaveAttribute('data-status', FINISHED, { timeout: 90_000 });
  // The floating Analysis and Jobs panels sit over Settings: close them, as a user would.
  await tab(page, 'jobs-1').getByRole('button', { name: 'Close Jobs' }).click();
  await tab(page, 'analysis-1').getByRole('button', { name: 'Close Analysis' }).click();

  await tab(page, 'settings-1').click();
  const settings = panel(page, 'settings-1');
  const size = settings.getByTestId('analysis-cache-size');
  await expect(size).toContainText('of a 2.0 GB budget');
  const used = /Analysis cache: ([\d.]+) (KB|MB) in (\d+) items/.exec((await size.textContent()) ?? '');
  expect(used, 'the cache holds the recording, its stages and result').not.toBeNull();
  expect(Number(used![3])).toBeGreaterThanOrEqual(5);

  await settings.getByLabel('Cache budget').selectOption({ label: '256 MB' });
  await expect(settings.getByTestId('analysis-cache-message')).toContainText('Budget set to 256 MB');
  await expect(size).toContainText('of a 256 MB budget');
  await waitForSave(page);
  await page.reload();
  await waitForWorkspace(page);
  await tab(page, 'settings-1').click();
  await expect(panel(page, 'settings-1').getByTestId('analysis-cache-size')).toContainText('of a 256 MB budget');

  await panel(page, 'settings-1').getByRole('button', { name: 'Clear cached data…' }).click();
  await panel(page, 'settings-1').getByRole('alertdialog').getByRole('button', { name: 'Clear cached data' }).click();
  await expect(panel(page, 'settings-1').getByTestId('analysis-cache-size')).toContainText('Analysis cache: 0 B in 0 items');

  const again = await openAnalysis(page);
  await chooseFile(page, 'budget-take-again.wav', wav);
  const rerun = again.jobs.locator('article.job').first();
  await expect(rerun).toHaveAttribute('data-status', FINISHED, { timeout: 90_000 });
  await expect(rerun.locator('[data-stage=decode]')).toHaveAttribute('data-state', 'done');
});
