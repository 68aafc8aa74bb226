import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { ActionLedger } from '$lib/ledger/action-ledger';
import { describeMessage, describeVerdict } from '$lib/ledger/ledger-format';
import { LedgerView } from '$lib/ledger/ledger-view.svelte';
import { Tier2Scoring } from '$lib/ledger/tier2-scoring';
import { createMemoryStore } from '$lib/storage/memory-store';
import { padHitInput, settle, testLog } from './ledger-fixtures';

describe('ledger view', () => {
  it('shows the newest rows first, capped, with counts, backfilled scores and the drop count', async () => {
    const log = testLog();
    const ledger = new ActionLedger({ store: createMemoryStore(), log, recentCapacity: 10 });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const tier2 = new Tier2Scoring({
      ledger,
      log,
      maxInFlight: 1,
      scorer: { name: 'groove', score: async () => (await gate, { scorer: 'groove', value: 0.05, label: 'double-trigger', at: 1 }) }
    });
    const view = new LedgerView(3);
    const disconnect = view.connect(ledger, tier2);

    const first = ledger.append(padHitInput(1));
    tier2.schedule(first);
    for (let i = 2; i <= 5; i++) tier2.schedule(ledger.append(padHitInput(i, { verdict: { kind: 'ignored', reason: 'unmapped' } })));
    await settle();
    flushSync();
    expect(view.rows.map((row) => row.midiTimestamp)).toEqual([5, 4, 3]);
    expect(view.counts).toEqual({ fired: 1, ignored: 4, rejected: 0 });
    expect(view.scoring.dropped).toBe(4);

    release();
    await settle();
    expect(ledger.get(first)?.review).toBeDefined();
    disconnect();
    ledger.append(padHitInput(6));
    await settle();
    expect(view.rows[0]!.midiTimestamp).toBe(5); // no longer following
  });

  it('shows a score as soon as it backfills', async () => {
    const ledger = new ActionLedger({ store: createMemoryStore(), log: testLog() });
    const view = new LedgerView();
    view.connect(ledger);
    const id = ledger.append(padHitInput(1));
    await ledger.backfill(id, { scorer: 'groove', value: 0.2, label: 'double-trigger', at: 2 }, 'chatter');
    await settle();
    expect(view.rows[0]).toMatchObject({ id, score: { label: 'double-trigger' }, review: 'chatter' });
    expect(view.reviewsShown).toBe(1);
  });

  it('reads MIDI messages and verdicts in plain words', () => {
    expect(describeMessage({ status: 0x99, data1: 36, data2: 100 })).toBe('ch10 note on 36 100');
    expect(describeMessage({ status: 0x90, data1: 60, data2: 0 })).toBe('ch1 note off 60 0');
    expect(describeVerdict({ kind: 'ignored', reason: 'inactive-panel' })).toBe('ignored (inactive-panel)');
  });
});
