import * as v from 'valibot';
import {
  JobOutcomeSchema,
  JobProgressEventSchema,
  type JobError,
  type JobInput,
  type JobOptions,
  type JobOutcome,
  type JobProgressEvent,
  type JobStageSpec,
  type StageOutcome
} from '$workers/shared/job-protocol';
import { describeThrown, jobError, JobErrorCode, jobTimedOut, seconds, stageTimedOut, workerCrashed } from './job-errors';
import { JobStatus, type StageFallback } from './job-record';
import type { Transition } from './job-state-machine';
import type { JobWorkerFactory, JobWorkerHandle } from './job-worker-handle';

/** Everything one attempt needs to run a job to its end. */
export interface AttemptPlan {
  jobId: string;
  kind: string;
  input: JobInput;
  options: JobOptions;
  stages: readonly JobStageSpec[];
  jobTimeLimitMs: number;
  /** How long a worker may take to confirm a cancel before it is terminated. */
  cancelGraceMs: number;
  createWorker: JobWorkerFactory;
  now: () => number;
  /** The page's storage is memory-only: the worker sends its result back with the outcome. */
  returnResult?: boolean;
}

export interface AttemptEvents {
  /** A validated progress event for this job. */
  onProgress(event: JobProgressEvent): void;
  /** A stage timed out on its ML path; the job goes on with its fallback in a new worker. */
  onFallback(fallback: StageFallback): void;
}

export type AttemptResult =
  | { type: 'completed'; resultRef: string; stages: StageOutcome[]; fallbacks: StageFallback[]; inlineResult?: InlineResult }
  | { type: 'failed'; error: JobError; stages: StageOutcome[] }
  | { type: 'cancelled' }
  | { type: 'interrupted'; error: JobError };

/** How one worker run ended. */
type RunEnd =
  | { type: 'outcome'; outcome: JobOutcome }
  | { type: 'stage-timeout'; stage: JobStageSpec }
  | { type: 'job-timeout' }
  | { type: 'crashed'; detail: string }
  | { type: 'failed'; error: JobError }
  | { type: 'cancel-forced' }
  | { type: 'stopped' };

/**
 * Runs one attempt of a job: a fresh worker per run, time limits enforced by
 * terminating that worker (a hung stage cannot hold the app), and a re-run on
 * the fallback path when an ML stage times out. `result` always settles:
 * every way a worker can end (outcome, throw, crash, hang) maps to a result.
 */
/** A result a memory-only worker hands over with its outcome (see JobOutcomeSchema). */
export type InlineResult = NonNullable<Extract<JobOutcome, { type: 'completed' }>['inlineResult']>;

export class JobAttempt {
  readonly result: Promise<AttemptResult>;
  #cancelRequested = false;
  #stopRequested = false;
  /** Ends the current run early (cancel grace expired, stop). */
  #endRun: ((end: RunEnd) => void) | undefined;
  #requestCancelOfRun: (() => void) | undefined;

  constructor(
    private readonly plan: AttemptPlan,
    private readonly events: AttemptEvents
  ) {
    this.result = this.#runToEnd();
  }

