import { describe, expect, it, vi } from 'vitest';
import { FakeWorkerPool, OTHER_DIGEST, settleWithTime, submission } from './fake-job-worker';
import { finalRecord, useOrchestrators } from './orchestrator-harness';

describe('cancelling a job', () => {
  const { orchestrator } = useOrchestrators();

  it('cancels a queued job at once, without ever starting a worker for it', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100 });
    const jobs = orchestrator(pool);
    await jobs.submit(submission());
    const waiting = await jobs.submit(submission(OTHER_DIGEST));
    const cancelled = await jobs.cancel(waiting.id);
    expect(cancelled).toMatchObject({ id: waiting.id, status: 'cancelled' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(pool.workers).toHaveLength(1);
    expect(pool.workers[0]!.requests.map((request) => request.jobId)).not.toContain(waiting.id);
  });

  it('returns the confirmed cancelled state of a running job, once its worker has stopped', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100 });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    await vi.advanceTimersByTimeAsync(150);
    const final = await settleWithTime(jobs.cancel(id));
    expect(final).toMatchObject({ id, status: 'cancelled' });
    expect(final.finishedAt).toBeDefined();
    expect(pool.workers[0]!.cancelled).toBe(true);
    expect(pool.workers[0]!.terminated).toBe(true);
  });

  it('waits for a worker that cancels slowly instead of claiming success early', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, cancelDelayMs: 600 });
    const jobs = orchestrator(pool, { cancelGraceMs: 1000 });
    const { id } = await jobs.submit(submission());
    await vi.advanceTimersByTimeAsync(150);
    let answer: string | undefined;
    void jobs.cancel(id).then((record) => (answer = record.status));
    await vi.advanceTimersByTimeAsync(400);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(400);
    expect(answer).toBe('cancelled');
    expect(pool.workers[0]!.cancelled).toBe(true);
  });

  it('terminates a worker too busy to hear the cancel, after the grace period, and confirms cancelled', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, hangAt: 'decode' });
    const jobs = orchestrator(pool, { cancelGraceMs: 1000 });
    const { id } = await jobs.submit(submission());
    await vi.advanceTimersByTimeAsync(100);
    let answer: string | undefined;
    void jobs.cancel(id).then((record) => (answer = record.status));
    await vi.advanceTimersByTimeAsync(900);
    expect(answer).toBeUndefined();
    expect(pool.workers[0]!.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(answer).toBe('cancelled');
    expect(pool.workers[0]!.terminated).toBe(true);
  });

  it('answers completed when the job finished before the worker heard the cancel', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, cancelDelayMs: 5000 });
    const jobs = orchestrator(pool, { cancelGraceMs: 10_000 });
    const { id } = await jobs.submit(submission());
    // Three stages of three 100 ms steps: the job is in its last step.
    await vi.advanceTimersByTimeAsync(850);
    const final = await settleWithTime(jobs.cancel(id));
    expect(final).toMatchObject({ id, status: 'completed', resultRef: expect.stringMatching(/^cache:/) });
  });

  it('answers with the stored state of a job that had already finished', async () => {
    const pool = new FakeWorkerPool({ stepMs: 10 });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    const done = await finalRecord(jobs, id);
    expect(await jobs.cancel(id)).toEqual(done);
  });

  it('refuses to cancel a job that does not exist, in words', async () => {
    const jobs = orchestrator(new FakeWorkerPool({ stepMs: 10 }));
    await expect(jobs.cancel('no-such-job')).rejects.toThrow('no longer exists');
  });
});
