import type { LogLevel } from '$lib/log/log-entry';
import type { RecordStore } from '$lib/storage/record-store';
import { CoalescedNotifier } from './coalesced-notifier';
import { LedgerChunks, type RowPatch } from './ledger-chunks';
import type { LedgerInput, LedgerRow, Score, Verdict } from './ledger-row';
import { RecentRows } from './recent-rows';
import { RowIdSource } from './row-id';

/** The slice of AppLog the ledger needs (tests pass their own AppLog). */
export interface LedgerLog {
  write(level: LogLevel, source: string, message: string, data?: Record<string, unknown>): unknown;
}

export type VerdictCounts = Record<Verdict['kind'], number>;

export interface LedgerSnapshot {
  /** The newest rows, newest first, with their scores as they backfill. */
  recent: readonly LedgerRow[];
  /** Verdicts appended since this ledger was created. */
  counts: Readonly<VerdictCounts>;
  /** Rows that could not be saved (quota, blocked storage); they stay in memory only. */
  writeFailures: number;
}

export type BackfillResult = 'updated' | 'missing';

export interface ActionLedgerOptions {
  /** May still be opening: the first MIDI message must not wait for storage. */
  store: RecordStore | Promise<RecordStore>;
  log: LedgerLog;
  /** Storage keeps at least this many newest rows (pruned in whole chunks)... */
  retention?: number;
  /** ...and prunes the oldest only once this many more have piled up, so pruning runs in batches. */
  pruneBatch?: number;
  flushIntervalMs?: number;
  /** A burst this long is written at once instead of waiting for the timer (and is the largest chunk). */
  flushRows?: number;
  recentCapacity?: number;
  ids?: RowIdSource;
}

interface PendingWrite {
  row: LedgerRow;
  /** A new row counts towards retention; a re-put after a backfill does not. */
  isNew: boolean;
}

const SOURCE = 'ledger';

/**
 * The action ledger: one row per MIDI verdict. `append` runs on the MIDI
 * path, so it is synchronous and cheap: an id, a ring slot, a queued write.
 * Storage is written in batches on a timer and never awaited by the caller;
 * every storage operation runs on one promise chain so pruning, flushing and
 * backfills never race each other.
 */
export class ActionLedger {
  readonly retention: number;
  readonly pruneBatch: number;
  readonly #log: LedgerLog;
  readonly #ids: RowIdSource;
  readonly #recent: RecentRows;
  readonly #notifier: CoalescedNotifier<LedgerSnapshot>;
  readonly #flushIntervalMs: number;
  readonly #flushRows: number;
  readonly #counts: VerdictCounts = { fired: 0, ignored: 0, rejected: 0 };
  #pending = new Map<string, PendingWrite>();
  /** Rows handed to storage whose write has not settled yet (a backfill must still find them). */
  readonly #writing = new Map<string, LedgerRow>();
  #chunks: LedgerChunks | undefined;
  #chain: Promise<unknown>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushSoon = false;
  #writeFailures = 0;
  #failureReported = false;
  #closed = false;

