import { describe, expect, it, vi } from 'vitest';
import { defaultHeavyJobLimit } from '$lib/jobs/job-concurrency';
import type { JobEvent } from '$lib/jobs/job-events';
import { JobRequestError } from '$lib/jobs/job-kind';
import { createLocalLiveness } from '$lib/jobs/job-liveness';
import { AppLog } from '$lib/log/app-log';
import { createMemoryStore } from '$lib/storage/memory-store';
import { ContentCache } from '$lib/storage/content-cache';
import * as v from 'valibot';
import { DIGEST, FakeWorkerPool, OTHER_DIGEST, submission } from './fake-job-worker';
import { finalRecord, useOrchestrators } from './orchestrator-harness';

describe('heavy-job limit', () => {
  it('keeps a core for the audio engine and one for the page, and never goes below one', () => {
    expect([1, 2, 3, 4, 8, 16].map(defaultHeavyJobLimit)).toEqual([1, 1, 1, 2, 6, 14]);
    expect(defaultHeavyJobLimit(undefined)).toBe(1);
  });
});

describe('job orchestrator', () => {
  const { orchestrator } = useOrchestrators();

  it('queues a submitted job and runs it to completion in a fresh worker', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100 });
    const jobs = orchestrator(pool);
    const queued = await jobs.submit(submission());
    expect(queued).toMatchObject({ status: 'queued', attempts: 1, percent: 0, kind: 'analysis' });
    const done = await finalRecord(jobs, queued.id);
    expect(done).toMatchObject({ status: 'completed', percent: 100, resultRef: `cache:${DIGEST}`, fallbacks: [] });
    expect(done.stages.map((stage) => stage.state)).toEqual(['done', 'done', 'done']);
    expect(pool.workers).toHaveLength(1);
    expect(pool.workers[0]!.terminated).toBe(true);
    expect((await jobs.list()).jobs).toEqual([done]);
  });

  it('keeps the result a memory-only worker hands over in the page\'s own cache, under the job\'s result reference', async () => {
    const store = createMemoryStore();
    const pool = new FakeWorkerPool({ stepMs: 100, inlineResult: { tempo: 120, key: 'C major' } });
    const jobs = orchestrator(pool, { store });
    const done = await finalRecord(jobs, (await jobs.submit(submission())).id);
    expect(done.status).toBe('completed');
    const kept = await new ContentCache(store).getResult(done.resultRef!, v.object({ tempo: v.number(), key: v.string() }));
    expect(kept).toMatchObject({ hit: true, value: { tempo: 120, key: 'C major' } });
  });

  it('rejects a request with unknown fields or an unknown kind, in words', async () => {
    const jobs = orchestrator(new FakeWorkerPool({ stepMs: 10 }));
    await expect(jobs.submit({ ...submission(), path: '/home/sam/take.wav' })).rejects.toThrow(JobRequestError);
    await expect(jobs.submit({ ...submission(), kind: 'karaoke' })).rejects.toThrow('cannot run "karaoke" jobs');
    expect((await jobs.list()).jobs).toEqual([]);
  });

  it('pushes per-stage progress to listeners, throttled, with the overall percent rising', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100 });
    const jobs = orchestrator(pool, { progressThrottleMs: 250 });
    const updates: JobEvent[] = [];
    jobs.subscribe((event) => updates.push(event));
    const { id } = await jobs.submit(submission());
    await finalRecord(jobs, id);
    const records = updates.flatMap((event) => (event.type === 'updated' ? [event.record] : []));
    const percents = records.map((record) => record.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(records.some((record) => record.status === 'running' && record.stage === 'stems' && record.percent > 0 && record.percent < 100)).toBe(true);
    // 9 progress events in 900 ms of work, coalesced to a few updates.
    expect(records.filter((record) => record.status === 'running').length).toBeLessThan(9);
  });

  it('runs heavy jobs one at a time when the limit is one, and starts the next when a slot frees', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100 });
    const jobs = orchestrator(pool);
    const first = await jobs.submit(submission(DIGEST));
    const second = await jobs.submit(submission(OTHER_DIGEST));
    await vi.advanceTimersByTimeAsync(200);
    expect(pool.workers).toHaveLength(1);
    expect((await jobs.list()).jobs.map((job) => job.status)).toEqual(['running', 'queued']);
    await finalRecord(jobs, first.id);
    expect((await finalRecord(jobs, second.id)).status).toBe('completed');
    expect(pool.workers).toHaveLength(2);
  });

  it('lets light jobs run beside a heavy one', async () => {
    const heavy = new FakeWorkerPool({ stepMs: 100 });
    const light = new FakeWorkerPool({ stepMs: 100 });
    const jobs = orchestrator(heavy, { kinds: [heavy.kind(), light.kind({ kind: 'session-stats', heavy: false })] });
    await jobs.submit(submission(DIGEST));
    await jobs.submit(submission(OTHER_DIGEST));
    await jobs.submit({ kind: 'session-stats', input: { digest: DIGEST, source: 'session:1' } });
    await vi.advanceTimersByTimeAsync(50);
    expect(heavy.workers).toHaveLength(1);
    expect(light.workers).toHaveLength(1);
  });

  it('uses the machine-sized heavy-job limit by default', () => {
    const pool = new FakeWorkerPool({ stepMs: 10 });
    expect(orchestrator(pool, { limits: {} }).limits.heavy).toBe(defaultHeavyJobLimit(globalThis.navigator?.hardwareConcurrency));
  });

  it('refuses to remove a job another tab is running', async () => {
    const liveness = createLocalLiveness();
    await liveness.claim('job-elsewhere');
    const jobs = orchestrator(new FakeWorkerPool({ stepMs: 10 }), { liveness });
    await expect(jobs.remove('job-elsewhere')).rejects.toThrow('running in another tab');
  });

  it('still runs jobs in memory-only mode, warns, and logs the storage mode as a metric', async () => {
    const log = new AppLog();
    const pool = new FakeWorkerPool({ stepMs: 10 });
    const jobs = orchestrator(pool, { store: createMemoryStore(), log, storageFallbackReason: 'IndexedDB is blocked' });
    expect(jobs.storageMode).toBe('memory');
    expect(jobs.storageWarning).toMatch(/memory only \(IndexedDB is blocked\)/);
    expect(log.entries[0]).toMatchObject({ level: 'warn', source: 'jobs', data: { metric: 'jobs.storage-mode', mode: 'memory' } });
    const { id } = await jobs.submit(submission());
    expect((await finalRecord(jobs, id)).status).toBe('completed');
  });

  it('has no warning with durable storage, but logs the mode all the same', () => {
    const log = new AppLog();
    const jobs = orchestrator(new FakeWorkerPool({ stepMs: 10 }), { log });
    expect(jobs.storageWarning).toBeUndefined();
    expect(log.entries[0]).toMatchObject({ level: 'info', data: { metric: 'jobs.storage-mode', mode: 'indexeddb' } });
  });

  it('records a stage the worker itself fell back on, and ends completed-with-fallback', async () => {
    const pool = new FakeWorkerPool({ stepMs: 10, workerFallback: { stage: 'stems', reason: 'The stem model could not be loaded.' } });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    const done = await finalRecord(jobs, id);
    expect(done).toMatchObject({ status: 'completed-with-fallback', fallbacks: [{ stage: 'stems', reason: 'The stem model could not be loaded.' }] });
    expect(done.stages.find((stage) => stage.id === 'stems')?.state).toBe('fallback');
  });

  it('removes a job and tells listeners', async () => {
    const pool = new FakeWorkerPool({ stepMs: 10 });
    const jobs = orchestrator(pool);
    const removed: string[] = [];
    jobs.subscribe((event) => {
      if (event.type === 'removed') removed.push(event.jobId);
    });
    const { id } = await jobs.submit(submission());
    await finalRecord(jobs, id);
    await jobs.remove(id);
    expect((await jobs.list()).jobs).toEqual([]);
    expect(removed).toEqual([id]);
  });

  it('leaves a job that was still waiting for a slot queued at dispose, for the next start-up to adopt', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100 });
    const jobs = orchestrator(pool);
    await jobs.submit(submission(DIGEST));
    const waiting = await jobs.submit(submission(OTHER_DIGEST));
    await vi.advanceTimersByTimeAsync(150);
    await jobs.dispose();
    const statuses = (await jobs.list()).jobs.map((job) => [job.id, job.status]);
    expect(statuses).toContainEqual([waiting.id, 'queued']);
    expect(pool.workers).toHaveLength(1);
  });

  it('leaves no timer running after dispose', async () => {
    const pool = new FakeWorkerPool({ stepMs: 100 });
    const jobs = orchestrator(pool);
    const { id } = await jobs.submit(submission());
    await vi.advanceTimersByTimeAsync(150);
    await jobs.dispose();
    expect(pool.workers[0]!.terminated).toBe(true);
    const stored = (await jobs.list()).jobs.find((job) => job.id === id);
    expect(stored?.status).toBe('interrupted');
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
  });
});
