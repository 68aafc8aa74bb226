import { describe, expect, it } from 'vitest';
import type { ChromaSequence } from '$workers/analysis/harmony/chroma-sequence';
import { blendChroma, noteChroma } from '$workers/analysis/harmony/note-chroma';

/** `count` one-second spans with a flat chroma (all pitch classes alike) and full energy. */
function flatSpans(count: number): ChromaSequence {
  return {
    starts: Float64Array.from({ length: count }, (_, i) => i),
    ends: Float64Array.from({ length: count }, (_, i) => i + 1),
    chroma: new Float32Array(count * 12).fill(1 / Math.sqrt(12)),
    energy: new Float32Array(count).fill(1)
  };
}

const row = (sequence: ChromaSequence, span: number) => Array.from(sequence.chroma.subarray(span * 12, span * 12 + 12));

describe('note chroma', () => {
  it('weights each pitch class by how long its notes sound in a span × their confidence', () => {
    const notes = [
      { start: 0, duration: 1, pitch: 60, confidence: 1 },
      { start: 0.5, duration: 1, pitch: 67, confidence: 1 },
      { start: 1.5, duration: 0.5, pitch: 76, confidence: 0.6 }
    ];
    const chroma = noteChroma(notes, flatSpans(3));
    const first = row(chroma, 0);
    // C for the whole span, G for half of it: 1 : 0.5, unit norm.
    expect(first[0]! / first[7]!).toBeCloseTo(2, 5);
    const second = row(chroma, 1);
    expect(second[7]! / second[4]!).toBeCloseTo(0.5 / (0.5 * 0.6), 5);
    expect(row(chroma, 2).every((value) => value === 0)).toBe(true);
  });

  it('leaves out notes under the confidence floor', () => {
    const chroma = noteChroma([{ start: 0, duration: 1, pitch: 62, confidence: 0.1 }], flatSpans(1));
    expect(row(chroma, 0).every((value) => value === 0)).toBe(true);
  });

  it('blends: weight 0 is the audio, spans without notes keep the audio chroma, weight 1 is the notes', () => {
    const audio = flatSpans(2);
    const notes = noteChroma([{ start: 0, duration: 1, pitch: 64, confidence: 0.9 }], audio);
    expect(row(blendChroma(audio, notes, 0), 0)).toEqual(row(audio, 0));
    expect(row(blendChroma(audio, notes, 0.5), 1)).toEqual(row(audio, 1).map((value) => Math.fround(value)));
    expect(row(blendChroma(audio, notes, 1), 0)[4]).toBeCloseTo(1, 6);
    expect(() => blendChroma(audio, noteChroma([], flatSpans(3)), 0.5)).toThrow(/spans/);
  });
});
