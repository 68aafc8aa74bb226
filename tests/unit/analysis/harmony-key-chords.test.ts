import { describe, expect, it } from 'vitest';
import { chordVocabulary } from '$workers/analysis/harmony/chord-vocabulary';
import { viterbiSelfTransition } from '$workers/analysis/harmony/chord-viterbi';
import { estimateChords } from '$workers/analysis/harmony/chords';
import { computeChromagram } from '$workers/analysis/harmony/chromagram';
import { estimateKey } from '$workers/analysis/harmony/key';
import { majMinRecall } from '$workers/analysis/harmony-metrics/chord-recall';
import { toneSequence, triad, type ToneSpan } from '../../fixtures/harmony-signals';

const RATE = 22050;

function progression(chords: readonly (readonly [number, 'maj' | 'min'])[], seconds: number): ToneSpan[] {
  return chords.map(([root, quality]) => ({ pitches: triad(root, quality), seconds }));
}

describe('key from chroma', () => {
  it('finds C major in a I–IV–V–I cadence and reports a runner-up', () => {
    const chroma = computeChromagram(toneSequence(progression([[0, 'maj'], [5, 'maj'], [7, 'maj'], [0, 'maj']], 1.5), RATE), RATE);
    const key = estimateKey(chroma);
    expect(key.label).toBe('C major');
    expect(key.runnerUp.label).not.toBe('C major');
    expect(key.confidence).toBeGreaterThan(0.5);
  });

  it('finds A minor when the dominant has its leading tone (i–iv–V–i)', () => {
    const chroma = computeChromagram(toneSequence(progression([[9, 'min'], [2, 'min'], [4, 'maj'], [9, 'min']], 1.5), RATE), RATE);
    expect(estimateKey(chroma).label).toBe('A minor');
  });

  it('has zero confidence in silence', () => {
    expect(estimateKey(computeChromagram(new Float32Array(RATE), RATE)).confidence).toBe(0);
  });
});

describe('chords', () => {
  it('labels a I–V–vi–IV progression in D with MajMin labels', () => {
    const spans = progression([[2, 'maj'], [9, 'maj'], [11, 'min'], [7, 'maj']], 2);
    const chords = estimateChords(computeChromagram(toneSequence(spans, RATE, { noise: 0.02 }), RATE));
    const reference = ['D', 'A', 'B:min', 'G'].map((label, i) => ({ start: 2 * i, end: 2 * i + 2, label }));
    expect(chords.map((c) => c.label)).toEqual(['D', 'A', 'B:min', 'G']);
    expect(majMinRecall(reference, chords)).toBeGreaterThan(0.9);
    for (const c of chords) expect(c.confidence).toBeGreaterThan(0.3);
  });

  it('reports a dominant seventh as its major triad', () => {
    const chords = estimateChords(computeChromagram(toneSequence([{ pitches: [43, 55, 59, 62, 65], seconds: 2 }], RATE), RATE));
    expect(chords.map((c) => c.label)).toEqual(['G']);
  });

  it('calls silence N', () => {
    const samples = new Float32Array(RATE * 4);
    samples.set(toneSequence([{ pitches: triad(0, 'maj'), seconds: 2 }], RATE), RATE * 2);
    const chords = estimateChords(computeChromagram(samples, RATE));
    expect(chords.map((c) => c.label)).toEqual(['N', 'C']);
    expect(chords[0]?.end).toBeCloseTo(2, 0);
  });

  it('absorbs segments shorter than the minimum into a neighbour', () => {
    const spans: ToneSpan[] = [{ pitches: triad(0, 'maj'), seconds: 2 }, { pitches: triad(2, 'min'), seconds: 0.25 }, { pitches: triad(0, 'maj'), seconds: 2 }];
    const chords = estimateChords(computeChromagram(toneSequence(spans, RATE), RATE), { expectedChordSeconds: 0.3, minSegmentSeconds: 1 });
    expect(chords.map((c) => c.label)).toEqual(['C']);
  });

  it('vocabulary: N, then 12 roots per quality, sevenths mapped to MajMin', () => {
    const states = chordVocabulary();
    expect(states).toHaveLength(61);
    expect(states.filter((s) => s.quality === 'min7' && s.root === 9)[0]?.label).toBe('A:min');
    expect(chordVocabulary({ sevenths: false })).toHaveLength(25);
  });
});

describe('self-transition Viterbi', () => {
  it('stays on a state through a one-step blip and follows a lasting change', () => {
    // Two states; state 1 is slightly likelier at step 2 only, then clearly from step 5 on.
    const emission = Float32Array.from([0, -3, 0, -3, -0.5, 0, 0, -3, 0, -3, -3, 0, -3, 0, -3, 0]);
    expect(Array.from(viterbiSelfTransition(emission, 8, 2, 0.9).path)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
  });
});
