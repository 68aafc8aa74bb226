import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { JobEventBus } from '$lib/jobs/job-events';
import { createLocalLiveness } from '$lib/jobs/job-liveness';
import { JobOrchestrator } from '$lib/jobs/job-orchestrator';
import type { JobRecord } from '$lib/jobs/job-record';
import { comlinkJobWorker, type JobWorkerEndpoint } from '$lib/jobs/job-worker-handle';
import { createMemoryStore } from '$lib/storage/memory-store';
import { FakeJobWorker, FakeWorkerPool, submission } from './fake-job-worker';

/**
 * The real comlink wiring, with a MessageChannel standing in for the Worker:
 * the fake worker is exposed on one port exactly as a job worker module
 * exposes itself, and the orchestrator talks to the other port.
 */
describe('a job worker behind comlink', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function channelWorker(pool: FakeWorkerPool, ports: MessagePort[]): JobWorkerEndpoint {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(new FakeJobWorker(pool).api, port1);
    ports.push(port2);
    cleanups.push(() => port1.close());
    return Object.assign(port2, { terminate: () => port2.close() });
  }

  function orchestratorOver(pool: FakeWorkerPool, ports: MessagePort[]): JobOrchestrator {
    const jobs = new JobOrchestrator({
      store: createMemoryStore(),
      kinds: [pool.kind({ createWorker: () => comlinkJobWorker(channelWorker(pool, ports)) })],
      bus: new JobEventBus(null),
      liveness: createLocalLiveness(),
      limits: { heavy: 1, light: 1 },
      progressThrottleMs: 1
    });
    cleanups.push(() => jobs.dispose());
    return jobs;
  }

  function settled(jobs: JobOrchestrator, id: string, seen: JobRecord[] = []): Promise<JobRecord> {
    return jobs.watch(id, (record) => seen.push(record), { intervalMs: 20 }).outcome.then((outcome) => {
      if (outcome.type !== 'settled') throw new Error(JSON.stringify(outcome));
      return outcome.record;
    });
  }

  it('runs a job with progress pushed through the comlink callback', async () => {
    const pool = new FakeWorkerPool({ stepMs: 5 });
    const jobs = orchestratorOver(pool, []);
    const seen: JobRecord[] = [];
    const { id } = await jobs.submit(submission());
    const done = await settled(jobs, id, seen);
    expect(done).toMatchObject({ status: 'completed', resultRef: expect.stringMatching(/^cache:/) });
    expect(seen.some((record) => record.status === 'running' && record.percent > 0 && record.percent < 100)).toBe(true);
  });

  it('turns an error event from the worker into an interrupted job', async () => {
    const pool = new FakeWorkerPool({ stepMs: 50 });
    const ports: MessagePort[] = [];
    const jobs = orchestratorOver(pool, ports);
    const { id } = await jobs.submit(submission());
    await new Promise((resolve) => setTimeout(resolve, 30));
    const error = Object.assign(new Event('error'), { message: 'Uncaught RangeError: Array buffer allocation failed' });
    ports[0]!.dispatchEvent(error);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stored = (await jobs.list()).jobs.find((job) => job.id === id);
    expect(stored).toMatchObject({ status: 'interrupted', error: { code: 'worker-crashed' } });
    expect(stored?.error?.message).toContain('Array buffer allocation failed');
  });
});
