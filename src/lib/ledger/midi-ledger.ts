import type { AppLog } from '$lib/log/app-log';
import type { RecordStore } from '$lib/storage/record-store';
import { ActionLedger } from './action-ledger';
import { startGrooveScorerWorker } from './groove-scorer-client';
import type { LedgerInput } from './ledger-row';
import { LedgerView } from './ledger-view.svelte';
import { Tier2Scoring } from './tier2-scoring';

export interface MidiLedger {
  readonly ledger: ActionLedger;
  readonly tier2: Tier2Scoring;
  readonly view: LedgerView;
  /** Hand every verdict here, after the synth command went out: synchronous and cheap. */
  readonly record: (input: LedgerInput) => void;
}

/** A pad note-on that fired: the only rows the groove scorer has an opinion on. */
function isPadHit(input: LedgerInput): boolean {
  return input.verdict.kind === 'fired' && input.panel?.type === 'pad' && (input.status & 0xf0) === 0x90 && input.data2 > 0;
}

/** The app's ledger: IndexedDB rows, the groove scorer in its worker under the scoring cap, and the view. */
export function openMidiLedger(store: RecordStore, log: AppLog): MidiLedger {
  const ledger = new ActionLedger({ store, log });
  const groove = startGrooveScorerWorker();
  const tier2 = new Tier2Scoring({ ledger, scorer: groove.scorer, log });
  const view = new LedgerView();
  view.connect(ledger, tier2);
  return {
    ledger,
    tier2,
    view,
    record(input) {
      const id = ledger.append(input);
      if (isPadHit(input)) tier2.schedule(id);
    }
  };
}
