/**
 * Notes from a monophonic pitch track: frames that are periodic and loud
 * enough carry a MIDI pitch; a median over a few frames removes single-frame
 * octave slips; a note runs while the rounded pitch holds and ends at a pitch
 * change, an unvoiced gap or a fresh attack (a jump in level re-articulates a
 * repeated note). Confidence comes from how periodic the note was, scaled
 * below the model's, because one pitch at a time on a DSP stem is a guess
 * about a band, not a transcription.
 */
import type { PitchTrack } from './yin-pitch';

export interface MonophonicNote {
  readonly startSeconds: number;
  readonly durationSeconds: number;
  readonly pitchMidi: number;
  readonly confidence: number;
}

export interface MonophonicNoteOptions {
  /** Shorter notes are dropped (Basic Pitch's default minimum is ~128 ms). */
  readonly minSeconds: number;
  /** Frames quieter than this many dB under the track's loud (95th percentile) level are silence... */
  readonly relativeFloorDb: number;
  /** ...and so is anything under this absolute level. */
  readonly absoluteFloorDb: number;
  /** Frames less periodic than this are unvoiced. */
  readonly maxAperiodicity: number;
  /** A level rise of this many dB over `attackFrames` frames starts a new note. */
  readonly attackDb: number;
  readonly attackFrames: number;
  /** Median window (odd) over the voiced pitch. */
  readonly medianFrames: number;
  /** Highest confidence a fallback note can have. */
  readonly maxConfidence: number;
}

export const DEFAULT_MONOPHONIC_NOTES: MonophonicNoteOptions = {
  minSeconds: 0.1,
  relativeFloorDb: -30,
  absoluteFloorDb: -55,
  maxAperiodicity: 0.2,
  attackDb: 6,
  attackFrames: 3,
  medianFrames: 5,
  maxConfidence: 0.5
};

const toDb = (value: number): number => 20 * Math.log10(value + 1e-12);

export function frequencyToMidi(hz: number): number {
  return 69 + 12 * Math.log2(hz / 440);
}

export function notesFromPitchTrack(track: PitchTrack, options: MonophonicNoteOptions = DEFAULT_MONOPHONIC_NOTES): MonophonicNote[] {
  const frames = track.frequency.length;
  if (frames === 0) return [];
  const levels = Float32Array.from(track.rms, toDb);
  const sorted = Array.from(levels).sort((a, b) => a - b);
  const loud = sorted[Math.floor(0.95 * (frames - 1))] ?? -Infinity;
  const floor = Math.max(options.absoluteFloorDb, loud + options.relativeFloorDb);

  const midi = new Float32Array(frames).fill(NaN);
  for (let f = 0; f < frames; f++) {
    const hz = track.frequency[f] as number;
    if (Number.isFinite(hz) && (track.aperiodicity[f] as number) <= options.maxAperiodicity && (levels[f] as number) >= floor) midi[f] = frequencyToMidi(hz);
  }
  const smooth = medianOfVoiced(midi, options.medianFrames);

  const notes: MonophonicNote[] = [];
  const minFrames = Math.max(1, Math.round(options.minSeconds / track.hopSeconds));
  let start = -1;
  let pitch = 0;
  const close = (end: number): void => {
    if (start >= 0 && end - start >= minFrames) {
      let periodicity = 0;
      for (let f = start; f < end; f++) periodicity += 1 - (track.aperiodicity[f] as number);
      const confidence = options.maxConfidence * Math.max(0, Math.min(1, periodicity / (end - start)));
      notes.push({
        startSeconds: start * track.hopSeconds + track.offsetSeconds,
        durationSeconds: (end - start) * track.hopSeconds,
        pitchMidi: pitch,
        confidence
      });
    }
    start = -1;
  };
  for (let f = 0; f < frames; f++) {
    const value = smooth[f] as number;
    if (!Number.isFinite(value)) {
      close(f);
      continue;
    }
    const rounded = Math.round(value);
    const attack = f >= options.attackFrames && (levels[f] as number) - (levels[f - options.attackFrames] as number) >= options.attackDb;
    // Only a note that has already sounded a while can be re-struck; its own rising attack is not a new note.
    if (start >= 0 && (rounded !== pitch || (attack && f - start >= 2 * options.attackFrames))) close(f);
    if (start < 0) {
      start = f;
      pitch = rounded;
    }
  }
  close(frames);
  return notes;
}

/** Median over the voiced frames of a centred window; unvoiced frames stay unvoiced. */
function medianOfVoiced(values: Float32Array, width: number): Float32Array {
  const half = Math.floor(width / 2);
  const out = new Float32Array(values.length).fill(NaN);
  const window: number[] = [];
  for (let f = 0; f < values.length; f++) {
    if (!Number.isFinite(values[f])) continue;
    window.length = 0;
    for (let k = Math.max(0, f - half); k <= Math.min(values.length - 1, f + half); k++) if (Number.isFinite(values[k])) window.push(values[k] as number);
    window.sort((a, b) => a - b);
    out[f] = window[Math.floor(window.length / 2)] as number;
  }
  return out;
}
