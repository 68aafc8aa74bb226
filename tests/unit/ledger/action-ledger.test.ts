import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActionLedger } from '$lib/ledger/action-ledger';
import type { Score } from '$lib/ledger/ledger-row';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import { createMemoryStore } from '$lib/storage/memory-store';
import { Store } from '$lib/storage/schema';
import { useFreshIndexedDb } from '../storage/fresh-indexeddb';
import { entriesAt, knobInput, padHitInput, quotaFailingStore, settle, testLog } from './ledger-fixtures';

const groove: Score = { scorer: 'groove', value: 0.9, label: 'on-grid', detail: '+3 ms', at: 10 };

describe('action ledger', () => {
  useFreshIndexedDb();

  it('appends synchronously and returns unique ids that sort in append order', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }), (kinds) => {
        const ledger = new ActionLedger({ store: createMemoryStore(), log: testLog(), flushIntervalMs: 60_000 });
        const ids = kinds.map((pad, i) => ledger.append(pad ? padHitInput(i) : knobInput(i)));
        // Synchronous: every row is readable before anything was awaited.
        for (const id of ids) expect(ledger.get(id)?.id).toBe(id);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual(ids);
        void ledger.close();
      })
    );
  });

  it('counts verdicts and shows the newest rows first', () => {
    const ledger = new ActionLedger({ store: createMemoryStore(), log: testLog(), recentCapacity: 3 });
    ledger.append(padHitInput(1));
    ledger.append(padHitInput(2, { verdict: { kind: 'ignored', reason: 'inactive-panel' } }));
    ledger.append(padHitInput(3, { verdict: { kind: 'rejected', reason: 'flood-limit' } }));
    const last = ledger.append(padHitInput(4));
    const { recent, counts } = ledger.snapshot();
    expect(counts).toEqual({ fired: 2, ignored: 1, rejected: 1 });
    expect(recent.map((row) => row.midiTimestamp)).toEqual([4, 3, 2]);
    expect(recent[0]!.id).toBe(last);
    void ledger.close();
  });

  it('saves rows in batches that a new ledger on the same database reads back', async () => {
    const first = new ActionLedger({ store: openIndexedDbStore(), log: testLog() });
    const ids = Array.from({ length: 50 }, (_, i) => first.append(padHitInput(i)));
    await first.close();

    const store = await openIndexedDbStore();
    const second = new ActionLedger({ store, log: testLog() });
    const stored = await second.storedRows();
    expect(stored.map((row) => row.id)).toEqual(ids);
    expect(stored[7]!.verdict).toEqual({ kind: 'fired', action: { kind: 'note', detail: 'note 36' } });
    // Ids issued after the reload still sort after the stored ones.
    expect(second.append(padHitInput(99)) > ids.at(-1)!).toBe(true);
    await second.close();
    store.close();
  });

  it('writes on its own timer without the caller awaiting anything', async () => {
    const store = createMemoryStore();
    const ledger = new ActionLedger({ store, log: testLog(), flushIntervalMs: 5 });
    const id = ledger.append(padHitInput(1));
    expect(await store.keys(Store.Ledger)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await store.get(Store.Ledger, id)).toMatchObject({ rows: [{ id, midiTimestamp: 1 }] });
    await ledger.close();
  });

  it('prunes the oldest rows in batches, keeping the newest', async () => {
    const store = createMemoryStore();
    const ledger = new ActionLedger({ store, log: testLog(), retention: 100, pruneBatch: 20 });
    const ids: string[] = [];
    for (let flush = 0; flush < 12; flush++) {
      for (let i = 0; i < 10; i++) ids.push(ledger.append(padHitInput(flush * 10 + i)));
      await ledger.flush();
    }
    // 120 rows reached retention + batch: the oldest 20 went in one go.
    expect((await ledger.storedRows()).map((row) => row.id)).toEqual(ids.slice(20));
    // Below retention + batch nothing is deleted.
    for (let i = 0; i < 10; i++) ids.push(ledger.append(padHitInput(200 + i)));
    await ledger.flush();
    expect((await ledger.storedRows()).map((row) => row.id)).toEqual(ids.slice(20));
    await ledger.close();
    // A new ledger on the same store knows how many rows are stored.
    const reopened = new ActionLedger({ store, log: testLog(), retention: 100, pruneBatch: 20 });
    for (let i = 0; i < 10; i++) ids.push(reopened.append(padHitInput(300 + i)));
    await reopened.flush();
    expect((await reopened.storedRows()).map((row) => row.id)).toEqual(ids.slice(40));
  });

  it('writes a long burst as several chunks, one transaction each', async () => {
    const store = createMemoryStore();
    const ledger = new ActionLedger({ store, log: testLog(), flushRows: 64, flushIntervalMs: 60_000 });
    const ids = Array.from({ length: 150 }, (_, i) => ledger.append(padHitInput(i)));
    await ledger.flush();
    expect(await store.keys(Store.Ledger)).toEqual([ids[0], ids[64], ids[128]]);
    expect((await ledger.storedRows()).map((row) => row.id)).toEqual(ids);
  });

  it('never throws when storage is over quota, and logs once per burst', async () => {
    const log = testLog();
    const store = quotaFailingStore(createMemoryStore());
    const ledger = new ActionLedger({ store, log });
    for (let burst = 0; burst < 3; burst++) {
      for (let i = 0; i < 20; i++) expect(() => ledger.append(padHitInput(burst * 100 + i))).not.toThrow();
      await expect(ledger.flush()).resolves.toBeUndefined();
    }
    expect(store.puts).toBe(3); // one chunk per flush
    expect(entriesAt(log, 'error', 'ledger')).toHaveLength(1);
    expect(entriesAt(log, 'error', 'ledger')[0]!.message).toMatch(/Could not save 20 action-ledger row/);
    expect(ledger.snapshot().writeFailures).toBe(60);
    expect(ledger.snapshot().recent).toHaveLength(60);

    // Storage recovers, then fills up again: that is a new burst, logged again.
    store.setFull(false);
    ledger.append(padHitInput(500));
    await ledger.flush();
    expect(await ledger.storedRows()).toHaveLength(1);
    store.setFull(true);
    ledger.append(padHitInput(600));
    await ledger.flush();
    expect(entriesAt(log, 'error', 'ledger')).toHaveLength(2);
    await ledger.close();
  });

  it('skips stored rows that fail the schema instead of trusting them', async () => {
    const store = createMemoryStore();
    await store.put(Store.Ledger, '0000000000000aaaa', { rows: [{ ...padHitInput(1), id: '0000000000000aaaa', extra: true }] });
    const ledger = new ActionLedger({ store, log: testLog() });
    const id = ledger.append(padHitInput(2));
    await ledger.flush();
    expect((await ledger.storedRows()).map((row) => row.id)).toEqual([id]);
  });

  it('runs in memory and says so when storage never opens', async () => {
    const log = testLog();
    const ledger = new ActionLedger({ store: Promise.reject(new Error('blocked')), log });
    const id = ledger.append(padHitInput(1));
    await ledger.flush();
    expect(ledger.get(id)?.id).toBe(id);
    expect(entriesAt(log, 'warn', 'ledger')[0]!.message).toMatch(/in memory only/);
  });

  it('backfills a score onto a recent row in memory and in storage, leaving the verdict alone', async () => {
    const store = createMemoryStore();
    const ledger = new ActionLedger({ store, log: testLog() });
    const id = ledger.append(padHitInput(1));
    await ledger.flush();
    await expect(ledger.backfill(id, groove, 'disagrees')).resolves.toBe('updated');
    expect(ledger.get(id)).toMatchObject({ score: groove, review: 'disagrees', verdict: padHitInput(1).verdict });
    await ledger.flush();
    expect(await ledger.storedRows()).toMatchObject([{ id, score: groove, review: 'disagrees' }]);
    await ledger.close();
  });

  it('backfills a row that has left memory from storage', async () => {
    const store = createMemoryStore();
    const ledger = new ActionLedger({ store, log: testLog(), recentCapacity: 2 });
    const oldest = ledger.append(padHitInput(1));
    for (let i = 0; i < 5; i++) ledger.append(padHitInput(10 + i));
    await ledger.flush();
    expect(ledger.get(oldest)).toBeUndefined();
    await expect(ledger.backfill(oldest, groove)).resolves.toBe('updated');
    const stored = await new ActionLedger({ store, log: testLog() }).storedRows();
    expect(stored).toHaveLength(6);
    expect(stored[0]).toMatchObject({ id: oldest, score: groove });
    expect(stored[1]!.score).toBeUndefined();
    await ledger.close();
  });

  it('warns and does nothing else when backfilling a row that no longer exists', async () => {
    const log = testLog();
    const store = createMemoryStore();
    const ledger = new ActionLedger({ store, log });
    const id = ledger.append(padHitInput(1));
    await ledger.flush();
    await ledger.clear();
    await expect(ledger.backfill(id, groove)).resolves.toBe('missing');
    await expect(ledger.backfill('0000000000000zzzz', groove)).resolves.toBe('missing');
    await ledger.flush();
    expect(await store.keys(Store.Ledger)).toEqual([]);
    const warnings = entriesAt(log, 'warn', 'ledger');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.message).toMatch(new RegExp(`row ${id}, which no longer exists`));
  });

  it('tells subscribers about appends and backfills after the caller returns', async () => {
    const ledger = new ActionLedger({ store: createMemoryStore(), log: testLog() });
    const seen: number[] = [];
    const unsubscribe = ledger.subscribe((snapshot) => seen.push(snapshot.recent.length));
    expect(seen).toEqual([0]);
    const id = ledger.append(padHitInput(1));
    ledger.append(padHitInput(2));
    expect(seen).toEqual([0]); // nothing ran on the caller's stack
    await settle();
    expect(seen).toEqual([0, 2]);
    await ledger.backfill(id, groove);
    await settle();
    expect(seen).toEqual([0, 2, 2]);
    unsubscribe();
    ledger.append(padHitInput(3));
    await settle();
    expect(seen).toHaveLength(3);
    await ledger.close();
  });
});
