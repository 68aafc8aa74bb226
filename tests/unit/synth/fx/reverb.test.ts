import { describe, expect, it } from 'vitest';
import { Reverb } from '$workers/synth/fx/reverb';
import { impulse, RATE, rms, runEffect } from './signals';

/** The reverb's wet response to an impulse on both channels, `seconds` long. */
function impulseResponse(size: number, damping: number, seconds = 4, sampleRate = RATE): [Float32Array, Float32Array] {
  const reverb = new Reverb(sampleRate, 128, size, damping, 1);
  const frames = Math.round(seconds * sampleRate);
  const left = impulse(frames);
  const right = impulse(frames);
  runEffect(reverb, left, right);
  return [left, right];
}

/** Seconds until the tail's 50 ms RMS envelope falls 60 dB below its loudest window. */
function decayTime(response: Float32Array, sampleRate = RATE): number {
  const window = Math.round(0.05 * sampleRate);
  const envelope: number[] = [];
  for (let start = 0; start + window <= response.length; start += window) envelope.push(rms(response, start, start + window));
  const loudest = Math.max(...envelope);
  let last = 0;
  envelope.forEach((level, index) => {
    if (level > loudest / 1000) last = index;
  });
  return ((last + 1) * window) / sampleRate;
}

describe('reverb', () => {
  it('answers an impulse with a decaying tail', () => {
    const [left] = impulseResponse(0.5, 0.5);
    const early = rms(left, 0.1 * RATE, 0.3 * RATE);
    const middle = rms(left, 0.3 * RATE, 0.5 * RATE);
    const late = rms(left, 0.5 * RATE, 0.7 * RATE);
    expect(early).toBeGreaterThan(1e-4);
    expect(middle).toBeLessThan(early);
    expect(late).toBeLessThan(middle);
    expect(rms(left, 3.5 * RATE)).toBeLessThan(early / 1000);
  });

  it('rings longer in a bigger room', () => {
    const small = decayTime(impulseResponse(0.2, 0.5)[0]);
    const large = decayTime(impulseResponse(0.9, 0.5, 8)[0]);
    expect(large).toBeGreaterThan(small * 2);
  });

  it('has a quieter tail with more damping', () => {
    const bright = impulseResponse(0.7, 0.1)[0];
    const dark = impulseResponse(0.7, 0.9)[0];
    expect(rms(dark, 0.3 * RATE, 1.5 * RATE)).toBeLessThan(rms(bright, 0.3 * RATE, 1.5 * RATE) * 0.7);
  });

  it('spreads the tail across left and right', () => {
    const [left, right] = impulseResponse(0.5, 0.5);
    let correlation = 0;
    for (let i = 0; i < left.length; i++) correlation += (left[i] as number) * (right[i] as number);
    correlation /= rms(left) * rms(right) * left.length;
    expect(Math.abs(correlation)).toBeLessThan(0.5);
  });

  it('keeps the same decay time at 96 kHz as at 44.1 kHz', () => {
    const at44 = decayTime(impulseResponse(0.6, 0.5, 4, 44100)[0], 44100);
    const at96 = decayTime(impulseResponse(0.6, 0.5, 4, 96000)[0], 96000);
    expect(Math.abs(at96 - at44) / at44).toBeLessThan(0.1);
  });

  it('is silent again after reset', () => {
    const reverb = new Reverb(RATE, 128, 0.8, 0.2, 1);
    const left = impulse(RATE / 2);
    const right = impulse(RATE / 2);
    runEffect(reverb, left, right);
    reverb.reset();
    const afterLeft = new Float32Array(RATE);
    const afterRight = new Float32Array(RATE);
    runEffect(reverb, afterLeft, afterRight);
    expect(rms(afterLeft)).toBe(0);
    expect(rms(afterRight)).toBe(0);
  });

  it('rings out fully, then returns exact digital silence once the tail is below -140 dB', () => {
    const [left, right] = impulseResponse(0.9, 0.2, 30);
    // Still audible long after the impulse (a big room rings for seconds)…
    expect(rms(left, 2 * RATE, 3 * RATE)).toBeGreaterThan(1e-4);
    // …and in the end exactly zero, not a denormal-slow crawl towards it.
    expect(rms(left, 28 * RATE, 30 * RATE)).toBe(0);
    expect(rms(right, 28 * RATE, 30 * RATE)).toBe(0);
    // Where it stops, it had already fallen below -140 dBFS.
    const firstZero = left.findIndex((_, i) => i > RATE && left.subarray(i, i + 4800).every((x) => x === 0));
    expect(firstZero).toBeGreaterThan(0);
    expect(Math.max(...left.subarray(firstZero - 4800, firstZero).map(Math.abs))).toBeLessThan(2e-7);
  });
});
