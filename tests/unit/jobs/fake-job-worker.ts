import { vi } from 'vitest';
import type { JobOutcome, JobProgressEvent, JobStageSpec, JobWorkerApi, JobWorkerRequest, StageOutcome } from '$workers/shared/job-protocol';
import type { JobKind } from '$lib/jobs/job-kind';
import type { JobWorkerHandle } from '$lib/jobs/job-worker-handle';

/**
 * An in-process job worker that speaks the real protocol, with timers instead
 * of DSP so tests can drive it with fake time. It behaves like a worker that
 * consults a content-addressed cache: a stage finished by an earlier worker
 * for the same input is reported as cached and skipped.
 */
export interface FakeBehaviour {
  /** Time per progress step; a stage takes three steps (0 %, 50 %, 100 %). */
  stepMs: number;
  /** This stage never finishes on its ML path, and the worker is too busy to hear cancel. */
  hangAt?: string;
  /** The worker dies (error event) when it reaches this stage. */
  crashAt?: string;
  /** The first n runs fail with a transient error at the first stage. */
  transientFailures?: number;
  /** `run` throws (like an uncaught exception inside the worker). */
  throws?: boolean;
  /** How long the worker takes to notice a cancel. */
  cancelDelayMs?: number;
  /** The worker itself falls back on this stage (an ML model that failed to load). */
  workerFallback?: { stage: string; reason: string };
  /** Memory-only storage: the worker hands its result over with the outcome. */
  inlineResult?: unknown;
}

export const STAGES: readonly JobStageSpec[] = [
  { id: 'decode', label: 'Decoding', weight: 1, timeLimitMs: 10_000, hasFallback: false },
  { id: 'stems', label: 'Separating stems', weight: 3, timeLimitMs: 10_000, hasFallback: true },
  { id: 'cues', label: 'Finding cues', weight: 1, timeLimitMs: 10_000, hasFallback: false }
];

export const DIGEST = 'a'.repeat(64);
export const OTHER_DIGEST = 'b'.repeat(64);

export class FakeJobWorker implements JobWorkerHandle {
  terminated = false;
  cancelled = false;
  readonly requests: JobWorkerRequest[] = [];
  #crashListener: ((detail: string) => void) | undefined;
  readonly api: JobWorkerApi;

  constructor(private readonly pool: FakeWorkerPool) {
    this.api = {
      run: (request, onProgress) => {
        this.requests.push(request);
        return this.#run(request, onProgress);
      },
      cancel: async () => {
        await sleep(this.pool.behaviour.cancelDelayMs ?? 0);
        this.cancelled = true;
      }
    };
  }

  onCrash(listener: (detail: string) => void): void {
    this.#crashListener = listener;
  }

  terminate(): void {
    this.terminated = true;
  }

  crash(detail: string): void {
    this.#crashListener?.(detail);
  }

  async #run(request: JobWorkerRequest, onProgress: (event: JobProgressEvent) => void): Promise<JobOutcome> {
    const { behaviour, stages } = this.pool;
    const runIndex = this.pool.runs++;
    const outcomes: StageOutcome[] = [];
    for (const stage of stages) {
      const key = `${request.input.digest}:${stage.id}`;
      if (this.pool.cache.has(key)) {
        onProgress({ jobId: request.jobId, stage: stage.id, stagePercent: 100, cached: true });
        outcomes.push({ stage: stage.id, outcome: 'done', cached: true });
        continue;
      }
      if (behaviour.throws) throw new Error('decoder exploded');
      if (runIndex < (behaviour.transientFailures ?? 0)) {
        return { type: 'failed', jobId: request.jobId, stages: outcomes, error: { code: 'device-busy', message: 'The audio decoder was busy.', transient: true } };
      }
      if (behaviour.crashAt === stage.id) {
        this.crash('out of memory');
        return new Promise<JobOutcome>(() => {});
      }
      const usesFallback = request.fallbackStages.includes(stage.id);
      const hangs = behaviour.hangAt === stage.id && !usesFallback;
      for (const percent of [0, 50, 100]) {
        if (this.terminated) return new Promise<JobOutcome>(() => {});
        if (this.cancelled && !hangs) return { type: 'cancelled', jobId: request.jobId };
        onProgress({ jobId: request.jobId, stage: stage.id, stagePercent: hangs ? 0 : percent });
        if (hangs) return new Promise<JobOutcome>(() => {});
        await sleep(behaviour.stepMs);
      }
      if (this.terminated) return new Promise<JobOutcome>(() => {});
      if (this.cancelled) return { type: 'cancelled', jobId: request.jobId };
      this.pool.cache.add(key);
      const workerFallback = behaviour.workerFallback?.stage === stage.id ? behaviour.workerFallback.reason : undefined;
      if (usesFallback || workerFallback) {
        outcomes.push({ stage: stage.id, outcome: 'fallback', reason: workerFallback ?? 'fallback path requested', cached: false });
      } else {
        outcomes.push({ stage: stage.id, outcome: 'done', cached: false });
      }
    }
    // A memory-only worker's result goes under a real content key (the digest stands in for one).
    if (behaviour.inlineResult !== undefined && request.returnResult) return { type: 'completed', jobId: request.jobId, stages: outcomes, resultRef: request.input.digest, inlineResult: { kind: 'analysis', result: behaviour.inlineResult } };
    return { type: 'completed', jobId: request.jobId, stages: outcomes, resultRef: `cache:${request.input.digest}` };
  }
}

/** Makes fresh fake workers and remembers them, with the cache they share (like IndexedDB). */
export class FakeWorkerPool {
  readonly workers: FakeJobWorker[] = [];
  readonly cache = new Set<string>();
  runs = 0;

  constructor(
    public behaviour: FakeBehaviour,
    readonly stages: readonly JobStageSpec[] = STAGES
  ) {}

  readonly create = (): FakeJobWorker => {
    const worker = new FakeJobWorker(this);
    this.workers.push(worker);
    return worker;
  };

  kind(overrides: Partial<JobKind> = {}): JobKind {
    return { kind: 'analysis', stages: this.stages, jobTimeLimitMs: 120_000, heavy: true, createWorker: this.create, ...overrides };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Advances fake time in small steps until `promise` settles (or fails the test after `maxMs`). */
export async function settleWithTime<T>(promise: Promise<T>, maxMs = 300_000, stepMs = 50): Promise<T> {
  let settled = false;
  let value: T | undefined;
  let failure: unknown;
  promise.then(
    (result) => {
      settled = true;
      value = result;
    },
    (error: unknown) => {
      settled = true;
      failure = error ?? new Error('rejected');
    }
  );
  for (let elapsed = 0; !settled && elapsed <= maxMs; elapsed += stepMs) await vi.advanceTimersByTimeAsync(stepMs);
  if (!settled) throw new Error(`did not settle within ${maxMs} ms of fake time`);
  if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  return value as T;
}

export function submission(digest: string = DIGEST): { kind: string; input: { digest: string; source: string } } {
  return { kind: 'analysis', input: { digest, source: `bytes:${digest}` } };
}
