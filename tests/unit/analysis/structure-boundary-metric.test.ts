import { describe, expect, it } from 'vitest';
import { adjustToSpan, boundariesOf, boundaryDetection } from '$workers/analysis/harmony-metrics/boundary-detection';

describe('section boundary detection F-measure', () => {
  const reference = boundariesOf([
    [0, 10],
    [10, 20],
    [20, 30]
  ]);

  it('takes boundaries from interval edges, start and end included', () => {
    expect(reference).toEqual([0, 10, 20, 30]);
  });

  it('hits within the window only', () => {
    const estimate = [0, 10.4, 21, 30];
    expect(boundaryDetection(reference, estimate, 0.5)).toMatchObject({ hits: 3, precision: 0.75, recall: 0.75 });
    expect(boundaryDetection(reference, estimate, 3).f).toBe(1);
  });

  it('uses each boundary once, with a maximum matching rather than greedy pairs', () => {
    // Greedy nearest-first would pair 10→9.9 and leave 12.4 unmatched to 12; the maximum matching finds both.
    const ref = [10, 12];
    const est = [9.9, 12.4, 10.2];
    expect(boundaryDetection(ref, est, 3).hits).toBe(2);
    expect(boundaryDetection([10], [9, 11], 3)).toMatchObject({ hits: 1, precision: 0.5, recall: 1 });
  });

  it('trims an estimate to the reference span, as mir_eval evaluate does', () => {
    expect(adjustToSpan([0, 12, 31, 33], 30)).toEqual([0, 12, 30]);
  });

  it('scores an empty estimate as zero', () => {
    expect(boundaryDetection(reference, [], 3)).toMatchObject({ f: 0, precision: 0, recall: 0 });
  });
});
