import { describe, expect, it } from 'vitest';
import { createAudioRingMemory } from '$workers/shared/audio-ring';
import { CommandWriter, RealtimeOp } from '$workers/shared/synth-commands';
import { DEFAULT_ENVELOPE } from '$workers/synth/instruments/instrument-model';
import { SynthProducer } from '$workers/synth/synth-producer';
import { RingReader } from '$workers/worklet/ring-reader';
import { sineBank } from './tone';

const RATE = 48000;
const RING_FRAMES = 768;
const QUANTUM = 128;
/** Chrome renders a device buffer of quanta back to back: 3 quanta (8 ms) here. */
const BURST_QUANTA = 3;
const BURST_MS = (BURST_QUANTA * QUANTUM * 1000) / RATE;
const ORIGIN_MS = 1.7e12;
const DELAY_MS = 5;

interface Timed {
  /** When the main thread gets to send it (the event time plus its lateness). */
  sendAt: number;
  op: RealtimeOp;
  note: number;
  /** The event's own timestamp (shared clock, ms). */
  t: number;
}

/**
 * Real producer, ring, command ring and worklet reader against a simulated
 * clock: the worklet drains a burst of quanta every 8 ms, the producer is
 * woken a random 0–`wakeMs` ms later, and each note reaches the command ring
 * `lateness(i)` ms after its timestamp (main-thread jank).
 */
function perform(options: { tight: boolean; notes: number; spacingMs: number; lateness: (index: number) => number; wakeMs?: number; seed?: number }) {
  let seed = options.seed ?? 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const memory = createAudioRingMemory(RING_FRAMES);
  let now = ORIGIN_MS;
  const producer = new SynthProducer({ memory, sampleRate: RATE, maxVoices: 16, blockFrames: QUANTUM }, () => now);
  producer.selectInstrument(sineBank({ ...DEFAULT_ENVELOPE, attack: 0, release: 0.002 }));
  const reader = new RingReader(memory);
  const writer = new CommandWriter(memory.commands);
  if (options.tight) writer.write(RealtimeOp.TightTiming, 1, DELAY_MS);
  const events: Timed[] = [];
  const noteTimes: number[] = [];
  for (let i = 0; i < options.notes; i++) {
    const t = ORIGIN_MS + 200 + i * options.spacingMs;
    noteTimes.push(t);
    events.push({ sendAt: t + options.lateness(i), op: RealtimeOp.NoteOn, note: 69, t });
    events.push({ sendAt: t + 30 + options.lateness(i), op: RealtimeOp.NoteOff, note: 69, t: t + 30 });
  }
  events.sort((x, y) => x.sendAt - y.sendAt);
  const end = ORIGIN_MS + 400 + options.notes * options.spacingMs;
  const left = new Float32Array(QUANTUM);
  const right = new Float32Array(QUANTUM);
  const output: number[] = [];
  let next = 0;
  producer.fill();
  for (let burst = ORIGIN_MS; burst < end; burst += BURST_MS) {
    // Notes the main thread sends before this burst: each wakes the producer, which drains the command ring.
    while (next < events.length && events[next]!.sendAt < burst) {
      const event = events[next++]!;
      now = event.sendAt;
      writer.write(event.op, event.note, event.op === RealtimeOp.NoteOn ? 100 : 0, 0, event.t);
      producer.fill();
    }
    now = burst;
    for (let q = 0; q < BURST_QUANTA; q++) {
      reader.read(left, right, QUANTUM);
      for (const sample of left) output.push(sample);
    }
    now = burst + random() * (options.wakeMs ?? 2);
    producer.fill();
  }
  expect(reader.views.stats().underruns).toBe(0);
  return { output: Float32Array.from(output), noteTimes, producer };
}

/** First frame of each note: sound after at least 5 ms of silence. */
function onsets(signal: Float32Array): number[] {
  const found: number[] = [];
  let quiet = Infinity;
  for (let i = 0; i < signal.length; i++) {
    const level = Math.abs(signal[i]!);
    if (level > 1e-3 && quiet >= 240) found.push(i);
    quiet = level < 1e-4 ? quiet + 1 : 0;
  }
  return found;
}

function intervalErrors(found: number[], spacingMs: number): number[] {
  const expected = (spacingMs * RATE) / 1000;
  return found.slice(1).map((frame, i) => Math.abs(frame - found[i]! - expected));
}

