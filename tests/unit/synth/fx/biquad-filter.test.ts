import { describe, expect, it } from 'vitest';
import { BiquadFilter } from '$workers/synth/fx/biquad-filter';
import { FilterType } from '$workers/synth/fx/fx-params';
import { largestStep, RATE, rms, runEffect, sine, toDb } from './signals';

/** Gain in dB of the filter for a steady sine, measured after the filter has settled. */
function gainDbAt(filter: BiquadFilter, frequency: number): number {
  const frames = RATE;
  const left = sine(frequency, frames);
  const right = sine(frequency, frames);
  runEffect(filter, left, right);
  const settledFrom = frames / 2;
  return toDb(rms(left, settledFrom) / rms(sine(frequency, frames), settledFrom));
}

/** |H(e^jw)| of the RBJ cookbook biquad, straight from the cookbook's formulas. */
function cookbookGainDb(type: FilterType, cutoff: number, q: number, frequency: number): number {
  const w0 = (2 * Math.PI * cutoff) / RATE;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const b =
    type === FilterType.Lowpass
      ? [(1 - cos) / 2, 1 - cos, (1 - cos) / 2]
      : type === FilterType.Highpass
        ? [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2]
        : [alpha, 0, -alpha];
  const a = [1 + alpha, -2 * cos, 1 - alpha];
  const w = (2 * Math.PI * frequency) / RATE;
  const evaluate = (c: number[]): number => {
    const re = (c[0] as number) + (c[1] as number) * Math.cos(w) + (c[2] as number) * Math.cos(2 * w);
    const im = -(c[1] as number) * Math.sin(w) - (c[2] as number) * Math.sin(2 * w);
    return Math.hypot(re, im);
  };
  return toDb(evaluate(b) / evaluate(a));
}

describe('resonant filter', () => {
  it.each([
    ['low-pass', FilterType.Lowpass],
    ['high-pass', FilterType.Highpass],
    ['band-pass', FilterType.Bandpass]
  ] as const)('%s matches the RBJ cookbook response across the band', (_name, type) => {
    for (const frequency of [100, 400, 1000, 2500, 8000]) {
      const measured = gainDbAt(new BiquadFilter(RATE, type, 1000, 2), frequency);
      expect(measured).toBeCloseTo(cookbookGainDb(type, 1000, 2, frequency), 1);
    }
  });

  it('low-pass at Q 0.707 is 3 dB down at its cutoff', () => {
    expect(gainDbAt(new BiquadFilter(RATE, FilterType.Lowpass, 1000, 0.707), 1000)).toBeCloseTo(-3.01, 1);
  });

  it('high-pass at Q 0.707 is 3 dB down at its cutoff', () => {
    expect(gainDbAt(new BiquadFilter(RATE, FilterType.Highpass, 1000, 0.707), 1000)).toBeCloseTo(-3.01, 1);
  });

  it('low-pass keeps the bass and cuts the treble', () => {
    expect(gainDbAt(new BiquadFilter(RATE, FilterType.Lowpass, 1000, 0.707), 100)).toBeGreaterThan(-0.1);
    expect(gainDbAt(new BiquadFilter(RATE, FilterType.Lowpass, 1000, 0.707), 8000)).toBeLessThan(-34);
  });

  it('high-pass keeps the treble and cuts the bass', () => {
    expect(gainDbAt(new BiquadFilter(RATE, FilterType.Highpass, 1000, 0.707), 8000)).toBeGreaterThan(-0.1);
    expect(gainDbAt(new BiquadFilter(RATE, FilterType.Highpass, 1000, 0.707), 100)).toBeLessThan(-38);
  });

  it('band-pass peaks at unity gain at its centre frequency', () => {
    const centre = gainDbAt(new BiquadFilter(RATE, FilterType.Bandpass, 1500, 4), 1500);
    const below = gainDbAt(new BiquadFilter(RATE, FilterType.Bandpass, 1500, 4), 1000);
    const above = gainDbAt(new BiquadFilter(RATE, FilterType.Bandpass, 1500, 4), 2250);
    expect(centre).toBeCloseTo(0, 1);
    expect(below).toBeLessThan(centre - 6);
    expect(above).toBeLessThan(centre - 6);
  });

  it('resonance boosts the cutoff frequency by Q', () => {
    expect(gainDbAt(new BiquadFilter(RATE, FilterType.Lowpass, 1000, 8), 1000)).toBeCloseTo(toDb(8), 1);
  });

  it('glides to a new cutoff instead of jumping', () => {
    const filter = new BiquadFilter(RATE, FilterType.Lowpass, 20000, 0.707);
    const left = sine(200, RATE / 2, 0.5);
    const right = sine(200, RATE / 2, 0.5);
    runEffect(filter, left.subarray(0, RATE / 4), right.subarray(0, RATE / 4));
    filter.setCutoff(150);
    runEffect(filter, left.subarray(RATE / 4), right.subarray(RATE / 4));
    // A 200 Hz sine at 0.5 moves at most 0.013 per sample; the glide adds little to that.
    expect(largestStep(left)).toBeLessThan(0.02);
  });

  it('switching the filter type mid-note does not click', () => {
    const filter = new BiquadFilter(RATE, FilterType.Lowpass, 400, 2);
    const left = sine(300, RATE / 2, 0.5);
    const right = sine(300, RATE / 2, 0.5);
    runEffect(filter, left.subarray(0, RATE / 4), right.subarray(0, RATE / 4));
    const beforeSwitch = largestStep(left, RATE / 8, RATE / 4);
    filter.setType(FilterType.Highpass);
    runEffect(filter, left.subarray(RATE / 4), right.subarray(RATE / 4));
    expect(largestStep(left, RATE / 4 - 1)).toBeLessThan(beforeSwitch * 1.5);
  });
});
