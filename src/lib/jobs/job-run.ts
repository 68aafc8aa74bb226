import { finalMove, JobAttempt, type InlineResult } from './job-attempt';
import type { JobKind } from './job-kind';
import type { JobLiveness } from './job-liveness';
import { applyProgress, applyStageOutcomes, markFallback } from './job-progress';
import { JobStatus, type JobRecord } from './job-record';
import type { JobRecordWriter } from './job-record-writer';
import { transition } from './job-state-machine';

/** A job this tab has taken off the queue: its latest record and the attempt running it. */
export interface ActiveJob {
  record: JobRecord;
  readonly kind: JobKind;
  attempt?: JobAttempt;
  cancelRequested: boolean;
  /** Resolves with the record the job ended in (or went back to the queue with). */
  readonly settled: Promise<JobRecord>;
}

export interface RunContext {
  liveness: JobLiveness;
  writer: JobRecordWriter;
  now: () => number;
  cancelGraceMs: number;
  isShuttingDown: () => boolean;
  /** The page's storage is memory-only: workers send their results back with the outcome. */
  returnResult: boolean;
  /** Keeps a result a worker handed over with its outcome (memory-only storage). */
  keepInlineResult: (resultRef: string, inline: InlineResult) => Promise<void>;
}

/**
 * Runs one queued job to the end of one attempt and returns its final record
 * (not yet saved). The job is claimed for this tab (Web Lock) for exactly as
 * long as its worker lives, which is what restart recovery relies on.
 */
export async function runActiveJob(active: ActiveJob, context: RunContext): Promise<JobRecord> {
  const { now, writer } = context;
  const release = await context.liveness.claim(active.record.id);
  // Another tab runs it after all: leave the record to that tab.
  if (!release) return active.record;
  try {
    // Shutting down before it started: it stays queued, and the next start-up adopts it.
    if (context.isShuttingDown()) return active.record;
    if (active.cancelRequested) return transition(active.record, { to: JobStatus.Cancelled }, now());
    active.record = transition(active.record, { to: JobStatus.Running }, now());
    await writer.commit(active.record);
    const { record, kind } = active;
    const attempt = new JobAttempt(
      {
        jobId: record.id,
        kind: kind.kind,
        input: record.input,
        options: record.options,
        stages: kind.stages,
        jobTimeLimitMs: kind.jobTimeLimitMs,
        cancelGraceMs: context.cancelGraceMs,
        createWorker: kind.createWorker,
        now,
        returnResult: context.returnResult
      },
      {
        onProgress: (event) => {
          active.record = applyProgress(active.record, event, kind.stages, now());
          writer.progress(active.record);
        },
        onFallback: (fallback) => {
          active.record = { ...markFallback(active.record, fallback.stage), fallbacks: [...active.record.fallbacks, fallback], updatedAt: now() };
          void writer.commit(active.record);
        }
      }
    );
    active.attempt = attempt;
    if (active.cancelRequested) attempt.cancel();
    if (context.isShuttingDown()) attempt.stop();
    const result = await attempt.result;
    if (result.type === 'completed' && result.inlineResult) await context.keepInlineResult(result.resultRef, result.inlineResult);
    const finished = 'stages' in result ? applyStageOutcomes(active.record, result.stages, kind.stages) : active.record;
    return transition(finished, finalMove(result), now());
  } finally {
    release();
  }
}
