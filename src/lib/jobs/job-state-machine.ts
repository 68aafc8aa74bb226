import type { JobError } from '$workers/shared/job-protocol';
import { JobStatus, type JobRecord, type StageFallback } from './job-record';

/**
 * The legal moves of a job (DESIGN §4.3). Completed, completed-with-fallback
 * and cancelled are final. Failed and interrupted are final too, except that
 * the user may send them back to the queue (retry, resume). Progress inside
 * `running` is not a transition; see job-progress.ts.
 */
const NEXT: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  [JobStatus.Queued]: [JobStatus.Running, JobStatus.Cancelled],
  [JobStatus.Running]: [JobStatus.Completed, JobStatus.CompletedWithFallback, JobStatus.Failed, JobStatus.Cancelled, JobStatus.Interrupted],
  [JobStatus.Completed]: [],
  [JobStatus.CompletedWithFallback]: [],
  [JobStatus.Cancelled]: [],
  [JobStatus.Failed]: [JobStatus.Queued],
  [JobStatus.Interrupted]: [JobStatus.Queued]
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return NEXT[from].includes(to);
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: JobStatus,
    readonly to: JobStatus
  ) {
    super(`A ${from} job cannot become ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

/** What each move needs to say; the type makes a failure without an error unwritable. */
export type Transition =
  | { to: typeof JobStatus.Queued }
  | { to: typeof JobStatus.Running }
  | { to: typeof JobStatus.Completed; resultRef: string }
  | { to: typeof JobStatus.CompletedWithFallback; resultRef: string; fallbacks: readonly StageFallback[] }
  | { to: typeof JobStatus.Failed; error: JobError }
  | { to: typeof JobStatus.Cancelled }
  | { to: typeof JobStatus.Interrupted; error: JobError };

/** Returns the record after the move, or throws IllegalTransitionError; never mutates its input. */
export function transition(record: JobRecord, move: Transition, now: number): JobRecord {
  if (!canTransition(record.status, move.to)) throw new IllegalTransitionError(record.status, move.to);
  const base = { ...record, status: move.to, updatedAt: now };
  switch (move.to) {
    case JobStatus.Queued: {
      // A new attempt starts clean; the worker finds finished stages in its cache and reports them cached.
      const { error: _error, finishedAt: _finished, startedAt: _started, stage: _stage, resultRef: _result, ...rest } = base;
      return {
        ...rest,
        attempts: record.attempts + 1,
        percent: 0,
        fallbacks: [],
        stages: record.stages.map((stage) => ({ ...stage, state: 'pending', percent: 0 }))
      };
    }
    case JobStatus.Running:
      return { ...base, startedAt: now };
    case JobStatus.Completed:
      return finished({ ...base, resultRef: move.resultRef, percent: 100 }, now);
    case JobStatus.CompletedWithFallback:
      return finished({ ...base, resultRef: move.resultRef, percent: 100, fallbacks: [...move.fallbacks] }, now);
    case JobStatus.Failed:
    case JobStatus.Interrupted:
      return finished({ ...base, error: move.error }, now);
    case JobStatus.Cancelled:
      return finished(base, now);
  }
}

function finished(record: JobRecord, now: number): JobRecord {
  return { ...record, finishedAt: now };
}
