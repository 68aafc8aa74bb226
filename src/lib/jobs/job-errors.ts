import type { JobError } from '$workers/shared/job-protocol';

/**
 * The errors the orchestrator and the poller produce themselves (workers
 * produce their own codes). Messages are for a musician: what happened and
 * what to do about it.
 */
export const JobErrorCode = {
  StageTimeout: 'stage-timeout',
  JobTimeout: 'job-timeout',
  WorkerCrashed: 'worker-crashed',
  WorkerError: 'worker-error',
  WorkerStartFailed: 'worker-start-failed',
  InvalidOutcome: 'invalid-outcome',
  Interrupted: 'interrupted',
  JobNotFound: 'job-not-found',
  InvalidRecord: 'invalid-record',
  StorageUnavailable: 'storage-unavailable',
  PollTimeout: 'poll-timeout'
} as const;
export type JobErrorCode = (typeof JobErrorCode)[keyof typeof JobErrorCode];

export function jobError(code: JobErrorCode, message: string, transient: boolean): JobError {
  return { code, message, transient };
}

export function seconds(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

export function stageTimedOut(stageLabel: string, limitMs: number): JobError {
  return jobError(
    JobErrorCode.StageTimeout,
    `"${stageLabel}" took longer than ${seconds(limitMs)} and was stopped. Try a shorter recording, or retry when the computer is less busy.`,
    false
  );
}

export function jobTimedOut(limitMs: number): JobError {
  return jobError(JobErrorCode.JobTimeout, `The job took longer than ${seconds(limitMs)} in all and was stopped. Try a shorter recording.`, false);
}

export function workerCrashed(detail: string): JobError {
  return jobError(
    JobErrorCode.WorkerCrashed,
    `The background worker running this job stopped unexpectedly (${detail}). Resume the job to continue from the stages already finished.`,
    true
  );
}

export function interruptedByReload(): JobError {
  return jobError(
    JobErrorCode.Interrupted,
    'The job was stopped when Bandroom was closed or reloaded. Resume it to continue from the stages already finished.',
    true
  );
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
