import { describe, expect, it } from 'vitest';
import { Volume } from '$workers/synth/fx/volume';
import { largestStep, RATE, rms, runEffect, sine } from './signals';

describe('volume', () => {
  it('scales the RMS level by the gain', () => {
    for (const gain of [0, 0.25, 1, 1.5]) {
      const volume = new Volume(RATE, gain);
      const left = sine(440, RATE / 10);
      const right = sine(440, RATE / 10);
      runEffect(volume, left, right);
      expect(rms(left)).toBeCloseTo(gain * rms(sine(440, RATE / 10)), 5);
      expect(rms(right)).toBeCloseTo(gain * rms(sine(440, RATE / 10)), 5);
    }
  });

  it('turns a step from full to silent into a glide with no jump', () => {
    const volume = new Volume(RATE, 1);
    // A constant full-scale signal is the worst case: every change of gain shows as a step.
    const left = new Float32Array(RATE / 10).fill(1);
    const right = new Float32Array(RATE / 10).fill(1);
    runEffect(volume, left.subarray(0, 128), right.subarray(0, 128));
    volume.setGain(0);
    runEffect(volume, left.subarray(128), right.subarray(128));
    expect(largestStep(left)).toBeLessThan(0.01);
    // …and still reaches silence within 20 ms.
    expect(Math.abs(left[128 + Math.round(0.02 * RATE)] as number)).toBeLessThan(0.01);
    expect(left[left.length - 1]).toBe(0);
  });
});
