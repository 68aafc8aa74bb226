import { describe, expect, it } from 'vitest';
import { isHot, METER_STEPS, meterStep, stepDb } from '$lib/panels/piano/meter-reading';

describe('level meter reading', () => {
  it('maps 0 dBFS to a full bar, −60 dBFS and silence to an empty one, 1 dB per step', () => {
    expect(meterStep(1)).toBe(METER_STEPS);
    expect(meterStep(2)).toBe(METER_STEPS);
    expect(meterStep(0.001)).toBe(0);
    expect(meterStep(0)).toBe(0);
    expect(meterStep(Number.NaN)).toBe(0);
    expect(meterStep(10 ** (-12 / 20))).toBe(METER_STEPS - 12);
    expect(stepDb(meterStep(10 ** (-12 / 20)))).toBe(-12);
    expect(stepDb(0)).toBe(-60);
  });

  it('keeps a steady sound on one step: a wobble of a few tenths of a dB draws nothing new', () => {
    const steps = new Set([-6.3, -6.2, -6.1, -6.0, -5.9, -5.8, -5.7].map((db) => meterStep(10 ** (db / 20))));
    expect(steps.size).toBeLessThanOrEqual(2);
  });

  it('shows a peak at or near full scale as clipping', () => {
    expect(isHot(0.99)).toBe(true);
    expect(isHot(0.9)).toBe(false);
  });
});
