import { describe, expect, it } from 'vitest';
import { ActionLedger } from '$lib/ledger/action-ledger';
import type { Score } from '$lib/ledger/ledger-row';
import { Tier2Scoring, type ScoringContext, type Tier2Scorer } from '$lib/ledger/tier2-scoring';
import { createMemoryStore } from '$lib/storage/memory-store';
import { entriesAt, padHitInput, settle, testLog } from './ledger-fixtures';

const FIRED_NOTE = padHitInput(1000).verdict;

function score(label: string, value: number): Score {
  return { scorer: 'test', value, label, at: 1 };
}

function setup(scorer: Tier2Scorer, options: { maxInFlight?: number; timeoutMs?: number } = {}) {
  const log = testLog();
  const ledger = new ActionLedger({ store: createMemoryStore(), log, flushIntervalMs: 60_000 });
  const tier2 = new Tier2Scoring({ ledger, scorer, log, ...options });
  /** What the router does after sending the synth command. */
  const verdict = (midiTimestamp: number, input = padHitInput(midiTimestamp)) => {
    const id = ledger.append(input);
    tier2.schedule(id);
    return id;
  };
  return { log, ledger, tier2, verdict };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('tier-2 scoring', () => {
  it('scores after the caller returns, with the history before the row, and backfills by id', async () => {
    const contexts: ScoringContext[] = [];
    const { ledger, verdict } = setup({ name: 'test', score: async (context) => (contexts.push(context), score('on-grid', 0.9)) });
    verdict(1000);
    const id = verdict(1500);
    expect(contexts).toHaveLength(0); // never on the router's stack
    await settle();
    expect(contexts.map((context) => context.history.length)).toEqual([0, 1]);
    expect(contexts[1]!.row.id).toBe(id);
    expect(ledger.get(id)?.score).toEqual(score('on-grid', 0.9));
  });

  it('drops and counts new scoring when the cap is hit, while every verdict still lands', async () => {
    const gate = deferred<Score | undefined>();
    const { ledger, tier2, verdict } = setup({ name: 'slow', score: () => gate.promise }, { maxInFlight: 2 });
    const ids = [0, 1, 2, 3, 4].map((i) => verdict(1000 + i * 100));
    expect(tier2.stats).toMatchObject({ inFlight: 2, started: 2, dropped: 3 });
    expect(ledger.snapshot().counts.fired).toBe(5);
    gate.resolve(score('on-grid', 1));
    await settle();
    expect(tier2.stats).toMatchObject({ inFlight: 0, scored: 2, dropped: 3 });
    expect(ids.map((id) => ledger.get(id)?.score !== undefined)).toEqual([true, true, false, false, false]);
    verdict(2000);
    expect(tier2.stats.started).toBe(3); // slots are free again
  });

  it('skips scoring while the scorer is still starting, without a timeout error, and scores once it is ready', async () => {
    const booted = deferred<void>();
    let calls = 0;
    const { ledger, tier2, verdict } = setup({ name: 'booting', ready: booted.promise, score: async () => (calls++, score('on-grid', 1)) }, { timeoutMs: 5 });
    const early = verdict(1000);
    expect(tier2.stats).toMatchObject({ ready: false, started: 0, dropped: 1 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(tier2.stats.errors).toBe(0);
    booted.resolve();
    await settle();
    expect(tier2.stats.ready).toBe(true);
    const later = verdict(1500);
    await settle();
    expect(calls).toBe(1);
    expect(ledger.get(early)?.score).toBeUndefined();
    expect(ledger.get(later)?.score?.label).toBe('on-grid');
  });

  it('counts a scorer that fails to start, and keeps every verdict', async () => {
    const { ledger, tier2, verdict } = setup({ name: 'dead', ready: Promise.reject(new Error('worker script failed to load')), score: async () => score('on-grid', 1) });
    await settle();
    expect(tier2.stats).toMatchObject({ ready: false, errors: 1 });
    verdict(1000);
    expect(ledger.snapshot().counts.fired).toBe(1);
    expect(tier2.stats.started).toBe(0);
  });

  it('counts and logs a scorer that throws synchronously; the verdict is untouched', async () => {
    const { ledger, tier2, verdict, log } = setup({
      name: 'broken',
      score: () => {
        throw new Error('model not loaded');
      }
    });
    const id = verdict(1000);
    await settle();
    expect(tier2.stats).toMatchObject({ errors: 1, inFlight: 0, scored: 0 });
    expect(ledger.get(id)).toMatchObject({ verdict: FIRED_NOTE });
    expect(ledger.get(id)?.score).toBeUndefined();
    expect(entriesAt(log, 'error', 'tier2')[0]!.message).toMatch(/broken scorer failed/);
  });

  it('counts a scorer that rejects', async () => {
    const { tier2, verdict, log } = setup({ name: 'rejecting', score: () => Promise.reject(new Error('session lost')) });
    verdict(1000);
    await settle();
    expect(tier2.stats).toMatchObject({ errors: 1, inFlight: 0 });
    expect(entriesAt(log, 'error', 'tier2')[0]!.data).toMatchObject({ error: 'Error: session lost' });
  });

  it('ignores a scorer that throws after returning its score', async () => {
    const thenable: PromiseLike<Score> = {
      then(onFulfilled) {
        onFulfilled?.(score('on-grid', 0.8));
        throw new Error('thrown after resolving');
      }
    } as PromiseLike<Score>;
    const { ledger, tier2, verdict } = setup({ name: 'sloppy', score: () => thenable });
    const id = verdict(1000);
    await settle();
    expect(ledger.get(id)?.score?.value).toBe(0.8);
    expect(tier2.stats).toMatchObject({ scored: 1, errors: 0, inFlight: 0 });
  });

  it('counts an error a scorer reports from a timer after it has answered', async () => {
    const listeners = new Set<(error: unknown) => void>();
    const { ledger, tier2, verdict, log } = setup({
      name: 'worker',
      async score() {
        // As a worker that answers, then crashes on its next tick.
        setTimeout(() => listeners.forEach((listener) => listener(new Error('worker crashed'))), 1);
        return score('on-grid', 0.9);
      },
      onError(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      }
    });
    const id = verdict(1000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(tier2.stats).toMatchObject({ scored: 1, errors: 1, inFlight: 0 });
    expect(ledger.get(id)).toMatchObject({ verdict: FIRED_NOTE, score: { value: 0.9 } });
    expect(entriesAt(log, 'error', 'tier2')[0]!.message).toMatch(/after a call/);
    tier2.dispose();
    expect(listeners.size).toBe(0);
  });

  it('frees the slot of a hung scorer and counts its late rejection', async () => {
    const late = deferred<Score | undefined>();
    const { ledger, tier2, verdict } = setup({ name: 'hung', score: () => late.promise }, { maxInFlight: 1, timeoutMs: 5 });
    const id = verdict(1000);
    await new Promise((resolve) => setTimeout(resolve, 15));
    expect(tier2.stats).toMatchObject({ inFlight: 0, errors: 1 });
    late.reject(new Error('rejected late'));
    await settle();
    expect(tier2.stats.errors).toBe(2);
    expect(ledger.get(id)).toMatchObject({ verdict: FIRED_NOTE });
    expect(ledger.get(id)?.score).toBeUndefined();
  });

  it('refuses a malformed score', async () => {
    const { ledger, tier2, verdict } = setup({ name: 'nan', score: async () => score('on-grid', Number.NaN) });
    const id = verdict(1000);
    await settle();
    expect(tier2.stats).toMatchObject({ errors: 1, scored: 0 });
    expect(ledger.get(id)?.score).toBeUndefined();
  });

  it('logs a confident double trigger on a fired note as review signal and keeps the verdict', async () => {
    const { ledger, tier2, verdict, log } = setup({ name: 'groove', score: async () => ({ ...score('double-trigger', 0.05), scorer: 'groove' }) });
    const id = verdict(1000);
    await settle();
    const row = ledger.get(id)!;
    expect(row.verdict).toEqual(FIRED_NOTE);
    expect(row.review).toMatch(/Fired note \(note 36\), but groove says double-trigger with 95 % confidence/);
    expect(tier2.stats.reviews).toBe(1);
    expect(entriesAt(log, 'info', 'tier2')[0]!.message).toMatch(new RegExp(`Review signal on ledger row ${id}`));
  });

  it('does not flag scores that agree with the verdict', async () => {
    const { ledger, tier2, verdict } = setup({ name: 'groove', score: async () => score('double-trigger', 0.45) });
    const unsure = verdict(1000);
    const ignored = verdict(1100, padHitInput(1100, { verdict: { kind: 'ignored', reason: 'inactive-panel' } }));
    await settle();
    expect(ledger.get(unsure)?.review).toBeUndefined();
    expect(ledger.get(ignored)?.review).toBeUndefined();
    expect(tier2.stats).toMatchObject({ scored: 2, reviews: 0 });
  });

  it('flags a deliberate hit that the flood limiter rejected', async () => {
    const { ledger, verdict } = setup({ name: 'groove', score: async () => score('on-grid', 0.95) });
    const id = verdict(1000, padHitInput(1000, { verdict: { kind: 'rejected', reason: 'flood-limit' } }));
    await settle();
    expect(ledger.get(id)).toMatchObject({ verdict: { kind: 'rejected', reason: 'flood-limit' }, review: expect.stringMatching(/^Rejected \(flood-limit\)/) });
  });
});
