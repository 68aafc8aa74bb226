// The job-lifecycle seed requirements of the diarization issue, on the real
// orchestrator running the real diarization worker code in process: a worker
// that fails intermittently is retried; one that is slow to hear cancel, or
// never hears it, ends confirmed cancelled; one that disappears leaves the
// job interrupted and resumable from its cached stages; memory-only storage
// is warned about. (Polling's transient/fatal/max-attempt rules are the
// orchestrator's own and tested in tests/unit/jobs/job-poller.test.ts.)
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobEventBus } from '$lib/jobs/job-events';
import { createLocalLiveness } from '$lib/jobs/job-liveness';
import { JobOrchestrator, type JobOrchestratorOptions } from '$lib/jobs/job-orchestrator';
import type { JobRecord } from '$lib/jobs/job-record';
import { AnalysisService } from '$lib/analysis/analysis-service';
import { diarizationJobKind } from '$lib/diarization/diarization-job-kind';
import { DiarizationService } from '$lib/diarization/diarization-service';
import { AppLog } from '$lib/log/app-log';
import { createMemoryStore } from '$lib/storage/memory-store';
import type { RecordStore } from '$lib/storage/record-store';
import { DIARIZATION_JOB_KIND } from '$workers/diarization/job/diarization-stages';
import type { VadSession } from '$workers/diarization/silero-vad';
import { durableStore, fixtureBytes, hostFor, inProcessKind, sileroSession, storedInput } from './diarization-harness';
import { ensureDiarizationFixtures } from './silero-session.ts';

beforeAll(async () => {
  ensureDiarizationFixtures();
  await sileroSession();
}, 60_000);

const created: JobOrchestrator[] = [];
afterEach(async () => {
  for (const jobs of created.splice(0)) await jobs.dispose();
});

function orchestrator(store: RecordStore, kind: ReturnType<typeof inProcessKind>, options: Partial<JobOrchestratorOptions> = {}): JobOrchestrator {
  const jobs = new JobOrchestrator({ store, kinds: [kind], bus: new JobEventBus(null), liveness: createLocalLiveness(), retryDelayMs: 20, cancelGraceMs: 500, ...options });
  created.push(jobs);
  return jobs;
}

function settled(jobs: JobOrchestrator, id: string): Promise<JobRecord> {
  return new Promise((resolve, reject) => {
    const watch = jobs.watch(id, undefined, { intervalMs: 100, maxAttempts: 2000 });
    watch.outcome.then((outcome) => (outcome.type === 'settled' ? resolve(outcome.record) : reject(new Error(JSON.stringify(outcome)))), reject);
  });
}

/** Resolves with the record once the job is interrupted (a watch waits past that: interrupted can be resumed). */
function interrupted(jobs: JobOrchestrator, id: string): Promise<JobRecord> {
  return new Promise((resolve) => {
    const stop = jobs.subscribe((event) => {
      if (event.type === 'updated' && event.record.status === 'interrupted') {
        stop();
        resolve(event.record);
      }
    }, id);
  });
}

/** Resolves once the job reports a stage as running. */
function reaches(jobs: JobOrchestrator, id: string, stage: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = jobs.subscribe((event) => {
      if (event.type === 'updated' && event.record.stages.some((s) => s.id === stage && s.state === 'running')) {
        stop();
        resolve();
      }
    }, id);
  });
}

/** A Silero session that takes `ms` per frame, or stops answering after `frames` frames. */
const slowFrames = (ms: number): ((real: VadSession) => VadSession) => (real) => ({
  run: async (feeds) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return real.run(feeds);
  }
});
const stuckAfter = (frames: number): ((real: VadSession) => VadSession) => (real) => {
  let seen = 0;
  return { run: (feeds) => (++seen > frames ? new Promise(() => {}) : real.run(feeds)) };
};

const submit = (jobs: JobOrchestrator, input: { digest: string; source: string }) => jobs.submit({ kind: DIARIZATION_JOB_KIND, input, title: 'band-talk.wav' });

