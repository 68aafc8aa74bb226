/**
 * The built-in DSP stems, all mono at the analysis rate and sample-aligned
 * with the input. `harmonic + percussive` and `bass + other` (other =
 * harmonic − bass) each add back to the mix (the soft masks sum to one);
 * `centre` is a separate, spatial view of the same mix.
 */
export const STEM_NAMES = ['harmonic', 'percussive', 'bass', 'other', 'centre'] as const;
export type StemName = (typeof STEM_NAMES)[number];

export type StemBlock = Record<StemName, Float32Array>;

export interface StemSettings {
  /** STFT size and hop at the analysis rate; 2048/512 at 22.05 kHz is 93 ms frames every 23 ms. */
  frameSize: number;
  hop: number;
  /** Median lengths (Fitzgerald 2010 used 17 for both): ±8 frames ≈ ±0.19 s, ±8 bins ≈ ±86 Hz. */
  timeHalfWidth: number;
  frequencyHalfWidth: number;
  /** The bass stem is the harmonic part below a raised-cosine crossover between these frequencies. */
  bassCrossover: readonly [number, number];
}

export const DEFAULT_STEM_SETTINGS: StemSettings = {
  frameSize: 2048,
  hop: 512,
  timeHalfWidth: 8,
  frequencyHalfWidth: 8,
  bassCrossover: [150, 250]
};