describe('tight timing', () => {
  it('renders notes sent on a grid exactly on the grid, sample-accurately, when they reach the producer late', () => {
    const { output, noteTimes, producer } = perform({ tight: true, notes: 20, spacingMs: 100, lateness: (i) => ((i * 7) % 5) * 0.9, wakeMs: 0 });
    const found = onsets(output);
    expect(found).toHaveLength(20);
    // The grid is 4800 frames; the frame a timestamp maps to is floored, so ±1.
    expect(Math.max(...intervalErrors(found, 100))).toBeLessThanOrEqual(1);
    expect(producer.scheduler.stats).toMatchObject({ late: 0, overflowed: 0 });
    // Each note plays at its timestamp + what the ring queues + the delay (within one burst of the clock estimate).
    const lead = RING_FRAMES + (DELAY_MS * RATE) / 1000;
    for (const [i, frame] of found.entries()) {
      const atTimestamp = ((noteTimes[i]! - ORIGIN_MS) * RATE) / 1000;
      expect(frame - atTimestamp).toBeGreaterThanOrEqual(lead);
      expect(frame - atTimestamp).toBeLessThanOrEqual(lead + BURST_QUANTA * QUANTUM + 1);
    }
  });

  it('keeps the grid within a quarter millisecond when the producer itself wakes up to 2 ms late', () => {
    const { output } = perform({ tight: true, notes: 40, spacingMs: 100, lateness: (i) => ((i * 7) % 5) * 0.9, wakeMs: 2 });
    const found = onsets(output);
    expect(found).toHaveLength(40);
    // What is left is the clock estimate's own wobble (it follows the best-timed wake-ups).
    expect(Math.max(...intervalErrors(found, 100))).toBeLessThanOrEqual(12);
  });

  it('without it, the same notes land wherever the producer happened to wake (the jitter tight timing removes)', () => {
    const { output } = perform({ tight: false, notes: 20, spacingMs: 100, lateness: (i) => ((i * 7) % 5) * 0.9 });
    const found = onsets(output);
    expect(found).toHaveLength(20);
    expect(Math.max(...intervalErrors(found, 100))).toBeGreaterThan(100);
  });

  it('plays a note that arrives later than the delay at the start of the next block, and counts it late', () => {
    const { output, producer } = perform({ tight: true, notes: 3, spacingMs: 100, lateness: (i) => (i === 1 ? 40 : 0) });
    const found = onsets(output);
    expect(found).toHaveLength(3);
    expect(producer.scheduler.stats.late).toBeGreaterThanOrEqual(1);
    // Late notes are not placed: they start on a block boundary (the onset is the second frame, the sine starts at 0).
    expect((found[1]! - 1) % QUANTUM).toBe(0);
    expect((found[0]! - 1) % QUANTUM).not.toBe(0);
  });

  it('plays pending events when the engine is reconfigured, so a released note stays released and a held one keeps sounding', () => {
    const memory = createAudioRingMemory(RING_FRAMES);
    const now = ORIGIN_MS;
    const producer = new SynthProducer({ memory, sampleRate: RATE, maxVoices: 16, blockFrames: QUANTUM }, () => now);
    producer.selectInstrument(sineBank());
    producer.setTightTiming(true, DELAY_MS);
    producer.fill();
    producer.applyRealtime(RealtimeOp.NoteOn, 60, 100, 0, now + 500);
    producer.applyRealtime(RealtimeOp.NoteOn, 64, 100, 0, now + 500);
    producer.applyRealtime(RealtimeOp.NoteOff, 64, 0, 0, now + 600);
    expect(producer.scheduler.pending).toBe(3);
    const next = producer.successor({ ...producer.setup, memory: createAudioRingMemory(RING_FRAMES, { commands: memory.commands, mailbox: memory.mailbox }) });
    expect(producer.scheduler.pending).toBe(0);
    const held = next.engine.pool.voices.filter((voice) => voice.active && !voice.released).map((voice) => voice.note);
    expect(held).toEqual([60]);
    expect(next.tightTiming).toBe(true);
  });

  it('plays everything pending at once when switched off', () => {
    const memory = createAudioRingMemory(RING_FRAMES);
    const producer = new SynthProducer({ memory, sampleRate: RATE, maxVoices: 16, blockFrames: QUANTUM }, () => ORIGIN_MS);
    producer.selectInstrument(sineBank());
    producer.setTightTiming(true, DELAY_MS);
    producer.fill();
    producer.applyRealtime(RealtimeOp.NoteOn, 60, 100, 0, ORIGIN_MS + 1000);
    expect(producer.engine.pool.sounding).toBe(0);
    producer.applyRealtime(RealtimeOp.TightTiming, 0, DELAY_MS);
    expect(producer.scheduler.pending).toBe(0);
    expect(producer.engine.pool.sounding).toBe(1);
  });
});
