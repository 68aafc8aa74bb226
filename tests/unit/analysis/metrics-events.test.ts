import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beatScores, countMatches, eventScores, onsetScores } from '$workers/analysis/metrics/event-matching';
import { signalToDistortion } from '$workers/analysis/metrics/sdr';

/** Maximum bipartite matching by augmenting paths (Kuhn), the slow reference for the greedy matcher. */
function bruteForceMatches(reference: number[], estimate: number[], tolerance: number): number {
  const owner = new Array<number>(estimate.length).fill(-1);
  const augment = (r: number, seen: boolean[]): boolean => {
    for (let e = 0; e < estimate.length; e++) {
      if (seen[e] || Math.abs((reference[r] as number) - (estimate[e] as number)) > tolerance) continue;
      seen[e] = true;
      if (owner[e] === -1 || augment(owner[e] as number, seen)) {
        owner[e] = r;
        return true;
      }
    }
    return false;
  };
  let count = 0;
  for (let r = 0; r < reference.length; r++) if (augment(r, new Array<boolean>(estimate.length).fill(false))) count++;
  return count;
}

describe('event matching', () => {
  it('finds the largest one-to-one matching, like an exhaustive matcher', () => {
    const times = fc.array(fc.integer({ min: 0, max: 200 }).map((n) => n / 100), { maxLength: 12 });
    fc.assert(
      fc.property(times, times, fc.integer({ min: 1, max: 30 }).map((n) => n / 100), (reference, estimate, tolerance) => {
        expect(countMatches(reference, estimate, tolerance)).toBe(bruteForceMatches(reference, estimate, tolerance));
      }),
      { numRuns: 300 }
    );
  });

  it('lets one estimate match only one reference', () => {
    expect(eventScores([1.0, 1.02], [1.01], 0.05)).toEqual({ precision: 1, recall: 0.5, fMeasure: 2 / 3, matches: 1 });
  });

  it('scores onsets at ±50 ms', () => {
    expect(onsetScores([1, 2, 3], [1.049, 2.051, 3]).matches).toBe(2);
  });

  it('scores beats at ±70 ms and ignores the first five seconds', () => {
    const reference = [1, 2, 3, 4, 5, 6, 7, 8];
    const estimate = [1.5, 2.5, 5.06, 6.08, 7, 8];
    const scores = beatScores(reference, estimate);
    expect(scores.matches).toBe(3);
    expect(scores.precision).toBe(0.75);
    expect(scores.recall).toBe(0.75);
  });

  it('gives 0, not NaN, when either list is empty', () => {
    expect(eventScores([], [1], 0.05).fMeasure).toBe(0);
    expect(eventScores([1], [], 0.05).fMeasure).toBe(0);
  });
});

describe('SDR', () => {
  it('is 20 dB for an estimate with a tenth of the reference amplitude as error', () => {
    const reference = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const estimate = reference.map((x) => x * 0.9);
    expect(signalToDistortion(reference, estimate)).toBeCloseTo(20, 5);
  });

  it('is very large but finite for a perfect estimate, so averages stay numbers', () => {
    const reference = Float32Array.from({ length: 10 }, (_, i) => i);
    const value = signalToDistortion(reference, reference.slice());
    expect(value).toBeGreaterThan(200);
    expect(Number.isFinite(value)).toBe(true);
  });
});
