import * as v from 'valibot';
import type { ActionLedger, LedgerLog } from './action-ledger';
import { CoalescedNotifier } from './coalesced-notifier';
import type { TempoGrid } from './groove-scorer';
import { ScoreSchema, type LedgerRow, type Score } from './ledger-row';
import { reviewFor } from './review-signal';

/** What a scorer sees: the row, the rows just before it, and the metronome when it runs. */
export interface ScoringContext {
  row: LedgerRow;
  /** Recent rows older than `row`, oldest first. */
  history: readonly LedgerRow[];
  metronome?: TempoGrid;
}

/**
 * Any async model: the groove worker today, an ONNX session later. A scorer
 * returns no score for rows it has no opinion on. `onError` reports failures
 * that happen outside a call (a worker that crashes after answering).
 */
export interface Tier2Scorer {
  readonly name: string;
  /**
   * Settles when the scorer can answer (a worker that has booted). Until then
   * scoring is skipped and counted, not started: a worker booting on a busy
   * machine is slow, not hung, and its time limit should not run meanwhile.
   */
  readonly ready?: PromiseLike<unknown>;
  score(context: ScoringContext): PromiseLike<Score | undefined>;
  onError?(listener: (error: unknown) => void): () => void;
}

export interface ScoringStats {
  /** False while the scorer is still starting (see `Tier2Scorer.ready`). */
  ready: boolean;
  inFlight: number;
  started: number;
  /** New scoring skipped because `maxInFlight` calls were already running, or the scorer was still starting (the rows still landed). */
  dropped: number;
  scored: number;
  /** Throws, rejections, invalid scores, timeouts and errors reported after a call. */
  errors: number;
  /** Scores that disagreed with their verdict. */
  reviews: number;
}

export interface Tier2ScoringOptions {
  ledger: Pick<ActionLedger, 'get' | 'historyBefore' | 'backfill'>;
  scorer: Tier2Scorer;
  log: LedgerLog;
  maxInFlight?: number;
  historySize?: number;
  /** A call still running after this frees its slot and counts as an error. */
  timeoutMs?: number;
  metronome?: () => TempoGrid | undefined;
  now?: () => number;
}

const SOURCE = 'tier2';
/** Errors are logged at most this often, with a count, so a broken model cannot flood the log. */
const ERROR_LOG_INTERVAL_MS = 5_000;
const TIMED_OUT = Symbol('timed out');

/**
 * Runs a tier-2 scorer detached from the verdict: `schedule` only reserves a
 * slot and queues a microtask, so the scorer never runs on the router's stack;
 * when every slot is busy, or the scorer has not started yet, the scoring is
 * dropped and counted. Whatever the
 * scorer does (throw, reject, hang, reject late) is counted and logged here
 * and never reaches the caller. The score is backfilled onto the row by id;
 * disagreement becomes a review note; the verdict is never touched.
 */
export class Tier2Scoring {
  readonly maxInFlight: number;
  readonly #options: Tier2ScoringOptions;
  readonly #historySize: number;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #stats: ScoringStats = { ready: false, inFlight: 0, started: 0, dropped: 0, scored: 0, errors: 0, reviews: 0 };
  readonly #notifier: CoalescedNotifier<ScoringStats>;
  readonly #stopListening: () => void;
  #lastErrorLog = -Infinity;
  #unloggedErrors = 0;
  #disposed = false;