  constructor(options: ActionLedgerOptions) {
    this.retention = options.retention ?? 20_000;
    this.pruneBatch = options.pruneBatch ?? 1_000;
    this.#flushIntervalMs = options.flushIntervalMs ?? 250;
    this.#flushRows = options.flushRows ?? 256;
    this.#log = options.log;
    this.#ids = options.ids ?? new RowIdSource();
    this.#recent = new RecentRows(options.recentCapacity ?? 200);
    this.#notifier = new CoalescedNotifier(
      () => this.snapshot(),
      (error) => this.#log.write('error', SOURCE, 'A ledger listener failed', { error })
    );
    this.#chain = this.#open(options.store);
  }

  /** Records a verdict and returns its row id. Synchronous; never throws on storage trouble. */
  append(input: LedgerInput): string {
    const id = this.#ids.next();
    const row: LedgerRow = { ...input, id };
    this.#counts[input.verdict.kind]++;
    this.#recent.push(row);
    this.#pending.set(id, { row, isNew: true });
    this.#scheduleFlush();
    this.#notifier.markChanged();
    return id;
  }

  /** A row still in memory (recent, or not yet saved). */
  get(id: string): LedgerRow | undefined {
    return this.#recent.get(id) ?? this.#pending.get(id)?.row ?? this.#writing.get(id);
  }

  /** Up to `limit` recent rows older than `id`, oldest first: a scorer's history. */
  historyBefore(id: string, limit: number): LedgerRow[] {
    return this.#recent.before(id, limit);
  }

  /**
   * Puts a tier-2 score (and the review note, when it disagrees with the
   * verdict) on a row by id. Never changes the verdict. A row that no longer
   * exists (pruned, cleared) gets a warning in the log and nothing else.
   */
  backfill(id: string, score: Score, review?: string): Promise<BackfillResult> {
    const withScore = (row: LedgerRow): LedgerRow => ({ ...row, score, ...(review === undefined ? {} : { review }) });
    const inMemory = this.get(id);
    if (inMemory) {
      const updated = withScore(inMemory);
      this.#recent.replace(updated);
      this.#pending.set(id, { row: updated, isNew: this.#pending.get(id)?.isNew ?? false });
      this.#scheduleFlush();
      this.#notifier.markChanged();
      return Promise.resolve('updated');
    }
    return this.#onStorage<BackfillResult>('missing', async (chunks) => {
      const missing = await chunks.update(new Map([[id, withScore]]));
      if (missing.length === 0) return 'updated';
      this.#warnMissing(id, score);
      return 'missing';
    });
  }

  /** Rows in storage, oldest first (malformed rows are skipped). */
  storedRows(): Promise<LedgerRow[]> {
    return this.#onStorage<LedgerRow[]>([], (chunks) => chunks.readAll());
  }

  snapshot(): LedgerSnapshot {
    return { recent: this.#recent.list().reverse(), counts: { ...this.#counts }, writeFailures: this.#writeFailures };
  }

  /** The view's feed: the snapshot at once, then at most one per microtask while rows change. */
  subscribe(listener: (snapshot: LedgerSnapshot) => void): () => void {
    return this.#notifier.subscribe(listener);
  }

  /** Writes everything queued so far; resolves when it is saved (or has failed and been logged). */
  flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#flushSoon = false;
    if (this.#pending.size === 0) return this.#chain.then(() => undefined);
    const batch = [...this.#pending.values()];
    this.#pending = new Map();
    for (const { row } of batch) this.#writing.set(row.id, row);
    return this.#onStorage(undefined, async (chunks) => {
      await this.#writeBatch(chunks, batch);
      if (chunks.rowCount >= this.retention + this.pruneBatch) await chunks.prune(this.retention);
    }).finally(() => {
      for (const { row } of batch) if (this.#writing.get(row.id) === row) this.#writing.delete(row.id);
    });
  }

  /** Forgets every row, in memory and in storage. Late scores for them become warnings. */
  clear(): Promise<void> {
    this.#recent.clear();
    this.#pending = new Map();
    this.#writing.clear();
    this.#notifier.markChanged();
    return this.#onStorage(undefined, (chunks) => chunks.clear());
  }

  /** Saves what is queued and stops the timer; the store itself belongs to the caller. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  async #open(opening: RecordStore | Promise<RecordStore>): Promise<void> {
    try {
      const chunks = await LedgerChunks.open(await opening);
      if (chunks.lastRowId !== undefined) this.#ids.observe(chunks.lastRowId);
      this.#chunks = chunks;
    } catch (error) {
      this.#log.write('warn', SOURCE, 'The action ledger could not open storage; rows are kept in memory only', { error });
    }
  }

  /** Runs a storage operation after every earlier one; never rejects (failures are logged). */
  #onStorage<T>(fallback: T, operation: (chunks: LedgerChunks) => Promise<T>): Promise<T> {
    const run = this.#chain.then(async () => {
      if (!this.#chunks) return fallback;
      try {
        return await operation(this.#chunks);
      } catch (error) {
        this.#log.write('error', SOURCE, 'An action-ledger storage operation failed', { error });
        return fallback;
      }
    });
    this.#chain = run;
    return run;
  }

  async #writeBatch(chunks: LedgerChunks, batch: PendingWrite[]): Promise<void> {
    const fresh = batch.filter((write) => write.isNew).map((write) => write.row);
    // Re-puts after a backfill: the in-memory row (score included) replaces the stored one.
    const rewrites = new Map<string, RowPatch>(batch.filter((write) => !write.isNew).map(({ row }) => [row.id, () => row]));
    let failed = 0;
    let firstError: unknown;
    for (let start = 0; start < fresh.length; start += this.#flushRows) {
      const rows = fresh.slice(start, start + this.#flushRows);
      try {
        await chunks.append(rows);
      } catch (error) {
        failed += rows.length;
        firstError ??= error;
      }
    }
    if (rewrites.size > 0) {
      try {
        // A row whose own write failed is not found here; its loss is already counted.
        await chunks.update(rewrites);
      } catch (error) {
        failed += rewrites.size;
        firstError ??= error;
      }
    }
    this.#reportWrite(failed, firstError);
  }

  #reportWrite(failed: number, firstError: unknown): void {
    if (failed === 0) {
      this.#failureReported = false;
      return;
    }
    this.#writeFailures += failed;
    this.#notifier.markChanged();
    // Once per burst: a full disk fails every flush, and the log must stay readable.
    if (this.#failureReported) return;
    this.#failureReported = true;
    this.#log.write('error', SOURCE, `Could not save ${failed} action-ledger row(s); they stay in memory only. Free some browser storage to keep the ledger.`, {
      error: firstError
    });
  }

  #scheduleFlush(): void {
    if (this.#closed) return;
    if (this.#pending.size >= this.#flushRows && !this.#flushSoon) {
      // A full batch is written on the next turn (still off the caller's stack).
      if (this.#timer !== undefined) clearTimeout(this.#timer);
      this.#flushSoon = true;
      this.#timer = setTimeout(() => void this.flush(), 0);
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush(), this.#flushIntervalMs);
    }
  }

  #warnMissing(id: string, score: Score): void {
    this.#log.write('warn', SOURCE, `A ${score.scorer} score arrived for ledger row ${id}, which no longer exists (pruned or cleared); the score was discarded`, {
      id,
      scorer: score.scorer
    });
  }
}
