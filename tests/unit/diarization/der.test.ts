import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diarizationErrorRate, type LabelledSegment } from '../../../workers/diarization/metrics/der.ts';
import { maximumAssignment } from '../../../workers/diarization/metrics/hungarian.ts';

const seg = (start: number, end: number, speaker: string): LabelledSegment => ({ start, end, speaker });
const reference = [seg(0, 10, 'A'), seg(12, 20, 'B'), seg(22, 30, 'A')];

describe('diarization error rate', () => {
  it('is 0 for a perfect hypothesis', () => {
    expect(diarizationErrorRate(reference, reference, { collar: 0 }).der).toBe(0);
  });

  it('is 1 when every word is missed', () => {
    const report = diarizationErrorRate(reference, [], { collar: 0 });
    expect(report.der).toBeCloseTo(1, 6);
    expect(report.missed).toBeCloseTo(26, 1);
  });

  it('is 0 when the labels are merely swapped (the mapping finds them)', () => {
    const swapped = reference.map((s) => ({ ...s, speaker: s.speaker === 'A' ? 'spk2' : 'spk1' }));
    const report = diarizationErrorRate(reference, swapped, { collar: 0 });
    expect(report.der).toBe(0);
    expect(report.mapping.get('spk2')).toBe('A');
  });

  it('counts speech given to the wrong speaker as confusion', () => {
    const hypothesis = [seg(0, 10, 'A'), seg(12, 20, 'A'), seg(22, 30, 'A')];
    const report = diarizationErrorRate(reference, hypothesis, { collar: 0 });
    expect(report.confusion).toBeCloseTo(8, 1);
    expect(report.der).toBeCloseTo(8 / 26, 2);
    expect(report.speakerCountError).toBe(-1);
  });

  it('counts speech in silence as false alarm', () => {
    const report = diarizationErrorRate(reference, [...reference, seg(10, 12, 'A')], { collar: 0 });
    expect(report.falseAlarm).toBeCloseTo(2, 1);
    expect(report.der).toBeCloseTo(2 / 26, 2);
  });

  it('does not score boundary errors inside the collar', () => {
    const late = reference.map((s) => ({ ...s, start: s.start + 0.2, end: s.end + 0.2 }));
    expect(diarizationErrorRate(reference, late, { collar: 0 }).der).toBeGreaterThan(0.01);
    expect(diarizationErrorRate(reference, late, { collar: 0.25 }).der).toBe(0);
  });

  it('scores overlapped reference speech once per speaker, unless overlap is skipped', () => {
    const overlapped = [seg(0, 10, 'A'), seg(8, 12, 'B')];
    const oneVoice = [seg(0, 10, 'x'), seg(10, 12, 'y')];
    const scored = diarizationErrorRate(overlapped, oneVoice, { collar: 0 });
    expect(scored.missed).toBeCloseTo(2, 1);
    expect(diarizationErrorRate(overlapped, oneVoice, { collar: 0, skipOverlap: true }).der).toBe(0);
  });

  it('is infinite, not NaN, when there is no reference speech but the hypothesis has some', () => {
    expect(diarizationErrorRate([], [seg(0, 1, 'A')], { collar: 0 }).der).toBe(Infinity);
    expect(diarizationErrorRate([], [], { collar: 0 }).der).toBe(0);
  });
});

const segments = fc
  .array(fc.record({ start: fc.integer({ min: 0, max: 400 }), length: fc.integer({ min: 1, max: 100 }), speaker: fc.constantFrom('a', 'b', 'c', 'd') }), {
    maxLength: 12
  })
  .map((list) => list.map((s) => seg(s.start / 10, (s.start + s.length) / 10, s.speaker)));

describe('diarization error rate properties', () => {
  it('is never negative', () => {
    fc.assert(fc.property(segments, segments, fc.constantFrom(0, 0.25), (ref, hyp, collar) => diarizationErrorRate(ref, hyp, { collar }).der >= 0));
  });

  it('is 0 for a hypothesis identical to the reference', () => {
    fc.assert(fc.property(segments, (ref) => diarizationErrorRate(ref, ref, { collar: 0 }).der === 0));
  });

  it('does not change when the hypothesis speakers are renamed', () => {
    fc.assert(
      fc.property(segments, segments, (ref, hyp) => {
        const renamed = hyp.map((s) => ({ ...s, speaker: `renamed-${s.speaker.toUpperCase()}` }));
        const before = diarizationErrorRate(ref, hyp, { collar: 0 }).der;
        const after = diarizationErrorRate(ref, renamed, { collar: 0 }).der;
        return before === after || Math.abs(before - after) < 1e-12;
      })
    );
  });
});

describe('optimal speaker assignment', () => {
  it('picks the assignment with the largest total, not the greedy one', () => {
    // Greedy takes 9 (row 0 → col 0) and is left with 1; the optimum is 8 + 7.
    expect(Array.from(maximumAssignment([[9, 8], [7, 1]]))).toEqual([1, 0]);
  });

  it('leaves extra rows unassigned when there are fewer columns', () => {
    expect(Array.from(maximumAssignment([[1], [5], [2]]))).toEqual([-1, 0, -1]);
  });

  it('matches brute force on small random matrices', () => {
    const matrix = fc.integer({ min: 1, max: 4 }).chain((rows) =>
      fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 3, maxLength: 3 }), { minLength: rows, maxLength: rows })
    );
    fc.assert(
      fc.property(matrix, (gain) => {
        const assigned = maximumAssignment(gain);
        const total = Array.from(assigned).reduce((sum, c, r) => sum + (c >= 0 ? (gain[r]?.[c] ?? 0) : 0), 0);
        return total === bruteForceBest(gain, 0, new Set());
      })
    );
  });
});

function bruteForceBest(gain: number[][], row: number, used: Set<number>): number {
  if (row >= gain.length) return 0;
  let best = bruteForceBest(gain, row + 1, used);
  (gain[row] ?? []).forEach((value, column) => {
    if (used.has(column)) return;
    used.add(column);
    best = Math.max(best, value + bruteForceBest(gain, row + 1, used));
    used.delete(column);
  });
  return best;
}
