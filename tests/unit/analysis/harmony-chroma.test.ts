import { describe, expect, it } from 'vitest';
import { beatSynchronous } from '$workers/analysis/harmony/chroma-sequence';
import { computeChromagram } from '$workers/analysis/harmony/chromagram';
import { toneSequence, triad } from '../../fixtures/harmony-signals';

const RATE = 22050;

function meanChroma(chroma: Float32Array, fromFrame: number, toFrame: number): number[] {
  const mean = new Array<number>(12).fill(0);
  for (let f = fromFrame; f < toFrame; f++) for (let p = 0; p < 12; p++) mean[p] = (mean[p] ?? 0) + (chroma[f * 12 + p] ?? 0);
  return mean.map((v) => v / (toFrame - fromFrame));
}

function strongest(values: number[], count: number): number[] {
  return values.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, count).map(([, i]) => i).sort((a, b) => a - b);
}

describe('chroma front end', () => {
  it('puts a C major triad of harmonic tones in C, E and G', () => {
    const chroma = computeChromagram(toneSequence([{ pitches: triad(0, 'maj'), seconds: 2 }], RATE), RATE);
    expect(strongest(meanChroma(chroma.chroma, 3, 18), 3)).toEqual([0, 4, 7]);
  });

  it('estimates a band tuned 30 cents sharp and still names the notes right', () => {
    const samples = toneSequence([{ pitches: triad(2, 'min'), seconds: 3 }], RATE, { tuningCents: 30 });
    const chroma = computeChromagram(samples, RATE);
    expect(chroma.tuning.cents).toBeGreaterThan(25);
    expect(chroma.tuning.cents).toBeLessThan(35);
    expect(strongest(meanChroma(chroma.chroma, 3, 28), 3)).toEqual([2, 5, 9]);
  });

  it('gives silence zero chroma and zero energy', () => {
    const chroma = computeChromagram(new Float32Array(RATE), RATE);
    expect(Math.max(...chroma.chroma)).toBe(0);
    expect(Math.max(...chroma.energy)).toBe(0);
  });

  it('frames tile the file: frame i covers [i·hop, (i+1)·hop)', () => {
    const chroma = computeChromagram(new Float32Array(RATE * 2), RATE);
    expect(chroma.starts[1]).toBeCloseTo(chroma.layout.hop / RATE, 9);
    expect(chroma.ends[chroma.ends.length - 1]).toBeGreaterThanOrEqual(2);
  });

  it('averages frames per beat, keeping the spans before the first and after the last beat', () => {
    const samples = toneSequence([{ pitches: triad(7, 'maj'), seconds: 1 }, { pitches: triad(5, 'maj'), seconds: 1 }], RATE);
    const frames = computeChromagram(samples, RATE);
    const beats = beatSynchronous(frames, [0.5, 1, 1.5]);
    expect(Array.from(beats.starts)).toEqual([0, 0.5, 1, 1.5]);
    expect(strongest(Array.from(beats.chroma.subarray(12, 24)), 3)).toEqual([2, 7, 11]);
    expect(strongest(Array.from(beats.chroma.subarray(36, 48)), 3)).toEqual([0, 5, 9]);
  });
});
