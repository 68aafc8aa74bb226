import { describe, expect, it } from 'vitest';
import { PitchShifter } from '$workers/synth/fx/pitch-shifter';
import { dominantFrequency, largestStep, RATE, rms, runEffect, sine, toDb } from './signals';

/** Shifts one second of a sine and returns the shifted left channel after the first 100 ms. */
function shiftSine(frequency: number, semitones: number): Float32Array {
  const shifter = new PitchShifter(RATE, 128, semitones);
  const left = sine(frequency, RATE, 0.5);
  const right = sine(frequency, RATE, 0.5);
  runEffect(shifter, left, right);
  return left.subarray(RATE / 10);
}

/** Quietest and loudest 20 ms stretch, in dB relative to the input sine. */
function levelRangeDb(shifted: Float32Array): [number, number] {
  const window = 0.02 * RATE;
  const levels: number[] = [];
  for (let start = 0; start + window <= shifted.length; start += window) levels.push(rms(shifted, start, start + window));
  const reference = 0.5 * Math.SQRT1_2;
  return [toDb(Math.min(...levels) / reference), toDb(Math.max(...levels) / reference)];
}

describe('pitch shifter', () => {
  it('moves a 440 Hz sine up an octave to 880 Hz', () => {
    expect(Math.abs(dominantFrequency(shiftSine(440, 12), 100, 2000) - 880)).toBeLessThanOrEqual(880 * 0.02);
  });

  it('moves a 440 Hz sine down an octave to 220 Hz', () => {
    expect(Math.abs(dominantFrequency(shiftSine(440, -12), 100, 2000) - 220)).toBeLessThanOrEqual(220 * 0.02);
  });

  it('moves a 440 Hz sine up a fifth to 659 Hz', () => {
    expect(Math.abs(dominantFrequency(shiftSine(440, 7), 100, 2000) - 659.26)).toBeLessThanOrEqual(659.26 * 0.02);
  });

  it('leaves the pitch unchanged at 0 semitones', () => {
    expect(dominantFrequency(shiftSine(440, 0), 100, 2000)).toBe(440);
  });

  it('lands on the right pitch for notes across the range', () => {
    for (const [frequency, semitones] of [
      [110, 12],
      [333, -12],
      [523.25, -5],
      [97, 3]
    ] as const) {
      const expected = frequency * Math.pow(2, semitones / 12);
      expect(Math.abs(dominantFrequency(shiftSine(frequency, semitones), 40, 2000) - expected)).toBeLessThanOrEqual(expected * 0.02);
    }
  });

  it('holds a sustained note at a steady level through its splices', () => {
    // 333 Hz is out of phase with any fixed splice length, the case where a naive two-tap shifter warbles.
    for (const semitones of [-12, -5, 0.5, 7, 12]) {
      const [quietest, loudest] = levelRangeDb(shiftSine(333, semitones));
      expect(quietest).toBeGreaterThan(-1);
      expect(loudest).toBeLessThan(1);
    }
  });

  it('splices without clicks', () => {
    for (const semitones of [-12, 7, 12]) {
      const shiftedFrequency = 333 * Math.pow(2, semitones / 12);
      const steepestSlope = (2 * Math.PI * shiftedFrequency * 0.5) / RATE;
      expect(largestStep(shiftSine(333, semitones))).toBeLessThan(steepestSlope * 1.2);
    }
  });

  it('shifts the left and right channels alike', () => {
    const shifter = new PitchShifter(RATE, 128, 5);
    const left = sine(440, RATE / 2, 0.5);
    const right = sine(440, RATE / 2, 0.5);
    runEffect(shifter, left, right);
    expect(Array.from(right)).toEqual(Array.from(left));
  });
});
