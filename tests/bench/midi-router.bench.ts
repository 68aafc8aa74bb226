import { ActionLedger, type LedgerLog } from '$lib/ledger/action-ledger';
import type { LedgerInput, Score } from '$lib/ledger/ledger-row';
import { Tier2Scoring, type Tier2Scorer } from '$lib/ledger/tier2-scoring';
import { profileForDevice, type ControllerProfile } from '$lib/midi/controller-profile';
import { MidiRouter, type ControlSink, type SynthPort } from '$lib/midi/midi-router';
import { RoutingIndex } from '$lib/midi/routing-index';
import { defaultPresets } from '$lib/presets/default-presets';
import { createMemoryStore } from '$lib/storage/memory-store';
import { report } from './report';

/**
 * The whole fast path per MIDI message: verdict + synth command (the router)
 * + ledger append + tier-2 scheduling, median and p99 µs over 100 000 pad
 * hits. Four variants interleaved message by message, each message its own
 * macrotask as MIDI events are: router alone, with the ledger and no scorer,
 * with an instant scorer, and with a scorer that takes 50 ms. The verdict path must
 * not depend on how slow the scorer is.
 */
const MESSAGES = 100_000;
const WARM_UP = 5_000;
const silentLog: LedgerLog = { write: () => undefined };
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const synth: SynthPort = { noteOn() {}, noteOff() {}, setSustain() {}, setPitchBend() {} };
const sink: ControlSink = {
  fxPosition: () => 0,
  setFx() {},
  setMasterVolume() {},
  setPartParam() {},
  padLit() {},
  knobMoved() {},
  switchPreset() {},
  switchPadBank() {},
  toggleRecording() {},
  learned() {}
};

function scorer(delayMs: number): Tier2Scorer {
  return {
    name: `sleep-${delayMs}ms`,
    score: () => new Promise<Score>((resolve) => setTimeout(() => resolve({ scorer: 'bench', value: 1, label: 'on-grid', at: performance.now() }), delayMs))
  };
}

interface Variant {
  name: string;
  router: MidiRouter;
  samples: Float64Array;
}

function variant(name: string, record: (input: LedgerInput) => void): Variant {
  const presets = defaultPresets();
  const routing = new RoutingIndex();
  routing.rebuild([{ id: 'pad-1', type: 'pad', bank: 'A', active: true, preset: 'Default' }], () => presets[0], () => presets[0]!);
  const learned = new Map<string, ControllerProfile>();
  // The flood limit is a feature, not a cost: lift it so every message takes the full path.
  const router = new MidiRouter(synth, sink, routing, (device) => profileForDevice(device, learned), record, () => performance.now(), { burst: 1e9, perSecond: 1e9 });
  return { name, router, samples: new Float64Array(MESSAGES) };
}

function withLedger(name: string, delayMs: number | undefined): Variant {
  const ledger = new ActionLedger({ store: createMemoryStore(), log: silentLog });
  const tier2 = delayMs === undefined ? undefined : new Tier2Scoring({ ledger, scorer: scorer(delayMs), log: silentLog });
  return variant(name, (input) => {
    const id = ledger.append(input);
    if (tier2 && input.verdict.kind === 'fired' && (input.status & 0xf0) === 0x90) tier2.schedule(id);
  });
}

const variants = [
  variant('midi.dispatch.bare', () => undefined),
  withLedger('midi.dispatch.ledger', undefined),
  withLedger('midi.dispatch.ledger-instant-scorer', 0),
  withLedger('midi.dispatch.ledger-slow-scorer', 50)
];
const message = new Uint8Array(3);

for (let i = -WARM_UP; i < MESSAGES; i++) {
  // Rotate who goes first: the first message after a turn pays for timers and GC that ran in between.
  for (let k = 0; k < variants.length; k++) {
    const { router, samples } = variants[(i + WARM_UP + k) % variants.length]!;
    const note = 36 + ((i + WARM_UP) % 16);
    message[0] = 0x99;
    message[1] = note;
    message[2] = 100;
    const start = performance.now();
    router.handle('Bench MPD', message, start);
    const took = performance.now() - start;
    message[0] = 0x89;
    router.handle('Bench MPD', message, start);
    if (i >= 0) samples[i] = took * 1000;
  }
  await nextTurn();
}

const quantile = (sorted: Float64Array, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const figures = new Map<string, { median: number; p99: number }>();
for (const { name, samples } of variants) {
  const sorted = samples.slice().sort();
  const figure = { median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
  figures.set(name, figure);
  report.figure(`${name}.median`, figure.median, 'us');
  report.figure(`${name}.p99`, figure.p99, 'us');
}
const unscored = figures.get('midi.dispatch.ledger')!;
const instant = figures.get('midi.dispatch.ledger-instant-scorer')!;
const slow = figures.get('midi.dispatch.ledger-slow-scorer')!;
// The scorer's delay in isolation: same scorer work, answered at once vs after 50 ms.
// ≥ 0.95 means a 50 ms scorer changed p99 dispatch by less than 5 % (the goal).
report.ratio('midi.dispatch.p99.slow-scorer', 'instant-scorer', instant.p99 / slow.p99);
report.ratio('midi.dispatch.p99.slow-scorer', 'no-scorer', unscored.p99 / slow.p99);
const change = (from: number, to: number): string => `${(((to - from) / from) * 100).toFixed(1)} %`;
report.note(`p99 change with a 50 ms scorer: vs an instant one ${change(instant.p99, slow.p99)}, vs none ${change(unscored.p99, slow.p99)}`);
process.exit(0);
