import type { AppLog } from '$lib/log/app-log';
import { describeThrown } from './job-errors';
import { updatedEvent, type JobEventBus } from './job-events';
import type { JobRecord } from './job-record';
import type { JobRepository } from './job-repository';

/**
 * Publishes and saves job records. A worker may report progress hundreds of
 * times a second; listeners and storage only need a few updates a second, so
 * progress is coalesced per job, while status changes go out at once. Saves
 * run one after another on a single chain: a slow progress write can never
 * land after (and overwrite) the terminal state that followed it.
 */
export class JobRecordWriter {
  readonly #latest = new Map<string, JobRecord>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: JobRepository,
    private readonly bus: JobEventBus,
    private readonly throttleMs: number,
    private readonly log: AppLog | undefined
  ) {}

  /** Progress inside a running job: published and saved at most once per throttle interval. */
  progress(record: JobRecord): void {
    this.#latest.set(record.id, record);
    if (this.#timers.has(record.id)) return;
    this.#timers.set(
      record.id,
      setTimeout(() => {
        this.#timers.delete(record.id);
        void this.#flush(record.id);
      }, this.throttleMs)
    );
  }

  /** A status change: published now, and saved in order; resolves once saved (or the save failed and was logged). */
  commit(record: JobRecord): Promise<void> {
    this.#latest.set(record.id, record);
    clearTimeout(this.#timers.get(record.id));
    this.#timers.delete(record.id);
    return this.#flush(record.id);
  }

  /** Drops pending progress for a removed job. */
  forget(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.#latest.delete(id);
  }

  /** Resolves when every save queued so far has been attempted. */
  idle(): Promise<void> {
    return this.#chain;
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #flush(id: string): Promise<void> {
    const record = this.#latest.get(id);
    if (!record) return this.#chain;
    this.bus.publish(updatedEvent(record));
    this.#chain = this.#chain.then(async () => {
      try {
        await this.repository.put(record);
      } catch (error) {
        // The job goes on: this tab still holds the record, and the next save may succeed.
        this.log?.warn('jobs', `Could not save job ${id}: ${describeThrown(error)}`, { jobId: id });
      }
    });
    return this.#chain;
  }
}
