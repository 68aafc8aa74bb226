import { describe, expect, it, vi } from 'vitest';
import { FakeWorkerPool, STAGES, submission } from './fake-job-worker';
import { finalRecord, storedRecord, useOrchestrators } from './orchestrator-harness';

describe('time limits', () => {
  const { orchestrator } = useOrchestrators();

  it('terminates a worker whose ML stage hangs and finishes the job on the fallback path', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, hangAt: 'stems' });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    const done = await finalRecord(jobs, id);

    expect(pool.workers).toHaveLength(2);
    expect(pool.workers[0]!.terminated).toBe(true);
    expect(pool.workers[1]!.requests[0]!.fallbackStages).toEqual(['stems']);
    expect(done.status).toBe('completed-with-fallback');
    expect(done.fallbacks).toEqual([{ stage: 'stems', reason: expect.stringContaining('took longer than 10 s') }]);
    expect(done.stages.map((stage) => [stage.id, stage.state])).toEqual([
      ['decode', 'cached'],
      ['stems', 'fallback'],
      ['cues', 'done']
    ]);
    expect(done.attempts).toBe(1);
  });

  it('shows the fallback while the job is still running', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, hangAt: 'stems' });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    await vi.advanceTimersByTimeAsync(10_350);
    const running = await storedRecord(jobs, id);
    expect(running).toMatchObject({ status: 'running', fallbacks: [{ stage: 'stems' }] });
  });

  it('fails the job with a clear error when a stage without a fallback hangs', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100, hangAt: 'decode' });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    const failed = await finalRecord(jobs, id);
    expect(pool.workers).toHaveLength(1);
    expect(pool.workers[0]!.terminated).toBe(true);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'stage-timeout', transient: false } });
    expect(failed.error?.message).toContain('"Decoding" took longer than 10 s');
  });

  it('stops the job at its whole-job limit even when every stage is within its own', async () => {
    const pool = new FakeWorkerPool({ stepMs: 1000 });
    const jobs = orchestrator(pool, { kinds: [pool.kind({ jobTimeLimitMs: 5000 })] });
    const { id } = await jobs.submit(submission());
    const failed = await finalRecord(jobs, id);
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'job-timeout' } });
    expect(failed.finishedAt! - failed.startedAt!).toBe(5000);
    expect(pool.workers[0]!.terminated).toBe(true);
  });

  it('gives each stage its own clock', async () => {
    // Each stage takes 3 s; a 4 s limit per stage must not add up across stages.
    const pool = new FakeWorkerPool({ stepMs: 1000 }, STAGES.map((stage) => ({ ...stage, timeLimitMs: 4000 })));
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    expect((await finalRecord(jobs, id)).status).toBe('completed');
  });
});
