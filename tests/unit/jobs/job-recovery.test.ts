import { describe, expect, it } from 'vitest';
import { JobEventBus } from '$lib/jobs/job-events';
import { createLocalLiveness, type JobLiveness } from '$lib/jobs/job-liveness';
import { JobOrchestrator } from '$lib/jobs/job-orchestrator';
import { JobStatus, type JobRecord } from '$lib/jobs/job-record';
import { JobRepository } from '$lib/jobs/job-repository';
import { Store } from '$lib/storage/schema';
import type { RecordStore } from '$lib/storage/record-store';
import { DIGEST, FakeWorkerPool, OTHER_DIGEST } from './fake-job-worker';
import { finalRecord, useOrchestrators } from './orchestrator-harness';

/** A record as a tab closed mid-job left it: running, decode finished, stems half done. */
function leftRunning(id: string, digest: string = DIGEST): JobRecord {
  return {
    id,
    kind: 'analysis',
    input: { digest, source: `bytes:${digest}` },
    options: {},
    status: JobStatus.Running,
    stage: 'stems',
    stages: [
      { id: 'decode', label: 'Decoding', state: 'done', percent: 100 },
      { id: 'stems', label: 'Separating stems', state: 'running', percent: 50 },
      { id: 'cues', label: 'Finding cues', state: 'pending', percent: 0 }
    ],
    percent: 50,
    attempts: 1,
    fallbacks: [],
    createdAt: 1000,
    startedAt: 1000,
    updatedAt: 2000
  };
}

describe('restart recovery', () => {
  const { orchestrator, durableStore } = useOrchestrators();

  async function reopened(store: RecordStore, pool: FakeWorkerPool, liveness: JobLiveness = createLocalLiveness()): Promise<JobOrchestrator> {
    return orchestrator(pool, { store, liveness, bus: new JobEventBus(null) });
  }

  it('marks a job left running by a closed tab as interrupted, saying how to continue', async () => {
    const store = durableStore();
    await new JobRepository(store).put(leftRunning('job-a'));
    const jobs = await reopened(store, new FakeWorkerPool({ stepMs: 100 }));
    const { interrupted } = await jobs.recoverInterrupted();
    expect(interrupted.map((job) => job.id)).toEqual(['job-a']);
    const [stored] = (await jobs.list()).jobs;
    expect(stored).toMatchObject({ status: 'interrupted', error: { code: 'interrupted', transient: true } });
    expect(stored?.error?.message).toMatch(/Resume it/);
  });

  it('resumes an interrupted job, which skips the stages already cached and completes', async () => {
    const store = durableStore();
    await new JobRepository(store).put(leftRunning('job-a'));
    const pool = new FakeWorkerPool({ stepMs: 100 });
    pool.cache.add(`${DIGEST}:decode`);
    const jobs = await reopened(store, pool);
    await jobs.recoverInterrupted();
    expect(await jobs.resume('job-a')).toMatchObject({ status: 'queued', attempts: 2 });
    const done = await finalRecord(jobs, 'job-a');
    expect(done).toMatchObject({ status: 'completed', attempts: 2 });
    expect(done.stages.map((stage) => stage.state)).toEqual(['cached', 'done', 'done']);
  });

  it('leaves alone a job another tab is still running', async () => {
    const store = durableStore();
    await new JobRepository(store).put(leftRunning('job-a'));
    const otherTab = createLocalLiveness();
    await otherTab.claim('job-a');
    const jobs = await reopened(store, new FakeWorkerPool({ stepMs: 100 }), otherTab);
    const { interrupted } = await jobs.recoverInterrupted();
    expect(interrupted).toEqual([]);
    expect((await jobs.list()).jobs[0]?.status).toBe('running');
    await expect(jobs.resume('job-a')).rejects.toThrow('Only an interrupted job can be resumed');
  });

  it('picks up a job that was still queued when the tab closed', async () => {
    const store = durableStore();
    const queued: JobRecord = { ...leftRunning('job-q', OTHER_DIGEST), status: JobStatus.Queued, percent: 0 };
    const { stage: _stage, startedAt: _started, ...fresh } = queued;
    await new JobRepository(store).put({ ...fresh, stages: fresh.stages.map((stage) => ({ ...stage, state: 'pending', percent: 0 })) });
    const pool = new FakeWorkerPool({ stepMs: 100 });
    const jobs = await reopened(store, pool);
    const { adopted } = await jobs.recoverInterrupted();
    expect(adopted.map((job) => job.id)).toEqual(['job-q']);
    expect((await finalRecord(jobs, 'job-q')).status).toBe('completed');
  });

  it('reports unreadable job rows instead of failing the recovery', async () => {
    const store = durableStore();
    await new JobRepository(store).put(leftRunning('job-a'));
    await store.put(Store.Jobs, 'job-bad', { id: 'job-bad', status: 'running', huh: true });
    const jobs = await reopened(store, new FakeWorkerPool({ stepMs: 100 }));
    const result = await jobs.recoverInterrupted();
    expect(result.interrupted.map((job) => job.id)).toEqual(['job-a']);
    expect(result.unreadable.map((row) => row.id)).toEqual(['job-bad']);
  });

  it('refuses to resume a job that is not interrupted, in words', async () => {
    const store = durableStore();
    const pool = new FakeWorkerPool({ stepMs: 10 });
    const jobs = await reopened(store, pool);
    const { id } = await jobs.submit({ kind: 'analysis', input: { digest: DIGEST, source: 'bytes:1' } });
    await finalRecord(jobs, id);
    await expect(jobs.resume(id)).rejects.toThrow('Only an interrupted job can be resumed; this one is completed.');
  });
});
