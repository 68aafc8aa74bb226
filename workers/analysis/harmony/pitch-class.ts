/** Pitch classes, modes and the label spellings shared by key, chords and cues. */

export type PitchClass = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;
export type Mode = 'major' | 'minor';

/** Sharps throughout: mir_eval treats enharmonics as equal, and one spelling keeps labels comparable. */
export const PITCH_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;

const NAME_TO_CLASS: Record<string, number> = {
  C: 0, 'B#': 0, 'C#': 1, Db: 1, D: 2, 'D#': 3, Eb: 3, E: 4, Fb: 4, F: 5, 'E#': 5,
  'F#': 6, Gb: 6, G: 7, 'G#': 8, Ab: 8, A: 9, 'A#': 10, Bb: 10, B: 11, Cb: 11
};

export function toPitchClass(value: number): PitchClass {
  return (((Math.round(value) % 12) + 12) % 12) as PitchClass;
}

export function pitchName(pc: number): string {
  return PITCH_NAMES[toPitchClass(pc)];
}

/** Parses a note name such as "C", "F#" or "Bb"; undefined when it is not one. */
export function parsePitchName(name: string): PitchClass | undefined {
  const pc = NAME_TO_CLASS[name];
  return pc === undefined ? undefined : toPitchClass(pc);
}

/** MIREX key spelling: "G major", "F# minor". */
export function keyLabel(tonic: number, mode: Mode): string {
  return `${pitchName(tonic)} ${mode}`;
}
