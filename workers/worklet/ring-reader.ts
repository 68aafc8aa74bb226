import { AudioRingViews, CHANNELS, Counter, type AudioRingMemory } from '../shared/audio-ring';

/** Covers any render quantum size Chrome may pick (128 today, up to 4096 with renderSizeHint). */
const MAX_QUANTUM_FRAMES = 4096;
const PEAK_FALL = 0.89;

/**
 * The consumer side of the audio ring, kept apart from the AudioWorklet glue
 * so it runs in Node tests. `read` allocates nothing, never waits, and posts
 * nothing: it updates shared counters and wakes the producer with a
 * non-blocking Atomics.notify.
 */
export class RingReader {
  readonly views: AudioRingViews;
  readonly #scratch = new Float32Array(MAX_QUANTUM_FRAMES * CHANNELS);
  #primed = false;

  constructor(memory: AudioRingMemory) {
    this.views = new AudioRingViews(memory);
  }

  read(left: Float32Array, right: Float32Array, frames: number): void {
    const { ring, counters, peaks } = this.views;
    const scratch = this.#scratch;
    const got = ring.pop(scratch, Math.min(frames * CHANNELS, ring.available_read()));
    const framesGot = got / CHANNELS;
    let peakLeft = 0;
    let peakRight = 0;
    for (let i = 0, j = 0; i < framesGot; i++, j += 2) {
      const l = scratch[j]!;
      const r = scratch[j + 1]!;
      left[i] = l;
      right[i] = r;
      const absLeft = l < 0 ? -l : l;
      const absRight = r < 0 ? -r : r;
      if (absLeft > peakLeft) peakLeft = absLeft;
      if (absRight > peakRight) peakRight = absRight;
    }
    if (framesGot < frames) {
      left.fill(0, framesGot, frames);
      if (right !== left) right.fill(0, framesGot, frames);
      // Before the producer's first block, silence is start-up, not a glitch.
      if (this.#primed) Atomics.add(counters, Counter.Underruns, 1);
    }
    if (framesGot > 0 && !this.#primed) {
      this.#primed = true;
      Atomics.store(counters, Counter.Primed, 1);
    }
    // Peak hold with a fall of ~1 dB per quantum: readers sample at frame rate, not per quantum.
    const heldLeft = peaks[Counter.PeakLeft]! * PEAK_FALL;
    const heldRight = peaks[Counter.PeakRight]! * PEAK_FALL;
    peaks[Counter.PeakLeft] = peakLeft > heldLeft ? peakLeft : heldLeft;
    peaks[Counter.PeakRight] = peakRight > heldRight ? peakRight : heldRight;
    Atomics.add(counters, Counter.FramesPlayed, frames);
    Atomics.add(counters, Counter.Consumed, 1);
    Atomics.notify(counters, Counter.Consumed);
  }
}
