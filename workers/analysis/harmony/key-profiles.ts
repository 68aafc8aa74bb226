/**
 * Key profiles: how much each scale degree sounds in a major or a minor key,
 * indexed from the tonic. Correlating a piece's pitch-class distribution with
 * the 24 rotations of a profile is the Krumhansl–Schmuckler key finder.
 */
export type KeyProfileName = 'krumhansl-kessler' | 'temperley-kostka-payne';

export interface KeyProfile {
  major: readonly number[];
  minor: readonly number[];
}

export const KEY_PROFILES: Record<KeyProfileName, KeyProfile> = {
  /** Krumhansl & Kessler (1982): probe-tone ratings by listeners. */
  'krumhansl-kessler': {
    major: [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88],
    minor: [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]
  },
  /**
   * Temperley (2007), from the Kostka–Payne harmony textbook corpus: pitch-class
   * occurrence per segment. It separates a key from its relative minor better
   * than KK on chord-based (pop/rock) material, so it is the default.
   */
  'temperley-kostka-payne': {
    major: [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4],
    minor: [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33]
  }
};