describe('diarization jobs on the orchestrator', () => {
  it('retries a worker that fails intermittently (storage busy once) and completes', async () => {
    const store = durableStore();
    let failures = 1;
    const kind = inProcessKind(() => hostFor({ store, storeFailures: failures-- > 0 ? 1 : 0 }));
    const jobs = orchestrator(store, kind);
    const job = await submit(jobs, await storedInput(store, fixtureBytes('single-speaker')));
    const final = await settled(jobs, job.id);
    expect(final.status).toBe('completed');
    expect(final.attempts).toBe(2);
    expect(kind.started).toBe(2);
  }, 60_000);

  it('confirms a cancel the worker is slow to hear as cancelled', async () => {
    const store = durableStore();
    const jobs = orchestrator(store, inProcessKind(() => hostFor({ store, session: slowFrames(3) })));
    const job = await submit(jobs, await storedInput(store, fixtureBytes('two-speakers')));
    await reaches(jobs, job.id, 'speech');
    const answer = await jobs.cancel(job.id);
    expect(answer.status).toBe('cancelled');
  }, 60_000);

  it('terminates a worker that never hears cancel after the grace period and confirms cancelled', async () => {
    const store = durableStore();
    const jobs = orchestrator(store, inProcessKind(() => hostFor({ store, session: stuckAfter(50) })), { cancelGraceMs: 300 });
    const job = await submit(jobs, await storedInput(store, fixtureBytes('two-speakers')));
    await reaches(jobs, job.id, 'speech');
    const started = performance.now();
    const answer = await jobs.cancel(job.id);
    expect(answer.status).toBe('cancelled');
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  }, 60_000);

  it('leaves a job whose worker disappears interrupted; resuming reuses the decoded audio', async () => {
    const store = durableStore();
    const kind = inProcessKind(() => hostFor({ store }), { atStage: 'speech', times: 1 });
    const jobs = orchestrator(store, kind);
    const job = await submit(jobs, await storedInput(store, fixtureBytes('single-speaker')));
    const cut = await interrupted(jobs, job.id);
    expect(cut.status).toBe('interrupted');
    expect(cut.error?.message).toBeTruthy();
    // The event goes out as the record is written; resume reads the stored record.
    await expect.poll(async () => (await jobs.list()).jobs.find((j) => j.id === job.id)?.status).toBe('interrupted');
    await jobs.resume(job.id);
    const final = await settled(jobs, job.id);
    expect(final.status).toBe('completed');
    expect(final.stages.find((s) => s.id === 'decode')?.state).toBe('cached');
  }, 60_000);

  it('marks a job a closed tab left running as interrupted, and it resumes to the end', async () => {
    const store = durableStore();
    const first = orchestrator(store, inProcessKind(() => hostFor({ store, session: slowFrames(2) })));
    const job = await submit(first, await storedInput(store, fixtureBytes('single-speaker')));
    await reaches(first, job.id, 'speech');
    // The tab goes away: its worker stops without a verdict.
    await first.dispose();
    const reopened = orchestrator(store, inProcessKind(() => hostFor({ store })));
    await reopened.recoverInterrupted();
    const listed = (await reopened.list()).jobs.find((j) => j.id === job.id);
    expect(listed?.status).toBe('interrupted');
    await reopened.resume(job.id);
    expect((await settled(reopened, job.id)).status).toBe('completed');
  }, 60_000);

  it('stops a model that hangs at its stage time limit, with a message that names the stage', async () => {
    const store = durableStore();
    const kind = inProcessKind(() => hostFor({ store, session: stuckAfter(20) }));
    const jobs = orchestrator(store, { ...kind, stages: kind.stages.map((stage) => ({ ...stage, timeLimitMs: stage.id === 'speech' ? 1500 : 30_000 })) });
    const job = await submit(jobs, await storedInput(store, fixtureBytes('single-speaker')));
    const final = await settled(jobs, job.id);
    expect(final.status).toBe('failed');
    expect(final.error?.code).toBe('stage-timeout');
    expect(final.error?.message).toContain('Finding speech');
  }, 60_000);

  it('warns that diarization jobs and results live in memory only when storage is', async () => {
    const analysis = await AnalysisService.start(createMemoryStore(), new AppLog(), 'IndexedDB is disabled', [diarizationJobKind]);
    const service = new DiarizationService(analysis, createMemoryStore(), new AppLog());
    expect(service.storageWarning).toContain('memory only');
    await analysis.orchestrator.dispose();
  });
});
