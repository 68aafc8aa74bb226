import 'fake-indexeddb/auto';
import { ActionLedger, type LedgerLog } from '$lib/ledger/action-ledger';
import type { LedgerInput, Score } from '$lib/ledger/ledger-row';
import { Tier2Scoring, type Tier2Scorer } from '$lib/ledger/tier2-scoring';
import { openIndexedDbStore } from '$lib/storage/indexeddb-store';
import { createMemoryStore } from '$lib/storage/memory-store';
import { Store } from '$lib/storage/schema';
import { report } from './report';

/**
 * The fast path's share of the ledger: `append` + `schedule` per MIDI message
 * (median and p99 µs over 100 000 messages), with no scorer and with a scorer
 * that takes 50 ms. Variants are interleaved message by message so JIT, GC and
 * timer load hit them alike, and every message is its own macrotask, as MIDI
 * events are: flushes, microtasks and scorer timers run between them.
 * The lead extends this with the router's verdict in front of `append`.
 */
const MESSAGES = 100_000;
const WARM_UP = 5_000;
const silentLog: LedgerLog = { write: () => undefined };
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function padHit(i: number): LedgerInput {
  const now = performance.now();
  return {
    at: now,
    midiTimestamp: now - 0.3,
    device: 'Bench Pads',
    status: 0x99,
    data1: 36 + (i % 16),
    data2: 100,
    panel: { type: 'pad', bank: 'A', slot: i % 16, panelId: 'pad-1' },
    verdict: { kind: 'fired', action: { kind: 'note', detail: 'kick' } }
  };
}

function slowScorer(delayMs: number): Tier2Scorer {
  return {
    name: `sleep-${delayMs}ms`,
    score: () => new Promise<Score>((resolve) => setTimeout(() => resolve({ scorer: 'bench', value: 1, label: 'on-grid', at: performance.now() }), delayMs))
  };
}

interface Variant {
  name: string;
  ledger: ActionLedger;
  tier2?: Tier2Scoring;
  samples: Float64Array;
}

function variant(name: string, scorer?: Tier2Scorer): Variant {
  const ledger = new ActionLedger({ store: createMemoryStore(), log: silentLog });
  const tier2 = scorer ? new Tier2Scoring({ ledger, scorer, log: silentLog }) : undefined;
  return { name, ledger, ...(tier2 ? { tier2 } : {}), samples: new Float64Array(MESSAGES) };
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function appendCost(): Promise<void> {
  const variants = [variant('none'), variant('scorer50ms', slowScorer(50))];
  for (let i = -WARM_UP; i < MESSAGES; i++) {
    // Alternate which variant runs first after the event-loop turn.
    for (const { ledger, tier2, samples } of i % 2 ? variants : [...variants].reverse()) {
      const input = padHit(i);
      const start = performance.now();
      const id = ledger.append(input);
      tier2?.schedule(id);
      const elapsed = performance.now() - start;
      if (i >= 0) samples[i] = elapsed * 1000;
    }
    await nextTurn();
  }
  const p99 = new Map<string, number>();
  for (const { name, ledger, tier2, samples } of variants) {
    await ledger.close();
    samples.sort();
    report.figure(`ledger.append.${name}.median`, quantile(samples, 0.5), 'µs');
    report.figure(`ledger.append.${name}.p99`, quantile(samples, 0.99), 'µs');
    p99.set(name, quantile(samples, 0.99));
    if (tier2) report.note(`${name}: ${tier2.stats.started} scored, ${tier2.stats.dropped} dropped at the cap of ${tier2.maxInFlight}`);
  }
  report.ratio('ledger.append.p99.scorer50ms', 'none', p99.get('scorer50ms')! / p99.get('none')!);
}

/** Why chunks (ledger-chunks.ts): saving a 256-row batch as 256 puts (one transaction each) vs one chunked record (fake-indexeddb in Node). */
async function batchWriteCost(): Promise<void> {
  const store = await openIndexedDbStore('ledger-bench');
  const rows = Array.from({ length: 256 }, (_, i) => ({ ...padHit(i), id: `row${String(i).padStart(6, '0')}` }));
  const rounds = 20;
  let perRow = 0;
  let chunked = 0;
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    await Promise.all(rows.map((row) => store.put(Store.Ledger, `${round}-${row.id}`, row)));
    perRow += performance.now() - start;
    start = performance.now();
    await store.put(Store.Ledger, `chunk-${round}`, rows);
    chunked += performance.now() - start;
  }
  report.figure('ledger.flush256.put-per-row', perRow / rounds, 'ms');
  report.figure('ledger.flush256.one-chunk', chunked / rounds, 'ms');
  store.close();
}

await appendCost();
await batchWriteCost();
