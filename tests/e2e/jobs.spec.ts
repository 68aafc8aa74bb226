import { expect, test } from '@playwright/test';
import { STAGE_HANG_HOOK_KEY } from '../../workers/analysis/pipeline/stage-hang-hook';
import { chooseRecording, FINISHED, jobCard, openAnalysis } from './support/analysis-page';
import { rehearsalWav } from './support/rehearsal-wav';
import { openApp } from './support/workspace-page';

/**
 * The analysis job machinery as a musician meets it in the Jobs panel:
 * closing the tab mid-job, cancelling, a stage that hangs, a bad file next
 * to a good one. The long take (a few minutes of audio) keeps a job running
 * long enough to act on it mid-way.
 */
const LONG_TAKE_SECONDS = 240;

test('a job interrupted by a reload is marked interrupted, resumes, and reuses the stages already finished', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  const { jobs } = await openAnalysis(page);
  await chooseRecording(page, 'long-take.wav', rehearsalWav(LONG_TAKE_SECONDS));
  const job = jobCard(jobs, 'long-take.wav');
  // Decode is done and stored; stems are being separated: close the tab now.
  await expect(job.locator('[data-stage=decode]')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(job.locator('[data-stage=stems]')).toHaveAttribute('data-state', 'running');
  await page.reload();

  const after = await openAnalysis(page);
  const interrupted = jobCard(after.jobs, 'long-take.wav');
  await expect(interrupted).toHaveAttribute('data-status', 'interrupted');
  await expect(interrupted.getByTestId('job-status')).toHaveText('Interrupted');
  await expect(interrupted.getByTestId('job-error')).toContainText('Resume');
  await interrupted.getByRole('button', { name: 'Resume' }).click();
  await expect(interrupted).toHaveAttribute('data-status', FINISHED, { timeout: 120_000 });
  // The decode finished before the reload was not done again.
  await expect(interrupted.locator('[data-stage=decode]')).toHaveAttribute('data-state', 'cached');
  await expect(interrupted.locator('[data-stage=stems]')).toHaveAttribute('data-state', 'done');
  await expect(after.analysis.getByTestId('analysis-tempo')).toContainText('BPM');
});

test('cancel stops a running analysis and the Jobs panel confirms it was cancelled', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  const { jobs } = await openAnalysis(page);
  await chooseRecording(page, 'to-cancel.wav', rehearsalWav(LONG_TAKE_SECONDS, 1));
  const job = jobCard(jobs, 'to-cancel.wav');
  await expect(job).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job).toHaveAttribute('data-status', 'cancelled', { timeout: 15_000 });
  await expect(job.getByTestId('job-status')).toHaveText('Cancelled');
  await expect(job.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(job.getByRole('button', { name: 'Remove' })).toBeVisible();
  // It stays cancelled: nothing restarts it behind the user's back.
  await page.waitForTimeout(1000);
  await expect(job).toHaveAttribute('data-status', 'cancelled');
});

test('a note model that hangs is terminated at its limit and the job ends with the built-in fallback, saying why', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [STAGE_HANG_HOOK_KEY, JSON.stringify({ stage: 'notes', limitMs: 3000 })]);
  await openApp(page);
  const { jobs, analysis } = await openAnalysis(page);
  await chooseRecording(page, 'hanging-model.wav', rehearsalWav(16, 2));
  const job = jobCard(jobs, 'hanging-model.wav');
  await expect(job).toHaveAttribute('data-status', 'completed-with-fallback', { timeout: 90_000 });
  await expect(job.locator('[data-stage=notes]')).toHaveAttribute('data-state', 'fallback');
  await expect(job.getByTestId('job-fallback')).toHaveText('Finding notes: The ML path took longer than 3 s; the built-in method was used instead.');
  await expect(analysis.getByTestId('analysis-fallback').first()).toContainText('Finding notes');
  await expect(analysis.getByTestId('analysis-key')).toContainText('C major');
});

test('a stage without a fallback that hangs fails the job at its limit, in words, and the app carries on', async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), [STAGE_HANG_HOOK_KEY, JSON.stringify({ stage: 'stems', limitMs: 2000 })]);
  await openApp(page);
  const { jobs, analysis } = await openAnalysis(page);
  await chooseRecording(page, 'hanging-stems.wav', rehearsalWav(16, 3));
  const job = jobCard(jobs, 'hanging-stems.wav');
  await expect(job).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(job.getByTestId('job-error')).toContainText('"Separating stems" took longer than 2 s and was stopped');
  await expect(job.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(analysis.getByTestId('analysis-file')).toBeEnabled();
});

test('a corrupt file ends in a message while the good take beside it still completes', async ({ page }) => {
  test.setTimeout(150_000);
  await openApp(page);
  const { jobs, analysis } = await openAnalysis(page);
  await chooseRecording(page, 'notes.wav', Buffer.from('Setlist: 1. Intro 2. Verse 3. Chorus\n'.repeat(40)));
  await chooseRecording(page, 'cut-off.wav', rehearsalWav(16, 5).subarray(0, 30));
  // The Analysis panel follows the latest drop: the good take goes last so its result is what it shows.
  await chooseRecording(page, 'good-take.wav', rehearsalWav(16, 4));

  const good = jobCard(jobs, 'good-take.wav');
  const text = jobCard(jobs, 'notes.wav');
  const cut = jobCard(jobs, 'cut-off.wav');
  await expect(text).toHaveAttribute('data-status', 'failed', { timeout: 120_000 });
  await expect(text.getByTestId('job-error')).toContainText("isn't audio we can read");
  await expect(cut).toHaveAttribute('data-status', 'failed', { timeout: 120_000 });
  await expect(cut.getByTestId('job-error')).toContainText('ends inside its WAV format header');
  await expect(good).toHaveAttribute('data-status', FINISHED, { timeout: 120_000 });
  await expect(good.getByTestId('job-error')).toHaveCount(0);
  await expect(analysis.getByTestId('analysis-key')).toContainText('C major');
});

test('an empty file is refused at once with a message, and no job is left behind', async ({ page }) => {
  await openApp(page);
  const { jobs, analysis } = await openAnalysis(page);
  await chooseRecording(page, 'empty.wav', Buffer.alloc(0));
  await expect(analysis.getByRole('alert')).toContainText('"empty.wav" is empty (0 bytes)');
  await expect(jobs.locator('article.job')).toHaveCount(0);
});
