import type { AppLog } from '$lib/log/app-log';
import { ContentCache } from '$lib/storage/content-cache';
import type { RecordStore, StorageMode } from '$lib/storage/record-store';
import { defaultConcurrencyLimits, type ConcurrencyLimits } from './job-concurrency';
import { describeThrown, interruptedByReload, jobError, JobErrorCode } from './job-errors';
import { JobEventBus, type JobEventListener } from './job-events';
import { defaultLiveness, type JobLiveness } from './job-liveness';
import type { PollOptions } from './job-poller';
import { JobStatus, type JobRecord } from './job-record';
import { JobRecordWriter } from './job-record-writer';
import { JobRepository, type JobList } from './job-repository';
import { transition } from './job-state-machine';
import { watchJob, type JobWatch } from './job-watch';
import { JobRequestError, type JobKind } from './job-kind';
import { JobQueue } from './job-queue';
import type { InlineResult } from './job-attempt';
import { runActiveJob, type ActiveJob } from './job-run';
import { queuedRecordFor } from './job-submission';

export interface JobOrchestratorOptions {
  store: RecordStore;
  kinds: readonly JobKind[];
  log?: AppLog;
  bus?: JobEventBus;
  liveness?: JobLiveness;
  limits?: Partial<ConcurrencyLimits>;
  now?: () => number;
  newId?: () => string;
  /** Progress is published and saved at most this often per job. */
  progressThrottleMs?: number;
  /** How long a worker may take to confirm a cancel before it is terminated. */
  cancelGraceMs?: number;
  /** Runs of a job (the first included) before a transient failure is left failed. */
  maxAttempts?: number;
  /** Delay before re-running after a transient failure; doubles per further attempt. */
  retryDelayMs?: number;
  /** Why storage fell back to memory (from openStorage), for the warning. */
  storageFallbackReason?: string;
}

type Tuning = Required<Pick<JobOrchestratorOptions, 'progressThrottleMs' | 'cancelGraceMs' | 'maxAttempts' | 'retryDelayMs'>>;
// A progress bar needs a few updates a second; a worker needs a few seconds to wind down; three runs ride out a busy device.
const DEFAULT_TUNING: Tuning = { progressThrottleMs: 250, cancelGraceMs: 3000, maxAttempts: 3, retryDelayMs: 1000 };

function definedOnly(options: JobOrchestratorOptions): Partial<Tuning> {
  const { progressThrottleMs, cancelGraceMs, maxAttempts, retryDelayMs } = options;
  return Object.fromEntries(Object.entries({ progressThrottleMs, cancelGraceMs, maxAttempts, retryDelayMs }).filter(([, value]) => value !== undefined));
}

/**
 * Runs durable jobs (DESIGN §4.3): records in IndexedDB, one fresh worker per
 * run, a machine-sized concurrency limit, progress pushed to listeners and
 * other tabs, cancel that answers with the confirmed end state, and recovery
 * of jobs a closed tab left running.
 */
export class JobOrchestrator {
  readonly storageMode: StorageMode;
  /** Set when jobs live in memory only: the UI shows it. */
  readonly storageWarning: string | undefined;
  readonly #repository: JobRepository;
  readonly #bus: JobEventBus;
  readonly #ownsBus: boolean;
  readonly #writer: JobRecordWriter;
  readonly #kinds: Map<string, JobKind>;
  readonly #liveness: JobLiveness;
  readonly #limits: ConcurrencyLimits;
  readonly #now: () => number;
  readonly #newId: () => string;
  readonly #tuning: Tuning;
  readonly #log: AppLog | undefined;
  readonly #queue = new JobQueue();
  readonly #active = new Map<string, ActiveJob>();
  /** Where results a memory-only worker hands over are kept (the page's own cache). */
  readonly #cache: ContentCache;
  #disposed = false;

  constructor(options: JobOrchestratorOptions) {
    this.#repository = new JobRepository(options.store);
    this.#cache = new ContentCache(options.store, options.log ? { log: options.log } : {});
    this.#ownsBus = options.bus === undefined;
    this.#bus = options.bus ?? new JobEventBus();
    this.#log = options.log;
    this.#tuning = { ...DEFAULT_TUNING, ...definedOnly(options) };
    this.#writer = new JobRecordWriter(this.#repository, this.#bus, this.#tuning.progressThrottleMs, this.#log);
    this.#kinds = new Map(options.kinds.map((kind) => [kind.kind, kind]));
    this.#liveness = options.liveness ?? defaultLiveness();
    this.#limits = { ...defaultConcurrencyLimits(), ...options.limits };
    this.#now = options.now ?? Date.now;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
    this.storageMode = options.store.mode;
    const memory = this.storageMode === 'memory';
    this.storageWarning = memory
      ? `Jobs are kept in memory only${options.storageFallbackReason ? ` (${options.storageFallbackReason})` : ''}: closing or reloading this tab loses them and they cannot be resumed.`
      : undefined;
    this.#log?.write(memory ? 'warn' : 'info', 'jobs', `Job storage: ${this.storageMode}`, { metric: 'jobs.storage-mode', mode: this.storageMode });
  }