  /** Asks the job to stop; `result` then settles with the confirmed final state (cancelled, or completed if it won the race). */
  cancel(): void {
    if (this.#cancelRequested) return;
    this.#cancelRequested = true;
    this.#requestCancelOfRun?.();
  }

  /** Tears the worker down without a verdict (the app is closing); the attempt ends interrupted. */
  stop(): void {
    this.#stopRequested = true;
    this.#endRun?.({ type: 'stopped' });
  }

  async #runToEnd(): Promise<AttemptResult> {
    const deadline = this.plan.now() + this.plan.jobTimeLimitMs;
    const fallbackStages: string[] = [];
    const fallbacks: StageFallback[] = [];
    for (;;) {
      if (this.#cancelRequested) return { type: 'cancelled' };
      if (this.#stopRequested) return stoppedResult();
      const end = await this.#runOnce(fallbackStages, deadline);
      switch (end.type) {
        case 'outcome':
          return resultOf(end.outcome, fallbacks);
        case 'stage-timeout': {
          const { stage } = end;
          if (this.#cancelRequested) return { type: 'cancelled' };
          if (!stage.hasFallback || fallbackStages.includes(stage.id)) {
            return { type: 'failed', error: stageTimedOut(stage.label, stage.timeLimitMs), stages: [] };
          }
          const fallback = { stage: stage.id, reason: `The ML path took longer than ${seconds(stage.timeLimitMs)}; the built-in method was used instead.` };
          fallbacks.push(fallback);
          fallbackStages.push(stage.id);
          this.events.onFallback(fallback);
          continue;
        }
        case 'job-timeout':
          return { type: 'failed', error: jobTimedOut(this.plan.jobTimeLimitMs), stages: [] };
        case 'crashed':
          return { type: 'interrupted', error: workerCrashed(end.detail) };
        case 'failed':
          return { type: 'failed', error: end.error, stages: [] };
        case 'cancel-forced':
          return { type: 'cancelled' };
        case 'stopped':
          return stoppedResult();
      }
    }
  }

  #runOnce(fallbackStages: readonly string[], deadline: number): Promise<RunEnd> {
    const { plan } = this;
    return new Promise<RunEnd>((resolve) => {
      let handle: JobWorkerHandle | undefined;
      let stageTimer: ReturnType<typeof setTimeout> | undefined;
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      let currentStage: string | undefined;
      let ended = false;

      const end = (result: RunEnd): void => {
        if (ended) return;
        ended = true;
        clearTimeout(stageTimer);
        clearTimeout(jobTimer);
        clearTimeout(graceTimer);
        this.#endRun = undefined;
        this.#requestCancelOfRun = undefined;
        // Always terminate: a finished worker is not reused, and a hung one must not keep its core.
        handle?.terminate();
        resolve(result);
      };

      const enterStage = (stageId: string): void => {
        if (stageId === currentStage) return;
        currentStage = stageId;
        const spec = plan.stages.find((stage) => stage.id === stageId);
        clearTimeout(stageTimer);
        if (spec) stageTimer = setTimeout(() => end({ type: 'stage-timeout', stage: spec }), spec.timeLimitMs);
      };

      const requestCancel = (): void => {
        if (ended || graceTimer !== undefined) return;
        graceTimer = setTimeout(() => end({ type: 'cancel-forced' }), plan.cancelGraceMs);
        // A worker stuck in a loop never answers; the grace timer covers it.
        handle?.api.cancel(plan.jobId).catch(() => undefined);
      };

      this.#endRun = end;
      this.#requestCancelOfRun = requestCancel;
      const jobTimer = setTimeout(() => end({ type: 'job-timeout' }), Math.max(0, deadline - plan.now()));

      try {
        handle = plan.createWorker();
      } catch (error) {
        end({ type: 'failed', error: jobError(JobErrorCode.WorkerStartFailed, `The background worker could not start (${describeThrown(error)}). Reload Bandroom and retry.`, true) });
        return;
      }
      handle.onCrash((detail) => end({ type: 'crashed', detail }));
      const firstStage = plan.stages[0];
      if (firstStage) enterStage(firstStage.id);

      const onProgress = (raw: JobProgressEvent): void => {
        if (ended) return;
        const parsed = v.safeParse(JobProgressEventSchema, raw);
        // Events for another job (a reused port, a confused worker) are not ours to show.
        if (!parsed.success || parsed.output.jobId !== plan.jobId) return;
        enterStage(parsed.output.stage);
        this.events.onProgress(parsed.output);
      };

      const request = { jobId: plan.jobId, kind: plan.kind, input: plan.input, options: plan.options, fallbackStages: [...fallbackStages], ...(plan.returnResult ? { returnResult: true } : {}) };
      const worker = handle;
      // Through a promise so a worker that throws synchronously is caught like one that rejects.
      Promise.resolve()
        .then(() => worker.api.run(request, onProgress))
        .then(
        (raw) => {
          const parsed = v.safeParse(JobOutcomeSchema, raw);
          if (!parsed.success || parsed.output.jobId !== plan.jobId) {
            end({ type: 'failed', error: jobError(JobErrorCode.InvalidOutcome, 'The background worker returned a result Bandroom cannot read. Retry the job; if it happens again, report it.', false) });
          } else {
            end({ type: 'outcome', outcome: parsed.output });
          }
        },
        (error: unknown) =>
          end({ type: 'failed', error: jobError(JobErrorCode.WorkerError, `The background worker failed: ${describeThrown(error)}.`, false) })
      );
      if (this.#cancelRequested) requestCancel();
      if (this.#stopRequested) end({ type: 'stopped' });
    });
  }
}

function resultOf(outcome: JobOutcome, imposed: readonly StageFallback[]): AttemptResult {
  switch (outcome.type) {
    case 'cancelled':
      return { type: 'cancelled' };
    case 'failed':
      return { type: 'failed', error: outcome.error, stages: outcome.stages };
    case 'completed': {
      const fallbacks = [...imposed];
      for (const stage of outcome.stages) {
        // A stage the orchestrator sent to its fallback already has the timeout as its reason.
        if (stage.outcome === 'fallback' && !fallbacks.some((known) => known.stage === stage.stage)) {
          fallbacks.push({ stage: stage.stage, reason: stage.reason });
        }
      }
      return { type: 'completed', resultRef: outcome.resultRef, stages: outcome.stages, fallbacks, ...(outcome.inlineResult ? { inlineResult: outcome.inlineResult } : {}) };
    }
  }
}

function stoppedResult(): AttemptResult {
  return {
    type: 'interrupted',
    error: jobError(JobErrorCode.Interrupted, 'The job was stopped because Bandroom was closing. Resume it to continue from the stages already finished.', true)
  };
}

/** The state a job moves to when its attempt ends. */
export function finalMove(result: AttemptResult): Transition {
  switch (result.type) {
    case 'completed':
      return result.fallbacks.length > 0
        ? { to: JobStatus.CompletedWithFallback, resultRef: result.resultRef, fallbacks: result.fallbacks }
        : { to: JobStatus.Completed, resultRef: result.resultRef };
    case 'failed':
      return { to: JobStatus.Failed, error: result.error };
    case 'interrupted':
      return { to: JobStatus.Interrupted, error: result.error };
    case 'cancelled':
      return { to: JobStatus.Cancelled };
  }
}
