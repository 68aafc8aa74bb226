import { describe, expect, it } from 'vitest';
import { Chorus } from '$workers/synth/fx/chorus';
import { dominantFrequency, RATE, rms, runEffect, sine } from './signals';

describe('chorus', () => {
  it('keeps a 440 Hz sine at 440 Hz', () => {
    const chorus = new Chorus(RATE, 128, 0.8, 5, 0.5);
    const left = sine(440, RATE, 0.5);
    const right = sine(440, RATE, 0.5);
    runEffect(chorus, left, right);
    expect(Math.abs(dominantFrequency(left.subarray(RATE / 10), 300, 1800) - 440)).toBeLessThanOrEqual(440 * 0.02);
  });

  it('modulates the two channels differently so the sound widens', () => {
    const chorus = new Chorus(RATE, 128, 1, 5, 0.5);
    const left = sine(440, RATE, 0.5);
    const right = sine(440, RATE, 0.5);
    runEffect(chorus, left, right);
    const difference = new Float32Array(RATE);
    for (let i = 0; i < RATE; i++) difference[i] = (left[i] as number) - (right[i] as number);
    expect(rms(difference)).toBeGreaterThan(0.05);
  });

  it('passes the signal untouched at mix 0', () => {
    const chorus = new Chorus(RATE, 128, 1, 5, 0);
    const left = sine(440, RATE / 4, 0.5);
    const right = sine(440, RATE / 4, 0.5);
    runEffect(chorus, left, right);
    expect(Array.from(left)).toEqual(Array.from(sine(440, RATE / 4, 0.5)));
  });

  it('sweeps the delayed copy so the wet signal drifts against the dry one', () => {
    const chorus = new Chorus(RATE, 128, 2, 8, 1);
    const left = sine(440, RATE, 0.5);
    const right = sine(440, RATE, 0.5);
    runEffect(chorus, left, right);
    // With a fixed delay the wet-minus-dry difference would be constant; a moving delay makes it rise and fall.
    const dry = sine(440, RATE, 0.5);
    const windowRms: number[] = [];
    for (let start = RATE / 10; start + 2400 <= RATE; start += 2400) {
      const diff = new Float32Array(2400);
      for (let i = 0; i < 2400; i++) diff[i] = (left[start + i] as number) - (dry[start + i] as number);
      windowRms.push(rms(diff));
    }
    expect(Math.max(...windowRms) - Math.min(...windowRms)).toBeGreaterThan(0.2);
  });
});
