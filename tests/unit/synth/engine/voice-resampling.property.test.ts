import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStealFade, Voice } from '$workers/synth/engine/voice';
import type { Zone } from '$workers/synth/instruments/instrument-model';

/**
 * The voice renders in branch-free runs between loop and end boundaries; this
 * checks it against the plain per-frame definition of linear-interpolated,
 * looped playback for any pitch, loop, start offset and block size.
 */

const RATE = 48000;

function zoneOf(data: Float32Array, loop: { start: number; end: number } | undefined, offset: number): Zone {
  return {
    sample: { name: 'test', data, sampleRate: RATE, loop },
    keyLow: 0,
    keyHigh: 127,
    velocityLow: 0,
    velocityHigh: 127,
    rootKey: 60,
    tuneCents: 0,
    keyTrackCents: 100,
    gain: 1,
    pan: 0,
    loopMode: loop ? 'loop_continuous' : 'no_loop',
    offset,
    // Instant attack, full sustain: the level is 1 from the first frame.
    envelope: { delay: 0, attack: 0, hold: 0, decay: 0, sustain: 1, release: 0.1 },
    trigger: 'attack',
    velocityTrack: 0
  };
}

/** The definition, frame by frame: `frames` of mono output (0 once the sample has ended). */
function reference(data: Float32Array, loop: { start: number; end: number } | undefined, offset: number, increment: number, frames: number): Float64Array {
  const out = new Float64Array(frames);
  let position = Math.min(offset, data.length - 1);
  for (let i = 0; i < frames; i++) {
    if (loop) {
      if (position >= loop.end) position -= (loop.end - loop.start) * Math.floor((position - loop.start) / (loop.end - loop.start));
    } else if (position >= data.length - 1) {
      break;
    }
    const index = Math.floor(position);
    const next = loop && index + 1 >= loop.end ? data[loop.start]! : data[index + 1]!;
    out[i] = data[index]! + (next - data[index]!) * (position - index);
    position += increment;
  }
  return out;
}

describe('voice resampling', () => {
  it('matches frame-by-frame linear interpolation across loop wraps and the sample end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 600 }),
        fc.double({ min: -24, max: 36, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.integer({ min: 1, max: 160 }), { minLength: 4, maxLength: 12 }),
        (length, semitones, looped, seed, offsetSeed, blocks) => {
          const data = new Float32Array(length).map((_, i) => Math.sin(i * 0.37 + seed) * 0.8);
          const loopStart = seed % Math.max(1, length - 4);
          const loop = looped ? { start: loopStart, end: Math.min(length, loopStart + 2 + ((seed * 7) % (length - loopStart - 1))) } : undefined;
          const offset = offsetSeed % length;
          const voice = new Voice();
          // Centre pan: both channels carry cos(π/4) of the signal.
          voice.start(zoneOf(data, loop, offset), 60 + semitones, 127, 1, RATE, 0, 0);
          const total = blocks.reduce((sum, frames) => sum + frames, 0);
          const left = new Float32Array(total);
          const right = new Float32Array(total);
          const fade = createStealFade();
          let at = 0;
          for (const frames of blocks) {
            if (voice.active) voice.render(left, right, at, frames, fade);
            at += frames;
          }
          const expected = reference(data, loop, offset, Math.pow(2, semitones / 12), total);
          const gain = Math.SQRT1_2;
          for (let i = 0; i < total; i++) {
            if (Math.abs(left[i]! - expected[i]! * gain) > 1e-5) throw new Error(`frame ${i}: ${left[i]} vs ${expected[i]! * gain}`);
          }
          expect(right).toEqual(left);
        }
      ),
      { numRuns: 300 }
    );
  });
});
