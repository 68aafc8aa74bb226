import { describe, expect, it } from 'vitest';
import { majMinRecall, parseChord } from '$workers/analysis/harmony-metrics/chord-recall';
import { mirexKeyScore, parseKey } from '$workers/analysis/harmony-metrics/key-score';

describe('MIREX key weighted score', () => {
  it.each([
    ['C major', 'C major', 1],
    ['C major', 'G major', 0.5],
    ['C major', 'F major', 0], // a fifth below is not credited (mir_eval: estimate a fifth above only)
    ['A minor', 'E minor', 0.5],
    ['C major', 'A minor', 0.3],
    ['A minor', 'C major', 0.3],
    ['C major', 'C minor', 0.2],
    ['C# major', 'Db major', 1],
    ['C major', 'D major', 0]
  ])('scores reference %s against estimate %s as %f', (reference, estimate, score) => {
    expect(mirexKeyScore(reference, estimate)).toBe(score);
  });

  it('refuses a label that is not a key', () => {
    expect(() => parseKey('H dorian')).toThrow(/is not a key/);
  });
});

describe('MajMin chord recall', () => {
  const reference = [
    { start: 0, end: 2, label: 'C' },
    { start: 2, end: 4, label: 'A:min' },
    { start: 4, end: 6, label: 'G:sus4' }
  ];

  it('weights by duration and treats a seventh as its triad', () => {
    const estimate = [
      { start: 0, end: 1.5, label: 'C:7' },
      { start: 1.5, end: 2, label: 'E:min' },
      { start: 2, end: 4, label: 'A:min7' }
    ];
    expect(majMinRecall(reference, estimate)).toBeCloseTo(3.5 / 4, 9);
  });

  it('leaves out-of-gamut reference chords out of the denominator', () => {
    expect(majMinRecall(reference, [{ start: 0, end: 6, label: 'C' }])).toBeCloseTo(0.5, 9);
  });

  it('counts reference time with no estimate as wrong and matches N only with N', () => {
    const withSilence = [{ start: 0, end: 1, label: 'N' }, ...reference.slice(0, 1).map((s) => ({ ...s, start: 1, end: 3 }))];
    expect(majMinRecall(withSilence, [{ start: 0, end: 1, label: 'N' }])).toBeCloseTo(1 / 3, 9);
    expect(majMinRecall([{ start: 0, end: 1, label: 'N' }], [{ start: 0, end: 1, label: 'C' }])).toBe(0);
  });

  it('reads enharmonic roots alike', () => {
    expect(parseChord('Db:min')).toEqual(parseChord('C#:min'));
  });
});
