import { describe, expect, it, vi } from 'vitest';
import type { JobWorkerHandle } from '$lib/jobs/job-worker-handle';
import { FakeWorkerPool, submission } from './fake-job-worker';
import { finalRecord, storedRecord, useOrchestrators } from './orchestrator-harness';

describe('workers that fail', () => {
  const { orchestrator } = useOrchestrators();

  it('runs a job again after an intermittent (transient) failure, and it completes', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, transientFailures: 2 });
    const jobs = orchestrator(pool, { maxAttempts: 3 });
    const { id } = await jobs.submit(submission());
    const done = await finalRecord(jobs, id);
    expect(done).toMatchObject({ status: 'completed', attempts: 3 });
    expect(done.error).toBeUndefined();
    expect(pool.workers).toHaveLength(3);
    expect(pool.workers.every((worker) => worker.terminated)).toBe(true);
  });

  it('waits longer before each automatic retry', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, transientFailures: 2 });
    const jobs = orchestrator(pool, { maxAttempts: 3, retryDelayMs: 500 });
    await jobs.submit(submission());
    await vi.advanceTimersByTimeAsync(499);
    expect(pool.workers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(pool.workers).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(998);
    expect(pool.workers).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2);
    expect(pool.workers).toHaveLength(3);
  });

  it('leaves the job failed, with the worker’s own words, when the attempts run out', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, transientFailures: 10 });
    const jobs = orchestrator(pool, { maxAttempts: 3 });
    const { id } = await jobs.submit(submission());
    const failed = await finalRecord(jobs, id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'device-busy', message: 'The audio decoder was busy.' } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pool.workers).toHaveLength(3);
  });

  it('fails at once, without retrying, when the worker throws', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, throws: true });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    const failed = await finalRecord(jobs, id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'worker-error', transient: false } });
    expect(failed.error?.message).toContain('decoder exploded');
    expect(pool.workers).toHaveLength(1);
  });

  it('marks the job interrupted, never stuck, when its worker disappears mid-job; resume finishes it from the cache', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, crashAt: 'stems' });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    await vi.advanceTimersByTimeAsync(1000);
    const interrupted = await storedRecord(jobs, id);
    expect(interrupted).toMatchObject({ status: 'interrupted', error: { code: 'worker-crashed' } });
    expect(interrupted?.error?.message).toContain('out of memory');
    expect(pool.workers[0]!.terminated).toBe(true);

    pool.behaviour = { stepMs: 100 };
    const resumed = await jobs.resume(id);
    expect(resumed).toMatchObject({ status: 'queued', attempts: 2 });
    const done = await finalRecord(jobs, id);
    expect(done.status).toBe('completed');
    expect(done.stages[0]).toMatchObject({ id: 'decode', state: 'cached' });
  });

  it('fails a job whose worker answers with an outcome that breaks the protocol', async () => {
    const pool = new FakeWorkerPool({ stepMs: 10 });
    const rogue = (): JobWorkerHandle => ({
      api: {
        run: async (request) => JSON.parse(`{"type":"completed","jobId":"${request.jobId}","stages":[],"resultRef":"x","secret":1}`),
        cancel: async () => {}
      },
      onCrash: () => {},
      terminate: () => {}
    });
    const jobs = orchestrator(pool, { kinds: [pool.kind({ createWorker: rogue })] });
    const { id } = await jobs.submit(submission());
    expect(await finalRecord(jobs, id)).toMatchObject({ status: 'failed', error: { code: 'invalid-outcome' } });
  });

  it('ignores progress events that name another job', async () => {
    const pool = new FakeWorkerPool({ stepMs: 10 });
    const confused = (): JobWorkerHandle => ({
      api: {
        run: async (request, onProgress) => {
          onProgress({ jobId: 'someone-else', stage: 'cues', stagePercent: 90 });
          return { type: 'completed', jobId: request.jobId, stages: [], resultRef: 'cache:1' };
        },
        cancel: async () => {}
      },
      onCrash: () => {},
      terminate: () => {}
    });
    const seen: string[] = [];
    const jobs = orchestrator(pool, { kinds: [pool.kind({ createWorker: confused })] });
    jobs.subscribe((event) => {
      if (event.type === 'updated' && event.record.stage) seen.push(event.record.stage);
    });
    const { id } = await jobs.submit(submission());
    await finalRecord(jobs, id);
    expect(seen).toEqual([]);
  });

  it('cancels a job that is waiting out the delay before an automatic retry', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, transientFailures: 10 });
    const jobs = orchestrator(pool, { maxAttempts: 3, retryDelayMs: 500 });
    const { id } = await jobs.submit(submission());
    await vi.advanceTimersByTimeAsync(100);
    expect(await storedRecord(jobs, id)).toMatchObject({ status: 'queued', attempts: 2 });
    expect(await jobs.cancel(id)).toMatchObject({ status: 'cancelled', attempts: 2 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pool.workers).toHaveLength(1);
  });

  it('lets the user retry a failed job, counting the attempt', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, throws: true });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    await finalRecord(jobs, id);
    pool.behaviour = { stepMs: 100 };
    expect(await jobs.retry(id)).toMatchObject({ status: 'queued', attempts: 2 });
    expect((await finalRecord(jobs, id)).status).toBe('completed');
    await expect(jobs.retry(id)).rejects.toThrow('Only a failed job can be retried');
  });
});
