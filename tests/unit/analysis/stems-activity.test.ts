import { describe, expect, it } from 'vitest';
import { StemActivityMeter } from '$workers/analysis/stems/stem-activity';
import { DspStemSeparator } from '$workers/analysis/stems/stem-separator';
import { seededRandom } from '../../fixtures/analysis-signals';

const RATE = 22050;

describe('stem activity', () => {
  it('shows the drums entering halfway while the chords play throughout', () => {
    const seconds = 8;
    const mix = new Float32Array(seconds * RATE);
    const random = seededRandom(2);
    for (let i = 0; i < mix.length; i++) mix[i] = 0.2 * Math.sin((2 * Math.PI * 330 * i) / RATE) + 0.1 * Math.sin((2 * Math.PI * 495 * i) / RATE);
    for (let hit = 4.125; hit < seconds; hit += 0.25) {
      const start = Math.round(hit * RATE);
      for (let i = 0; i < 0.05 * RATE; i++) mix[start + i] = (mix[start + i] as number) + (random() * 2 - 1) * Math.exp(-i / (0.01 * RATE));
    }
    const separator = new DspStemSeparator(RATE, 1);
    const meter = new StemActivityMeter(RATE);
    for (let at = 0; at < mix.length; at += 10_000) meter.push(separator.push([mix.subarray(at, at + 10_000)]));
    meter.push(separator.flush());
    const activity = meter.finish();
    expect(activity.levels.percussive.length).toBe(16);
    // Windows 0-6 (0-3.5 s) silent drums, 9-15 (4.5-8 s) drums playing; the window at the entry may go either way.
    expect(Array.from(activity.active.percussive.subarray(0, 7))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(activity.active.percussive.subarray(9))).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(activity.active.harmonic).every((value) => value === 1)).toBe(true);
  });
});
