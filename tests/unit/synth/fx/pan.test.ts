import { describe, expect, it } from 'vitest';
import { Pan } from '$workers/synth/fx/pan';
import { largestStep, RATE, runEffect } from './signals';

/** The left and right gains the pan applies to a steady signal of 1 on both channels. */
function gainsAt(position: number): [number, number] {
  const pan = new Pan(RATE, position);
  const left = new Float32Array(128).fill(1);
  const right = new Float32Array(128).fill(1);
  runEffect(pan, left, right);
  return [left[127] as number, right[127] as number];
}

describe('constant-power pan', () => {
  it('puts the centre at -3 dB on both sides', () => {
    const [left, right] = gainsAt(0);
    expect(left).toBeCloseTo(Math.SQRT1_2, 6);
    expect(right).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('silences the right channel when panned hard left', () => {
    const [left, right] = gainsAt(-1);
    expect(left).toBeCloseTo(1, 6);
    expect(right).toBe(0);
  });

  it('silences the left channel when panned hard right', () => {
    const [left, right] = gainsAt(1);
    expect(left).toBeCloseTo(0, 6);
    expect(right).toBeCloseTo(1, 6);
  });

  it('keeps the total power constant at every position', () => {
    for (let position = -1; position <= 1; position += 0.125) {
      const [left, right] = gainsAt(position);
      expect(left * left + right * right).toBeCloseTo(1, 5);
    }
  });

  it('glides to a new position without a jump', () => {
    const pan = new Pan(RATE, -1);
    const left = new Float32Array(RATE / 10).fill(1);
    const right = new Float32Array(RATE / 10).fill(1);
    runEffect(pan, left.subarray(0, 256), right.subarray(0, 256));
    pan.setPosition(1);
    runEffect(pan, left.subarray(256), right.subarray(256));
    expect(largestStep(left)).toBeLessThan(0.02);
    expect(largestStep(right)).toBeLessThan(0.02);
    expect(right[right.length - 1]).toBeCloseTo(1, 4);
  });
});
