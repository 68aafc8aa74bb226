/**
 * Duration-weighted chord recall in the MajMin vocabulary, following
 * mir_eval.chord: both annotations are cut at the union of their boundaries;
 * a piece counts as correct when the roots match and the chord tones below
 * the minor sixth (root, third, fifth) match, so an estimated C:7 is right for
 * a reference C. Reference chords that are neither maj, min nor N (sus, dim…)
 * are out of gamut and left out of the denominator.
 */
import { parsePitchName } from '../harmony/pitch-class';

export interface LabelledSpan {
  start: number;
  end: number;
  label: string;
}

interface ParsedChord {
  /** −1 for N. */
  root: number;
  /** Bitmask of intervals above the root. */
  intervals: number;
}

const QUALITY_INTERVALS: Record<string, readonly number[]> = {
  maj: [0, 4, 7], min: [0, 3, 7], '7': [0, 4, 7, 10], maj7: [0, 4, 7, 11], min7: [0, 3, 7, 10],
  dim: [0, 3, 6], aug: [0, 4, 8], sus2: [0, 2, 7], sus4: [0, 5, 7], '5': [0, 7], '1': [0], maj6: [0, 4, 7, 9], min6: [0, 3, 7, 9]
};
const MAJ = mask([0, 4, 7]);
const MIN = mask([0, 3, 7]);
/** Intervals 0…7 semitones: what mir_eval's majmin comparison looks at. */
const TRIAD_BITS = 0xff;

function mask(intervals: readonly number[]): number {
  return intervals.reduce((bits, i) => bits | (1 << i), 0);
}

export function parseChord(label: string): ParsedChord {
  const text = label.trim();
  if (text === 'N' || text === 'X') return { root: -1, intervals: 0 };
  const [rootAndQuality = '', _bass] = text.split('/');
  const [rootName = '', quality = 'maj'] = rootAndQuality.split(':');
  const root = parsePitchName(rootName);
  const intervals = QUALITY_INTERVALS[quality];
  if (root === undefined || intervals === undefined) throw new Error(`"${label}" is not a chord label this metric reads (e.g. "C", "A:min", "G:7", "N")`);
  return { root, intervals: mask(intervals) };
}

function inGamut(chord: ParsedChord): boolean {
  return chord.root < 0 || chord.intervals === MAJ || chord.intervals === MIN;
}

function majMinEqual(ref: ParsedChord, est: ParsedChord): boolean {
  if (ref.root < 0 || est.root < 0) return ref.root === est.root;
  return ref.root === est.root && (ref.intervals & TRIAD_BITS) === (est.intervals & TRIAD_BITS);
}

/** Estimates outside the reference's time range are ignored; reference time with no estimate counts as wrong. */
export function majMinRecall(reference: readonly LabelledSpan[], estimate: readonly LabelledSpan[]): number {
  const cuts = new Set<number>();
  for (const span of [...reference, ...estimate]) {
    cuts.add(span.start);
    cuts.add(span.end);
  }
  const times = [...cuts].sort((a, b) => a - b);
  let scored = 0;
  let correct = 0;
  for (let i = 0; i + 1 < times.length; i++) {
    const a = times[i] ?? 0;
    const b = times[i + 1] ?? a;
    const mid = (a + b) / 2;
    const ref = reference.find((s) => s.start <= mid && mid < s.end);
    if (!ref) continue;
    const refChord = parseChord(ref.label);
    if (!inGamut(refChord)) continue;
    scored += b - a;
    const est = estimate.find((s) => s.start <= mid && mid < s.end);
    if (est && majMinEqual(refChord, parseChord(est.label))) correct += b - a;
  }
  return scored > 0 ? correct / scored : 0;
}
