/**
 * The chord states the recogniser decodes and the labels it reports. Sevenths
 * are decoded internally (a dominant seventh fits a 4-note template better
 * than a triad) but reported in the MajMin vocabulary used by mir_eval's
 * `majmin` score: C:7 and C:maj7 → "C", A:min7 → "A:min". "N" is no chord.
 */
import { pitchName } from './pitch-class';

export type ChordQuality = 'maj' | 'min' | '7' | 'maj7' | 'min7';

export interface ChordState {
  /** Root pitch class, or −1 for N. */
  root: number;
  quality: ChordQuality | 'N';
  /** MajMin label: "C", "A:min" or "N". */
  label: string;
  /** Unit-norm 12-bin template (zeros for N). */
  template: Float32Array;
  /** Log-prior: sevenths pay a little, so a triad with a passing note stays a triad. */
  logPrior: number;
}

const INTERVALS: Record<ChordQuality, readonly number[]> = {
  maj: [0, 4, 7],
  min: [0, 3, 7],
  '7': [0, 4, 7, 10],
  maj7: [0, 4, 7, 11],
  min7: [0, 3, 7, 10]
};

export interface VocabularyOptions {
  sevenths?: boolean;
  /** Log-probability added to seventh states (default −0.6). */
  seventhPenalty?: number;
}

export function majMinLabel(root: number, quality: ChordQuality): string {
  const third = INTERVALS[quality][1];
  return third === 3 ? `${pitchName(root)}:min` : pitchName(root);
}

/** State 0 is N, then 12 roots per quality in the order maj, min[, 7, maj7, min7]. */
export function chordVocabulary(options: VocabularyOptions = {}): ChordState[] {
  const qualities: ChordQuality[] = options.sevenths === false ? ['maj', 'min'] : ['maj', 'min', '7', 'maj7', 'min7'];
  const states: ChordState[] = [{ root: -1, quality: 'N', label: 'N', template: new Float32Array(12), logPrior: 0 }];
  for (const quality of qualities) {
    const intervals = INTERVALS[quality];
    for (let root = 0; root < 12; root++) {
      const template = new Float32Array(12);
      for (const interval of intervals) template[(root + interval) % 12] = 1 / Math.sqrt(intervals.length);
      const logPrior = intervals.length > 3 ? (options.seventhPenalty ?? -0.6) : 0;
      states.push({ root, quality, label: majMinLabel(root, quality), template, logPrior });
    }
  }
  return states;
}
