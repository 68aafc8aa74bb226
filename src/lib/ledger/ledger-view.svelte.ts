import type { ActionLedger, LedgerSnapshot, VerdictCounts } from './action-ledger';
import type { LedgerRow } from './ledger-row';
import type { ScoringStats, Tier2Scoring } from './tier2-scoring';

const NO_SCORING: ScoringStats = { ready: false, inFlight: 0, started: 0, dropped: 0, scored: 0, errors: 0, reviews: 0 };

/**
 * What the ledger panel shows, as Svelte state: the newest rows (newest
 * first, scores filled in as they backfill), verdict counts and the tier-2
 * counters. Fed by the ledger's and the scorer's coalesced notifications, so
 * it updates at most once per microtask however fast MIDI arrives.
 */
export class LedgerView {
  /** Raw (not deeply proxied): rows are immutable snapshots, replaced whole. */
  rows = $state.raw<readonly LedgerRow[]>([]);
  counts = $state.raw<Readonly<VerdictCounts>>({ fired: 0, ignored: 0, rejected: 0 });
  writeFailures = $state(0);
  scoring = $state.raw<ScoringStats>(NO_SCORING);
  /** Rows on screen whose score disagrees with the verdict. */
  readonly reviewsShown = $derived(this.rows.filter((row) => row.review !== undefined).length);

  constructor(readonly capacity = 200) {}

  /** Follows a ledger (and its scorer, when tier-2 runs); returns the way to stop. */
  connect(ledger: Pick<ActionLedger, 'subscribe'>, tier2?: Pick<Tier2Scoring, 'subscribe'>): () => void {
    const stopLedger = ledger.subscribe((snapshot) => this.#showLedger(snapshot));
    const stopScoring = tier2?.subscribe((stats) => (this.scoring = stats));
    return () => {
      stopLedger();
      stopScoring?.();
    };
  }

  #showLedger(snapshot: LedgerSnapshot): void {
    this.rows = snapshot.recent.length > this.capacity ? snapshot.recent.slice(0, this.capacity) : snapshot.recent;
    this.counts = snapshot.counts;
    this.writeFailures = snapshot.writeFailures;
  }
}
