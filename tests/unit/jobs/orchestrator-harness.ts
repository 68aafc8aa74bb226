import { afterEach, beforeEach, vi } from 'vitest';
import { JobEventBus } from '$lib/jobs/job-events';
import { createLocalLiveness } from '$lib/jobs/job-liveness';
import { JobOrchestrator, type JobOrchestratorOptions } from '$lib/jobs/job-orchestrator';
import type { JobRecord } from '$lib/jobs/job-record';
import { createMemoryStore } from '$lib/storage/memory-store';
import type { RecordStore } from '$lib/storage/record-store';
import { settleWithTime, type FakeWorkerPool } from './fake-job-worker';

/**
 * Real orchestrators over a durable-mode memory store, with fake time and
 * fake workers, disposed after each test. The memory store honours the same
 * contract as IndexedDB (tests/unit/storage/record-store-contract.test.ts).
 */
export function useOrchestrators(): {
  orchestrator(pool: FakeWorkerPool, options?: Partial<JobOrchestratorOptions>): JobOrchestrator;
  durableStore(): RecordStore;
} {
  const created: JobOrchestrator[] = [];
  let ids = 0;
  beforeEach(() => vi.useFakeTimers());
  afterEach(async () => {
    for (const orchestrator of created.splice(0)) await orchestrator.dispose();
    vi.useRealTimers();
  });
  const durableStore = (): RecordStore => ({ ...createMemoryStore(), mode: 'indexeddb' });
  return {
    durableStore,
    orchestrator(pool, options = {}) {
      const orchestrator = new JobOrchestrator({
        store: durableStore(),
        kinds: [pool.kind()],
        bus: new JobEventBus(null),
        liveness: createLocalLiveness(),
        limits: { heavy: 1, light: 2 },
        newId: () => `job-${++ids}`,
        cancelGraceMs: 1000,
        retryDelayMs: 500,
        ...options
      });
      created.push(orchestrator);
      return orchestrator;
    }
  };
}

/** The job's final record, letting fake time run; fails the test if it never settles. */
export async function finalRecord(jobs: JobOrchestrator, id: string): Promise<JobRecord> {
  const outcome = await settleWithTime(jobs.watch(id, undefined, { intervalMs: 1000, maxAttempts: 10_000 }).outcome);
  if (outcome.type !== 'settled') throw new Error(`job ${id} did not settle: ${JSON.stringify(outcome)}`);
  return outcome.record;
}

/** The stored record of a job as it is now. */
export async function storedRecord(jobs: JobOrchestrator, id: string): Promise<JobRecord | undefined> {
  return (await jobs.list()).jobs.find((job) => job.id === id);
}
