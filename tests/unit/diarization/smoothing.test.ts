import { describe, expect, it } from 'vitest';
import { markCutIns, smoothRegion, viterbiPath, type ScoredStep, type SmoothingOptions } from '../../../workers/diarization/turn-smoothing.ts';

const options: SmoothingOptions = { changePenalty: 1, minTurnSeconds: 0.6, temperature: 0.1, overlapMargin: 0.05, overlapMinScore: 0.5 };
/** One 0.2 s step per pair of similarities to speakers 0 and 1. */
const steps = (scores: [number, number][]): ScoredStep[] =>
  scores.map(([a, b], i) => ({ start: i * 0.2, end: (i + 1) * 0.2, scores: Float32Array.from([a, b]) }));

describe('turn smoothing', () => {
  it('does not flicker to another speaker for one ambiguous step', () => {
    const path = viterbiPath(steps([[0.8, 0.1], [0.8, 0.1], [0.3, 0.5], [0.8, 0.1], [0.8, 0.1]]), 1);
    expect(Array.from(path)).toEqual([0, 0, 0, 0, 0]);
  });

  it('changes speaker when the evidence outweighs the change penalty', () => {
    const path = viterbiPath(steps([[0.9, 0.1], [0.9, 0.1], [0.1, 0.9], [0.1, 0.9], [0.1, 0.9], [0.1, 0.9]]), 1);
    expect(Array.from(path)).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it('absorbs a turn shorter than the minimum into its neighbours', () => {
    const runs = smoothRegion(steps([[0.9, 0], [0.9, 0], [0.9, 0], [0, 0.9], [0, 0.9], [0.9, 0], [0.9, 0], [0.9, 0]]), { ...options, changePenalty: 0 });
    expect(runs.map((r) => r.speaker)).toEqual([0]);
  });

  it('marks a stretch where two speakers score alike as overlap with low confidence', () => {
    const runs = smoothRegion(steps([[0.8, 0.78], [0.8, 0.79], [0.81, 0.8], [0.8, 0.77]]), options);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.overlap).toBe(true);
    expect(runs[0]?.confidence).toBeLessThanOrEqual(0.3);
  });

  it('splits out only the ambiguous stretch of a turn, and ignores a single ambiguous step', () => {
    const runs = smoothRegion(steps([[0.9, 0], [0.9, 0], [0.8, 0.78], [0.8, 0.79], [0.9, 0], [0.8, 0.79], [0.9, 0]]), options);
    expect(runs.map((r) => [r.speaker, r.overlap])).toEqual([
      [0, false],
      [0, true],
      [0, false]
    ]);
    expect(runs[1]?.start).toBeCloseTo(0.4, 9);
    expect(runs[1]?.end).toBeCloseTo(0.8, 9);
  });

  it('is confident about a clear single speaker', () => {
    const runs = smoothRegion(steps([[0.9, -0.5], [0.9, -0.4], [0.85, -0.5]]), options);
    expect(runs[0]?.confidence).toBeGreaterThan(0.99);
    expect(runs[0]?.overlap).toBe(false);
  });
});

describe('cut-ins', () => {
  const run = (start: number, end: number, speaker: number) => ({ start, end, speaker, confidence: 0.9, overlap: false });

  it('marks the stretch around a change of speaker with no pause as overlap, keeping the labels', () => {
    const marked = markCutIns([run(0, 3, 0), run(3, 5, 1)], 0.3);
    expect(marked.map((r) => [r.start, r.end, r.speaker, r.overlap])).toEqual([
      [0, 2.7, 0, false],
      [2.7, 3, 0, true],
      [3, 3.3, 1, true],
      [3.3, 5, 1, false]
    ]);
    expect(marked.filter((r) => r.overlap).every((r) => r.confidence <= 0.3)).toBe(true);
  });

  it('leaves changes after a pause, and runs of one speaker, alone', () => {
    const runs = [run(0, 2, 0), run(2.4, 4, 1), run(4, 6, 1)];
    expect(markCutIns(runs, 0.3)).toEqual(runs);
  });

  it('never takes more than half of a short turn', () => {
    const marked = markCutIns([run(0, 0.2, 0), run(0.2, 2, 1)], 0.3);
    expect(marked[0]).toMatchObject({ start: 0, end: 0.1, overlap: false });
    expect(marked[1]).toMatchObject({ start: 0.1, end: 0.2, overlap: true });
  });
});