  constructor(options: Tier2ScoringOptions) {
    this.maxInFlight = options.maxInFlight ?? 4;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1) throw new RangeError(`maxInFlight must be a positive integer (got ${this.maxInFlight})`);
    this.#options = options;
    this.#historySize = options.historySize ?? 64;
    this.#timeoutMs = options.timeoutMs ?? 2_000;
    this.#now = options.now ?? Date.now;
    this.#notifier = new CoalescedNotifier(
      () => this.stats,
      (error) => options.log.write('error', SOURCE, 'A tier-2 stats listener failed', { error })
    );
    this.#stopListening = options.scorer.onError?.((error) => this.#recordError(error, 'after a call')) ?? (() => undefined);
    const ready = options.scorer.ready;
    if (!ready) this.#stats.ready = true;
    else
      ready.then(
        () => {
          this.#stats.ready = true;
          this.#notifier.markChanged();
        },
        (error: unknown) => this.#recordError(error, 'while starting')
      );
  }

  get stats(): ScoringStats {
    return { ...this.#stats };
  }

  subscribe(listener: (stats: ScoringStats) => void): () => void {
    return this.#notifier.subscribe(listener);
  }

  /** Call after `ledger.append`. Synchronous and cheap; never throws. */
  schedule(rowId: string): void {
    if (this.#disposed) return;
    if (!this.#stats.ready || this.#stats.inFlight >= this.maxInFlight) {
      this.#stats.dropped++;
      this.#notifier.markChanged();
      return;
    }
    // Captured now: in a burst the row may leave the in-memory ring before the microtask runs.
    const row = this.#options.ledger.get(rowId);
    if (!row) return;
    this.#stats.inFlight++;
    this.#stats.started++;
    queueMicrotask(() => void this.#run(row));
  }

  /** Stops scheduling and listening to the scorer; calls in flight finish quietly. */
  dispose(): void {
    this.#disposed = true;
    this.#stopListening();
  }

  async #run(row: LedgerRow): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const context: ScoringContext = {
        row,
        history: this.#options.ledger.historyBefore(row.id, this.#historySize),
        ...this.#metronomeEntry()
      };
      // Promise.resolve adopts any thenable; a thenable that throws after resolving is ignored by design.
      const call = Promise.resolve().then(() => this.#options.scorer.score(context));
      const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), this.#timeoutMs)));
      const outcome = await Promise.race([call, timeout]);
      if (outcome === TIMED_OUT) {
        // The call may still settle; a late rejection is a separate error, a late score is ignored.
        call.then(undefined, (error: unknown) => this.#recordError(error, 'late, after timing out'));
        this.#recordError(new Error(`${this.#options.scorer.name} took longer than ${this.#timeoutMs} ms`), 'timed out');
        return;
      }
      if (outcome === undefined) return;
      const parsed = v.safeParse(ScoreSchema, outcome);
      if (!parsed.success) {
        this.#recordError(new Error(`${this.#options.scorer.name} returned a malformed score: ${v.summarize(parsed.issues)}`), 'invalid score');
        return;
      }
      await this.#backfill(row, parsed.output);
    } catch (error) {
      this.#recordError(error, 'during a call');
    } finally {
      clearTimeout(timer);
      this.#stats.inFlight--;
      this.#notifier.markChanged();
    }
  }

  async #backfill(row: LedgerRow, score: Score): Promise<void> {
    const review = reviewFor(row.verdict, score);
    this.#stats.scored++;
    if (review !== undefined) {
      this.#stats.reviews++;
      this.#options.log.write('info', SOURCE, `Review signal on ledger row ${row.id}: ${review}`, { id: row.id, scorer: score.scorer });
    }
    await this.#options.ledger.backfill(row.id, score, review);
  }

  #metronomeEntry(): { metronome?: TempoGrid } {
    const metronome = this.#options.metronome?.();
    return metronome ? { metronome } : {};
  }

  #recordError(error: unknown, when: string): void {
    this.#stats.errors++;
    this.#unloggedErrors++;
    this.#notifier.markChanged();
    const now = this.#now();
    if (now - this.#lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    this.#options.log.write('error', SOURCE, `The ${this.#options.scorer.name} scorer failed (${when}); verdicts are unaffected`, {
      error,
      errorsSinceLastReport: this.#unloggedErrors
    });
    this.#lastErrorLog = now;
    this.#unloggedErrors = 0;
  }
}
