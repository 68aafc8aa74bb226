import type { JobRecord } from './job-record';

/**
 * Jobs of this tab waiting for a slot, oldest first, and jobs waiting out the
 * delay before an automatic retry. Records here are queued in storage too;
 * this is only the tab's order of work.
 */
export class JobQueue {
  readonly #waiting: JobRecord[] = [];
  readonly #delayed = new Map<string, { timer: ReturnType<typeof setTimeout>; record: JobRecord }>();

  push(record: JobRecord): void {
    this.#waiting.push(record);
  }

  /** Puts `record` in line after `delayMs`, then calls `onReady`. */
  pushLater(record: JobRecord, delayMs: number, onReady: () => void): void {
    const timer = setTimeout(() => {
      this.#delayed.delete(record.id);
      this.#waiting.push(record);
      onReady();
    }, delayMs);
    this.#delayed.set(record.id, { timer, record });
  }

  has(id: string): boolean {
    return this.#delayed.has(id) || this.#waiting.some((job) => job.id === id);
  }

  /** Takes a job out of line (to cancel it); undefined when it is not waiting here. */
  take(id: string): JobRecord | undefined {
    const index = this.#waiting.findIndex((job) => job.id === id);
    if (index >= 0) return this.#waiting.splice(index, 1)[0];
    const delayed = this.#delayed.get(id);
    if (!delayed) return undefined;
    clearTimeout(delayed.timer);
    this.#delayed.delete(id);
    return delayed.record;
  }

  /** Takes out, in order, every waiting job `canStart` accepts; it is asked again after each start. */
  takeStartable(canStart: (record: JobRecord) => boolean): JobRecord[] {
    const started: JobRecord[] = [];
    for (let index = 0; index < this.#waiting.length; ) {
      const record = this.#waiting[index]!;
      if (canStart(record)) {
        this.#waiting.splice(index, 1);
        started.push(record);
      } else {
        index += 1;
      }
    }
    return started;
  }

  clear(): void {
    for (const { timer } of this.#delayed.values()) clearTimeout(timer);
    this.#delayed.clear();
    this.#waiting.length = 0;
  }
}
