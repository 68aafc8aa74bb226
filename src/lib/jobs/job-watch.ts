import { jobError, JobErrorCode } from './job-errors';
import type { JobEventBus } from './job-events';
import { isSettled, JobStatus, type JobRecord } from './job-record';
import type { JobReadResult } from './job-repository';
import { pollJob, type PollOptions, type PollOutcome } from './job-poller';

export interface JobWatch {
  /** Settles with the job's final record, a poll error, or `stopped`. */
  readonly outcome: Promise<PollOutcome>;
  stop(): void;
}

/**
 * Follows one job the way DESIGN §4.3 asks: pushed events first (this tab's
 * orchestrator or another tab's, through the bus), polling the stored record
 * as the fallback for when pushes stop coming. Whichever sees the end first
 * wins; both the subscription and the poll loop end with the watch.
 */
export function watchJob(
  jobId: string,
  bus: JobEventBus,
  read: () => Promise<JobReadResult>,
  onRecord: (record: JobRecord) => void = () => {},
  pollOptions: Partial<PollOptions> = {}
): JobWatch {
  let finished = false;
  let finish: (outcome: PollOutcome) => void = () => {};
  const outcome = new Promise<PollOutcome>((resolve) => {
    finish = (result) => {
      if (finished) return;
      finished = true;
      unsubscribe();
      poll.stop();
      resolve(result);
    };
  });
  const unsubscribe = bus.subscribe((event) => {
    if (event.type === 'removed') {
      finish({ type: 'failed', error: jobError(JobErrorCode.JobNotFound, 'This job was removed.', false) });
      return;
    }
    onRecord(event.record);
    if (isSettled(event.record.status) && event.record.status !== JobStatus.Interrupted) finish({ type: 'settled', record: event.record });
  }, jobId);
  const poll = pollJob(read, pollOptions, (record) => {
    if (!finished) onRecord(record);
  });
  void poll.outcome.then((result) => finish(result));
  return { outcome, stop: () => finish({ type: 'stopped' }) };
}
