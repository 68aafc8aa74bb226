import { describe, expect, it } from 'vitest';
import { intersectRanges, mergeRanges, subtractRanges, totalSeconds } from '../../../workers/diarization/intervals.ts';
import { regionMap, suppressMusic } from '../../../workers/diarization/music-suppression.ts';
import { DEFAULT_SEGMENTER, segmentSpeech } from '../../../workers/diarization/speech-segmenter.ts';

const FRAME = 0.032;
/** Probabilities from a pattern: '#' = 0.9, '-' = 0.4 (between the thresholds), '.' = 0.05. */
const frames = (pattern: string): Float32Array => Float32Array.from(pattern, (c) => (c === '#' ? 0.9 : c === '-' ? 0.4 : 0.05));
const options = { ...DEFAULT_SEGMENTER, frameSeconds: FRAME, padSeconds: 0 };

describe('speech segmenter', () => {
  it('starts speech above the on threshold and keeps it through values between the thresholds', () => {
    const regions = segmentSpeech(frames('....##########----####........'), options);
    expect(regions).toHaveLength(1);
    expect(regions[0]?.start).toBeCloseTo(4 * FRAME, 6);
    expect(regions[0]?.end).toBeCloseTo(22 * FRAME, 6);
  });

  it('drops blips shorter than the minimum speech', () => {
    expect(segmentSpeech(frames('....###.................'), options)).toEqual([]);
  });

  it('bridges pauses shorter than the minimum silence', () => {
    // Three frames (96 ms) of silence is under 200 ms: one region.
    expect(segmentSpeech(frames('..##########...##########....'.padEnd(40, '.')), options)).toHaveLength(1);
    expect(segmentSpeech(frames('..##########..........##########....'.padEnd(50, '.')), options)).toHaveLength(2);
  });

  it('pads regions and keeps them inside the file', () => {
    const padded = segmentSpeech(frames('##########..............'), { ...options, padSeconds: 0.1 }, 24 * FRAME);
    expect(padded[0]?.start).toBe(0);
    expect(padded[0]?.end).toBeCloseTo(10 * FRAME + 0.1, 6);
  });
});

describe('time ranges', () => {
  it('merges, subtracts and intersects', () => {
    expect(mergeRanges([{ start: 2, end: 3 }, { start: 0, end: 1 }, { start: 0.5, end: 2.5 }])).toEqual([{ start: 0, end: 3 }]);
    expect(subtractRanges([{ start: 0, end: 10 }], [{ start: 2, end: 3 }, { start: 9, end: 12 }])).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 9 }
    ]);
    expect(intersectRanges([{ start: 0, end: 5 }, { start: 6, end: 9 }], [{ start: 4, end: 7 }])).toEqual([
      { start: 4, end: 5 },
      { start: 6, end: 7 }
    ]);
    expect(totalSeconds([{ start: 1, end: 2.5 }])).toBe(1.5);
  });
});

describe('music suppression', () => {
  it('removes speech inside music, reports it, and drops scraps too short to be speech', () => {
    const speech = [{ start: 0, end: 4 }, { start: 10, end: 14 }];
    const music = [{ start: 3.9, end: 12 }];
    const { speech: kept, treatedAsMusic } = suppressMusic(speech, music, 0.25);
    expect(kept).toEqual([{ start: 0, end: 3.9 }, { start: 12, end: 14 }]);
    expect(treatedAsMusic).toEqual([{ start: 3.9, end: 4 }, { start: 10, end: 12 }]);
  });

  it('maps the whole file into speech, music and silence without gaps', () => {
    const map = regionMap(20, [{ start: 1, end: 3 }], [{ start: 2, end: 8 }]);
    expect(map.map((r) => r.kind)).toEqual(['silence', 'speech', 'music', 'silence']);
    expect(totalSeconds(map)).toBeCloseTo(20, 9);
    expect(map[1]).toEqual({ start: 1, end: 3, kind: 'speech' });
  });
});
