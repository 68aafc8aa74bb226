import { describeThrown } from './job-errors';
import type { JobOrchestrator } from './job-orchestrator';
import type { JobRecord } from './job-record';
import type { UnreadableJob } from './job-repository';
import { jobRow, type JobRow } from './job-row';

/**
 * The Jobs panel's state: every job as a `JobRow` (this tab's and other
 * tabs'), kept current by pushed events, with elapsed time and ETA ticking
 * while something runs. Actions report failures in `actionError` instead of
 * throwing into the markup.
 */
export class JobsView {
  rows = $state<JobRow[]>([]);
  unreadable = $state<UnreadableJob[]>([]);
  actionError = $state<string | undefined>();
  /** Shown above the list when jobs live in memory only. */
  readonly warning: string | undefined;
  /** The latest record per job; rows are derived from it on each change or tick (bookkeeping, not UI state). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #records = new Map<string, JobRecord>();
  #unsubscribe: (() => void) | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly orchestrator: JobOrchestrator,
    private readonly now: () => number = Date.now,
    private readonly tickMs: number = 1000
  ) {
    this.warning = orchestrator.storageWarning;
  }

  /** Loads the stored jobs and follows their changes; call once when the panel opens. */
  async open(): Promise<void> {
    this.#unsubscribe ??= this.orchestrator.subscribe((event) => {
      if (event.type === 'removed') this.#records.delete(event.jobId);
      else this.#records.set(event.jobId, event.record);
      this.#refresh();
    });
    const { jobs, unreadable } = await this.orchestrator.list();
    for (const job of jobs) {
      const known = this.#records.get(job.id);
      // A pushed update that arrived while the list loaded is newer than the stored row.
      if (!known || known.updatedAt <= job.updatedAt) this.#records.set(job.id, job);
    }
    this.unreadable = unreadable;
    this.#refresh();
  }

  cancel(id: string): Promise<void> {
    return this.#act(() => this.orchestrator.cancel(id));
  }

  resume(id: string): Promise<void> {
    return this.#act(() => this.orchestrator.resume(id));
  }

  retry(id: string): Promise<void> {
    return this.#act(() => this.orchestrator.retry(id));
  }

  remove(id: string): Promise<void> {
    return this.#act(() => this.orchestrator.remove(id));
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  async #act(action: () => Promise<unknown>): Promise<void> {
    this.actionError = undefined;
    try {
      await action();
    } catch (error) {
      this.actionError = describeThrown(error);
    }
  }

  #refresh(): void {
    const now = this.now();
    const records = [...this.#records.values()].sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
    this.rows = records.map((record) => jobRow(record, now));
    const anyRunning = records.some((record) => record.status === 'running');
    // Elapsed and ETA move with the clock, not only with events: tick while something runs, and only then.
    if (anyRunning && this.#ticker === undefined && this.#unsubscribe) this.#ticker = setInterval(() => this.#refresh(), this.tickMs);
    if (!anyRunning && this.#ticker !== undefined) {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
    }
  }
}
