import { RingBuffer } from 'ringbuf.js';
import { createCommandMemory } from './synth-commands';

/**
 * The audio path's shared memory. `ring` carries interleaved stereo Float32
 * frames from the producer worker to the AudioWorklet (ringbuf.js, wait-free
 * SPSC). `control` holds counters, each written by one side (the worklet's
 * playback counters, the producer's timing counters) and read by everyone
 * else, so neither thread has to post a message.
 */
export const CHANNELS = 2;

export const Counter = {
  /** Render quanta the worklet had to fill (partly) with silence. */
  Underruns: 0,
  /** Frames played, modulo 2^32 (read as unsigned). */
  FramesPlayed: 1,
  /** Bumped by the worklet after every read; the producer waits on it for space. */
  Consumed: 2,
  /** Peak levels of the last quantum, as Float32 bits (read through `peaks`). */
  PeakLeft: 3,
  PeakRight: 4,
  /** Set by the worklet once it has received audio: underruns before that are start-up, not glitches. */
  Primed: 5,
  /** Written by the producer (tight timing): note events placed at their frame, */
  TimedScheduled: 6,
  /** ... those whose frame had already been rendered (main thread later than the delay), */
  TimedLate: 7,
  /** ... and those that found the pending queue full. Both played at once, never dropped. */
  TimedOverflowed: 8
} as const;
const COUNTER_SLOTS = 12;

export interface AudioRingMemory {
  ring: SharedArrayBuffer;
  control: SharedArrayBuffer;
  /** Real-time commands main → producer (see synth-commands.ts). Kept across reconfigurations. */
  commands: SharedArrayBuffer;
  /** One Int32 the main thread bumps after each control message. Kept across reconfigurations. */
  mailbox: SharedArrayBuffer;
  /** Capacity in frames (what the producer keeps queued: the latency it adds). */
  capacityFrames: number;
}

/** What outlives a reconfiguration: queued commands (a note-off must not be lost) and the mailbox. */
export interface EngineChannel {
  commands: SharedArrayBuffer;
  mailbox: SharedArrayBuffer;
}

export function createEngineChannel(): EngineChannel {
  return { commands: createCommandMemory(), mailbox: new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT) };
}

/** A new ring and counters for a (re)configured graph, on the engine's lasting channel. */
export function createAudioRingMemory(capacityFrames: number, channel: EngineChannel = createEngineChannel()): AudioRingMemory {
  return {
    ring: RingBuffer.getStorageForCapacity(capacityFrames * CHANNELS, Float32Array),
    control: new SharedArrayBuffer(COUNTER_SLOTS * Int32Array.BYTES_PER_ELEMENT),
    ...channel,
    capacityFrames
  };
}

/** Views over the memory for one side of the ring; construct once, never per block. */
export class AudioRingViews {
  readonly ring: RingBuffer;
  readonly counters: Int32Array;
  /** The same bytes as `counters`, read as floats, for the peak slots. */
  readonly peaks: Float32Array;

  constructor(readonly memory: AudioRingMemory) {
    this.ring = new RingBuffer(memory.ring, Float32Array);
    this.counters = new Int32Array(memory.control);
    this.peaks = new Float32Array(memory.control);
  }

  framesQueued(): number {
    return this.ring.available_read() / CHANNELS;
  }

  stats(): { underruns: number; framesPlayed: number; peakLeft: number; peakRight: number; timedScheduled: number; timedLate: number; timedOverflowed: number } {
    return {
      underruns: Atomics.load(this.counters, Counter.Underruns),
      timedScheduled: Atomics.load(this.counters, Counter.TimedScheduled),
      timedLate: Atomics.load(this.counters, Counter.TimedLate),
      timedOverflowed: Atomics.load(this.counters, Counter.TimedOverflowed),
      framesPlayed: Atomics.load(this.counters, Counter.FramesPlayed) >>> 0,
      peakLeft: this.peaks[Counter.PeakLeft]!,
      peakRight: this.peaks[Counter.PeakRight]!
    };
  }
}
