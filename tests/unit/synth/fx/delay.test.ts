import { describe, expect, it } from 'vitest';
import { Delay } from '$workers/synth/fx/delay';
import { impulse, largestStep, peakIndex, RATE, runEffect, sine } from './signals';

const framesFor = (ms: number): number => Math.round((ms / 1000) * RATE);

describe('delay', () => {
  it('returns an impulse after exactly the delay time', () => {
    for (const ms of [1, 10, 250, 733.3]) {
      const delay = new Delay(RATE, ms, 0, 1);
      const left = impulse(framesFor(ms) + 500);
      const right = impulse(framesFor(ms) + 500);
      runEffect(delay, left, right);
      expect(Math.abs(peakIndex(left) - (ms / 1000) * RATE)).toBeLessThanOrEqual(1);
      expect(peakIndex(right)).toBe(peakIndex(left));
    }
  });

  it('holds echoes up to two seconds', () => {
    const delay = new Delay(RATE, 2000, 0, 1);
    const left = impulse(2 * RATE + 500);
    const right = impulse(2 * RATE + 500);
    runEffect(delay, left, right);
    expect(peakIndex(left)).toBe(2 * RATE);
    expect(left[2 * RATE]).toBeCloseTo(1, 5);
  });

  it('makes each echo the previous one times the feedback', () => {
    const time = framesFor(100);
    const delay = new Delay(RATE, 100, 0.6, 1);
    const left = impulse(5 * time);
    const right = impulse(5 * time);
    runEffect(delay, left, right);
    expect(left[time]).toBeCloseTo(1, 5);
    expect(left[2 * time]).toBeCloseTo(0.6, 5);
    expect(left[3 * time]).toBeCloseTo(0.36, 5);
    expect(left[4 * time]).toBeCloseTo(0.216, 5);
  });

  it('mixes the dry signal with the echoes', () => {
    const delay = new Delay(RATE, 100, 0, 0.25);
    const left = impulse(framesFor(200));
    const right = impulse(framesFor(200));
    runEffect(delay, left, right);
    expect(left[0]).toBeCloseTo(0.75, 5);
    expect(left[framesFor(100)]).toBeCloseTo(0.25, 5);
  });

  it('bounces ping-pong echoes left, right, left', () => {
    const time = framesFor(100);
    const delay = new Delay(RATE, 100, 0.5, 1, true);
    const left = impulse(4 * time);
    const right = impulse(4 * time);
    runEffect(delay, left, right);
    expect(left[time]).toBeCloseTo(1, 5);
    expect(right[time]).toBeCloseTo(0, 5);
    expect(left[2 * time]).toBeCloseTo(0, 5);
    expect(right[2 * time]).toBeCloseTo(0.5, 5);
    expect(left[3 * time]).toBeCloseTo(0.25, 5);
    expect(right[3 * time]).toBeCloseTo(0, 5);
  });

  it('keeps left and right echoes apart when not in ping-pong mode', () => {
    const time = framesFor(50);
    const delay = new Delay(RATE, 50, 0.5, 1);
    const left = impulse(3 * time);
    const right = new Float32Array(3 * time);
    runEffect(delay, left, right);
    expect(left[time]).toBeCloseTo(1, 5);
    expect(Math.max(...right.map(Math.abs))).toBe(0);
  });

  it('changes delay time while playing without a click', () => {
    const delay = new Delay(RATE, 300, 0.4, 0.5);
    const left = sine(220, 2 * RATE, 0.5);
    const right = sine(220, 2 * RATE, 0.5);
    runEffect(delay, left.subarray(0, RATE), right.subarray(0, RATE));
    const steady = largestStep(left, RATE / 2, RATE);
    delay.setTime(40);
    runEffect(delay, left.subarray(RATE), right.subarray(RATE));
    expect(largestStep(left, RATE)).toBeLessThan(steady * 1.5);
    // After the crossfade the new time is in force: a fresh impulse would come back after 40 ms.
    const probe = impulse(framesFor(60));
    const silent = new Float32Array(framesFor(60));
    delay.setFeedback(0);
    delay.setMix(1);
    delay.reset();
    delay.settle();
    runEffect(delay, probe, silent);
    expect(peakIndex(probe)).toBe(framesFor(40));
  });
});
