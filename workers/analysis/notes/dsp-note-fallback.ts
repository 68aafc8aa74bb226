/**
 * The notes stage's fallback when Basic Pitch cannot run or times out: YIN on
 * the bass stem (the low line) and on the centre stem (voice or lead, which
 * usually sit in the middle of the stereo image), one pitch at a time each.
 * Lower-confidence than the model by construction (see monophonic-notes.ts).
 */
import { notesFromPitchTrack, type MonophonicNote } from './monophonic-notes';
import { YinPitchTracker, type YinOptions } from './yin-pitch';

export interface FallbackStem {
  /** Stem name, kept on each note ("bass", "centre", or "mix" when no stems exist). */
  readonly name: string;
  readonly audio: Float32Array;
  readonly role: 'bass' | 'melody';
}

export interface FallbackNote extends MonophonicNote {
  readonly stem: string;
}

const RANGES: Record<FallbackStem['role'], Pick<YinOptions, 'minHz' | 'maxHz'>> = {
  // B0 (31 Hz) to E4: the range of a 5-string bass and then some.
  bass: { minHz: 30, maxHz: 330 },
  // G2 up to C6: voice, guitar and keys leads, above most of the bass.
  melody: { minHz: 95, maxHz: 1050 }
};

export function transcribeMonophonicStems(stems: readonly FallbackStem[], sampleRate: number): FallbackNote[] {
  const notes: FallbackNote[] = [];
  for (const stem of stems) {
    const tracker = new YinPitchTracker({ sampleRate, integrationSamples: Math.round(0.046 * sampleRate), hopSamples: Math.round(0.0116 * sampleRate), threshold: 0.15, ...RANGES[stem.role] });
    for (const note of notesFromPitchTrack(tracker.track(stem.audio))) notes.push({ ...note, stem: stem.name });
  }
  return notes.sort((a, b) => a.startSeconds - b.startSeconds || a.pitchMidi - b.pitchMidi);
}