  get limits(): Readonly<ConcurrencyLimits> {
    return this.#limits;
  }

  /** Validates and queues a job; resolves with its queued record. */
  async submit(submission: unknown): Promise<JobRecord> {
    if (this.#disposed) throw new JobRequestError('Jobs are shutting down; reload Bandroom to start new ones.');
    const record = queuedRecordFor(submission, this.#kinds, this.#newId(), this.#now());
    await this.#writer.commit(record);
    this.#enqueue(record);
    return record;
  }

  /** Stops a job and resolves with its confirmed final record: cancelled, or the state that won the race. */
  async cancel(id: string): Promise<JobRecord> {
    const active = this.#active.get(id);
    if (active) {
      active.cancelRequested = true;
      active.attempt?.cancel();
      const settled = await active.settled;
      // A transient failure may have sent it back to the queue meanwhile: cancel it there.
      return settled.status === JobStatus.Queued ? this.cancel(id) : settled;
    }
    const waiting = this.#queue.take(id);
    if (waiting) {
      const cancelled = transition(waiting, { to: JobStatus.Cancelled }, this.#now());
      await this.#writer.commit(cancelled);
      return cancelled;
    }
    // Not ours to stop (finished, or another tab's): its stored state is the answer.
    return this.#readOrThrow(id);
  }

  /** Sends a failed job back to the queue. */
  retry(id: string): Promise<JobRecord> {
    return this.#requeue(id, JobStatus.Failed);
  }

  /** Sends an interrupted job back to the queue; its worker reuses every stage already cached. */
  resume(id: string): Promise<JobRecord> {
    return this.#requeue(id, JobStatus.Interrupted);
  }

  /** Deletes a job (stopping it first if it runs). */
  async remove(id: string): Promise<void> {
    if (this.#isOwned(id)) await this.cancel(id);
    else if (await this.#liveness.isHeld(id)) throw new JobRequestError('This job is running in another tab; cancel it there first.');
    await this.#writer.idle();
    this.#writer.forget(id);
    await this.#repository.delete(id);
    this.#bus.publish({ type: 'removed', jobId: id });
  }

  list(): Promise<JobList> {
    return this.#repository.list();
  }

  /** Pushed updates of every job (or of `jobId`), from this tab and the others. */
  subscribe(listener: JobEventListener, jobId?: string): () => void {
    return this.#bus.subscribe(listener, jobId);
  }

  /** Follows a job to its end: pushed updates, with polling of the stored record as the fallback. */
  watch(id: string, onRecord?: (record: JobRecord) => void, pollOptions?: Partial<PollOptions>): JobWatch {
    return watchJob(id, this.#bus, () => this.#repository.read(id), onRecord, pollOptions);
  }

  /**
   * At start-up: a running job that no tab is running was cut off by a close,
   * reload or crash, and becomes interrupted (resumable). A queued job no tab
   * holds would wait forever, so this tab adopts it.
   */
  async recoverInterrupted(): Promise<{ interrupted: JobRecord[]; adopted: JobRecord[]; unreadable: JobList['unreadable'] }> {
    const { jobs, unreadable } = await this.#repository.list();
    const interrupted: JobRecord[] = [];
    const adopted: JobRecord[] = [];
    for (const job of jobs) {
      if (this.#isOwned(job.id) || (await this.#liveness.isHeld(job.id))) continue;
      if (job.status === JobStatus.Running) {
        const record = transition(job, { to: JobStatus.Interrupted, error: interruptedByReload() }, this.#now());
        await this.#writer.commit(record);
        interrupted.push(record);
      } else if (job.status === JobStatus.Queued && this.#kinds.has(job.kind)) {
        this.#enqueue(job);
        adopted.push(job);
      }
    }
    for (const { id, reason } of unreadable) this.#log?.warn('jobs', `Job ${id} has an unreadable record: ${reason}`, { jobId: id });
    return { interrupted, adopted, unreadable };
  }

  /** Stops every worker (their jobs end interrupted) and every timer; the orchestrator accepts nothing after. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#queue.clear();
    const running = [...this.#active.values()];
    for (const job of running) job.attempt?.stop();
    await Promise.all(running.map((job) => job.settled));
    await this.#writer.idle();
    this.#writer.dispose();
    if (this.#ownsBus) this.#bus.close();
  }

  #isOwned(id: string): boolean {
    return this.#active.has(id) || this.#queue.has(id);
  }

  async #readOrThrow(id: string): Promise<JobRecord> {
    const result = await this.#repository.read(id);
    if (result.type === 'found') return result.record;
    throw new JobRequestError(result.type === 'missing' ? 'This job no longer exists.' : `This job's record is damaged (${result.reason}).`);
  }

  async #requeue(id: string, from: JobStatus): Promise<JobRecord> {
    if (this.#disposed) throw new JobRequestError('Jobs are shutting down; reload Bandroom to continue.');
    const record = await this.#readOrThrow(id);
    if (record.status !== from) {
      throw new JobRequestError(`${from === JobStatus.Failed ? 'Only a failed job can be retried' : 'Only an interrupted job can be resumed'}; this one is ${record.status}.`);
    }
    if (!this.#kinds.has(record.kind)) throw new JobRequestError(`Bandroom cannot run "${record.kind}" jobs.`);
    if (this.#isOwned(id) || (await this.#liveness.isHeld(id))) throw new JobRequestError('This job is already running in another tab.');
    const queued = transition(record, { to: JobStatus.Queued }, this.#now());
    await this.#writer.commit(queued);
    this.#enqueue(queued);
    return queued;
  }

  #enqueue(record: JobRecord): void {
    this.#queue.push(record);
    this.#pump();
  }

  /** Starts queued jobs, oldest first, while their class (heavy or light) has a free slot. */
  #pump(): void {
    if (this.#disposed) return;
    const running = { heavy: this.#runningOfClass(true), light: this.#runningOfClass(false) };
    const startable = this.#queue.takeStartable((record) => {
      const kind = this.#kinds.get(record.kind);
      const slot = kind?.heavy ? 'heavy' : 'light';
      if (!kind || running[slot] >= this.#limits[slot]) return false;
      running[slot] += 1;
      return true;
    });
    for (const record of startable) this.#start(record, this.#kinds.get(record.kind)!);
  }

  #runningOfClass(heavy: boolean): number {
    let count = 0;
    for (const job of this.#active.values()) if (job.kind.heavy === heavy) count += 1;
    return count;
  }

  #start(queued: JobRecord, kind: JobKind): void {
    let settle: (record: JobRecord) => void = () => {};
    const active: ActiveJob = { record: queued, kind, cancelRequested: false, settled: new Promise((resolve) => (settle = resolve)) };
    this.#active.set(queued.id, active);
    const context = {
      liveness: this.#liveness,
      writer: this.#writer,
      now: this.#now,
      cancelGraceMs: this.#tuning.cancelGraceMs,
      isShuttingDown: () => this.#disposed,
      returnResult: this.storageMode === 'memory',
      keepInlineResult: async (resultRef: string, inline: InlineResult) => {
        const written = await this.#cache.put(resultRef, { kind: inline.kind, result: inline.result });
        if (!written.ok) this.#log?.warn('jobs', `A job's result could not be kept in memory: ${written.message}`, { resultRef });
      }
    };
    const run = runActiveJob(active, context).catch((error: unknown) => {
      // Only a bug gets here; the job must still end, not sit in "running" forever.
      this.#log?.error('jobs', `Job ${queued.id} broke the orchestrator: ${describeThrown(error)}`, { jobId: queued.id });
      const error_ = jobError(JobErrorCode.WorkerError, `Bandroom could not run this job (${describeThrown(error)}). Retry it.`, false);
      return active.record.status === JobStatus.Running ? transition(active.record, { to: JobStatus.Failed, error: error_ }, this.#now()) : active.record;
    });
    void run.then(async (final) => {
      this.#logEnd(final);
      const next = this.#automaticRetry(final);
      await this.#writer.commit(next ?? final);
      this.#active.delete(final.id);
      if (next) this.#queue.pushLater(next, this.#tuning.retryDelayMs * 2 ** (final.attempts - 1), () => this.#pump());
      settle(next ?? final);
      this.#pump();
    });
  }

  /**
   * A transient failure (a busy device, a storage hiccup) is run again after
   * a growing delay until the attempts run out. Watchers see the job go from
   * running back to queued, never a "failed" that is not final.
   */
  #automaticRetry(final: JobRecord): JobRecord | undefined {
    if (this.#disposed || final.status !== JobStatus.Failed || !final.error?.transient || final.attempts >= this.#tuning.maxAttempts) return undefined;
    return transition(final, { to: JobStatus.Queued }, this.#now());
  }

  #logEnd(final: JobRecord): void {
    this.#log?.write(final.status === JobStatus.Failed ? 'warn' : 'info', 'jobs', `Job ${final.id} (${final.kind}) ${final.status}`, {
      jobId: final.id,
      attempts: final.attempts,
      ...(final.error ? { error: final.error.code, message: final.error.message } : {})
    });
  }
}
