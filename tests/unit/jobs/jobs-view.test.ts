import { describe, expect, it, vi } from 'vitest';
import { formatDuration, jobRow } from '$lib/jobs/job-row';
import { JobStatus, type JobRecord } from '$lib/jobs/job-record';
import { JobsView } from '$lib/jobs/jobs-view.svelte';
import { createMemoryStore } from '$lib/storage/memory-store';
import { FakeWorkerPool, submission } from './fake-job-worker';
import { finalRecord, useOrchestrators } from './orchestrator-harness';

function running(percent: number): JobRecord {
  return {
    id: 'job-1',
    kind: 'analysis',
    input: { digest: '1'.repeat(64), source: 'bytes:1' },
    options: {},
    status: JobStatus.Running,
    stage: 'stems',
    stages: [
      { id: 'decode', label: 'Decoding', state: 'done', percent: 100 },
      { id: 'stems', label: 'Separating stems', state: 'running', percent: 40 }
    ],
    percent,
    attempts: 1,
    fallbacks: [],
    createdAt: 0,
    startedAt: 10_000,
    updatedAt: 20_000
  };
}

describe('a Jobs panel row', () => {
  it('names the running stage and estimates the time left from the percent and the time so far', () => {
    const row = jobRow(running(25), 40_000);
    expect(row).toMatchObject({ title: 'Analysis', statusText: 'Running: Separating stems', elapsedMs: 30_000, etaMs: 90_000, etaText: 'about 1:30 left' });
    expect(row.stages.map((stage) => [stage.label, stage.percent])).toEqual([
      ['Decoding', 100],
      ['Separating stems', 40]
    ]);
    expect(row).toMatchObject({ canCancel: true, canRemove: false, canResume: false, canRetry: false });
  });

  it('gives no ETA before there is any progress', () => {
    expect(jobRow(running(0), 40_000).etaMs).toBeUndefined();
  });

  it('shows the error in the words the job recorded, and offers retry', () => {
    const failed: JobRecord = { ...running(30), status: JobStatus.Failed, finishedAt: 25_000, error: { code: 'corrupt', message: 'take1.wav is not a WAV file.', transient: false } };
    expect(jobRow(failed, 99_000)).toMatchObject({ statusText: 'Failed', errorText: 'take1.wav is not a WAV file.', elapsedMs: 15_000, canRetry: true, canRemove: true });
  });

  it('says which stage fell back and why', () => {
    const done: JobRecord = { ...running(100), status: JobStatus.CompletedWithFallback, resultRef: 'cache:1', fallbacks: [{ stage: 'stems', reason: 'The model took too long.' }] };
    expect(jobRow(done, 0).fallbackTexts).toEqual(['Separating stems: The model took too long.']);
  });

  it('formats durations short', () => {
    expect([formatDuration(4_200), formatDuration(187_000), formatDuration(3_725_000)]).toEqual(['4 s', '3:07', '1:02:05']);
  });
});

describe('the Jobs view', () => {
  const { orchestrator } = useOrchestrators();

  it('lists jobs, follows them to the end, and stops ticking when nothing runs', async () => {
    const pool = new FakeWorkerPool({ stepMs: 1000 });
    const jobs = orchestrator(pool);
    const view = new JobsView(jobs, Date.now, 500);
    await view.open();
    const { id } = await jobs.submit(submission());
    await vi.advanceTimersByTimeAsync(1500);
    expect(view.rows[0]).toMatchObject({ id, status: 'running' });
    const elapsedEarly = view.rows[0]!.elapsedMs;
    await vi.advanceTimersByTimeAsync(500);
    expect(view.rows[0]!.elapsedMs).toBeGreaterThan(elapsedEarly);
    await finalRecord(jobs, id);
    expect(view.rows[0]).toMatchObject({ status: 'completed', percent: 100 });
    view.close();
    await jobs.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('carries the memory-only warning and reports a refused action instead of throwing', async () => {
    const jobs = orchestrator(new FakeWorkerPool({ stepMs: 10 }), { store: createMemoryStore() });
    const view = new JobsView(jobs);
    await view.open();
    expect(view.warning).toMatch(/memory only/);
    await view.resume('no-such-job');
    expect(view.actionError).toBe('This job no longer exists.');
    view.close();
  });
});
