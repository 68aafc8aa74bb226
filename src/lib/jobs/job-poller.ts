import type { JobError } from '$workers/shared/job-protocol';
import { describeThrown, jobError, JobErrorCode } from './job-errors';
import { isSettled, JobStatus, type JobRecord } from './job-record';
import type { JobReadResult } from './job-repository';

/**
 * The fallback to pushed progress: read the job record on an interval until
 * it settles. A read that throws (a storage hiccup) is transient and retried
 * with exponential backoff; a job that is missing or unreadable is fatal and
 * stops the poll at once. Every timer is cleared on settle, error or stop, so
 * no loop outlives its watcher.
 */
export interface PollOptions {
  /** Time between reads. */
  intervalMs: number;
  /**
   * Polls in a row that saw no news (the record's `updatedAt` did not move)
   * before giving up with a timeout error. Counting only unchanged polls lets
   * an hour-long job be watched while a stuck one is still given up on.
   */
  maxAttempts: number;
  /** Tries per read before a transient error becomes the poll's error. */
  transientTries: number;
  /** First backoff delay; doubles with each further try. */
  backoffMs: number;
}

export const DEFAULT_POLL_OPTIONS: PollOptions = { intervalMs: 2000, maxAttempts: 150, transientTries: 3, backoffMs: 500 };

export type PollOutcome =
  | { type: 'settled'; record: JobRecord }
  | { type: 'failed'; error: JobError }
  /** `stop()` was called first. */
  | { type: 'stopped' };

export interface JobPoll {
  readonly outcome: Promise<PollOutcome>;
  stop(): void;
}

/**
 * A settled record ends the poll, except `interrupted`: a job interrupted here
 * may be resumed by the user, which the watcher should see too. Queued and
 * running keep polling.
 */
function endsPoll(record: JobRecord): boolean {
  return isSettled(record.status) && record.status !== JobStatus.Interrupted;
}

export function pollJob(
  read: () => Promise<JobReadResult>,
  options: Partial<PollOptions> = {},
  onRecord: (record: JobRecord) => void = () => {}
): JobPoll {
  const { intervalMs, maxAttempts, transientTries, backoffMs } = { ...DEFAULT_POLL_OPTIONS, ...options };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  let finish: (outcome: PollOutcome) => void = () => {};
  const outcome = new Promise<PollOutcome>((resolve) => {
    finish = (result) => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      resolve(result);
    };
  });

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      timer = setTimeout(() => {
        timer = undefined;
        resolve();
      }, ms);
    });

  /** One read with its transient retries; undefined when the poll ended meanwhile. */
  const readWithRetry = async (): Promise<JobReadResult | undefined> => {
    for (let tried = 1; ; tried += 1) {
      try {
        return await read();
      } catch (error) {
        if (done) return undefined;
        if (tried >= transientTries) {
          finish({
            type: 'failed',
            error: jobError(
              JobErrorCode.StorageUnavailable,
              `The job's progress could not be read (${describeThrown(error)}), even after ${transientTries} tries. Reload Bandroom to see where it stands.`,
              true
            )
          });
          return undefined;
        }
        await wait(backoffMs * 2 ** (tried - 1));
        if (done) return undefined;
      }
    }
  };

  let unchanged = 0;
  let lastUpdate: number | undefined;
  const loop = async (): Promise<void> => {
    while (!done) {
      const result = await readWithRetry();
      if (done || result === undefined) return;
      if (result.type === 'missing') {
        finish({ type: 'failed', error: jobError(JobErrorCode.JobNotFound, 'This job no longer exists; it may have been removed in another tab.', false) });
        return;
      }
      if (result.type === 'invalid') {
        finish({ type: 'failed', error: jobError(JobErrorCode.InvalidRecord, `This job's saved record is damaged (${result.reason}). Remove it and start again.`, false) });
        return;
      }
      const { record } = result;
      onRecord(record);
      if (endsPoll(record)) {
        finish({ type: 'settled', record });
        return;
      }
      unchanged = record.updatedAt === lastUpdate ? unchanged + 1 : 0;
      lastUpdate = record.updatedAt;
      if (unchanged + 1 >= maxAttempts) {
        finish({
          type: 'failed',
          error: jobError(JobErrorCode.PollTimeout, `The job stopped reporting progress (no news in ${maxAttempts} checks). Cancel it and try again.`, true)
        });
        return;
      }
      await wait(intervalMs);
    }
  };
  void loop();

  return { outcome, stop: () => finish({ type: 'stopped' }) };
}
