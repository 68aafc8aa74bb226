// Turns Basic Pitch's note and onset activations into note events. A port of
// outputToNotesPoly from @spotify/basic-pitch (toMidi.ts) on flat typed
// arrays, kept decision-for-decision equal to it (scan order, tie-breaking,
// its edge cases) because tests compare our notes with the reference's.
import type { ActivationMatrix } from './windowing.ts';

export const MIDI_OFFSET = 21;
const KEY_COUNT = 88;

export interface NoteExtractionOptions {
  readonly onsetThreshold: number;
  readonly frameThreshold: number;
  /** Notes must be longer than this many frames (~11.6 ms each). */
  readonly minNoteFrames: number;
  /** Add onsets where a note's activation jumps (repeated notes, legato). */
  readonly inferOnsets: boolean;
  /** Also pick up notes without an onset peak, from the remaining energy. */
  readonly melodiaTrick: boolean;
  /** Frames a note may dip below the frame threshold and still go on. */
  readonly energyTolerance: number;
  /**
   * Inferred onsets are frame differences × this. Absent (the reference):
   * max(onsets) / max(differences) of the activations given, so the scale
   * depends on what is extracted at once (see inferredOnsetScale).
   */
  readonly inferredOnsetScale?: number;
}

/** The reference's defaults, with the 11-frame (~128 ms) minimum its Python twin uses. */
export const DEFAULT_NOTE_EXTRACTION: NoteExtractionOptions = {
  onsetThreshold: 0.5,
  frameThreshold: 0.3,
  minNoteFrames: 11,
  inferOnsets: true,
  melodiaTrick: true,
  energyTolerance: 11
};

export interface NoteEvent {
  readonly startFrame: number;
  readonly durationFrames: number;
  readonly pitchMidi: number;
  /** Mean note activation over the note, 0..1: our confidence. */
  readonly amplitude: number;
}

function checkShape(matrix: ActivationMatrix, name: string): void {
  if (matrix.bins !== KEY_COUNT || matrix.values.length !== matrix.frames * KEY_COUNT) {
    throw new Error(`The ${name} activations must be frames × 88 keys; got ${matrix.frames} × ${matrix.bins}.`);
  }
}

/** Positive frame differences over 1 and 2 frames (rows 0 and 1 stay zero, as frame_diff[:n_diff] = 0), and their maximum. */
function frameDifferences(frames: Float32Array, frameCount: number): { diff: Float64Array; diffMax: number } {
  const diff = new Float64Array(frameCount * KEY_COUNT);
  let diffMax = 0;
  for (let t = 2; t < frameCount; t += 1) {
    for (let key = 0; key < KEY_COUNT; key += 1) {
      const now = frames[t * KEY_COUNT + key] ?? 0;
      const change = Math.min(now - (frames[(t - 1) * KEY_COUNT + key] ?? 0), now - (frames[(t - 2) * KEY_COUNT + key] ?? 0));
      const positive = Math.max(change, 0);
      diff[t * KEY_COUNT + key] = positive;
      diffMax = Math.max(diffMax, positive);
    }
  }
  return { diff, diffMax };
}

function maximum(values: Float32Array): number {
  let max = 0;
  for (let index = 0; index < values.length; index += 1) max = Math.max(max, values[index] ?? 0);
  return max;
}

/** The reference's scale for inferred onsets on these activations: max(onsets) / max(frame differences); NaN when nothing rises. */
export function inferredOnsetScale(noteActivations: ActivationMatrix, onsetActivations: ActivationMatrix): number {
  const { diffMax } = frameDifferences(noteActivations.values, noteActivations.frames);
  return diffMax === 0 ? Number.NaN : maximum(onsetActivations.values) / diffMax;
}

/** max(onsets, scaled positive frame differences over 1 and 2 frames). */
function inferredOnsets(onsets: Float32Array, frames: Float32Array, frameCount: number, fixedScale: number | undefined): Float64Array {
  const { diff, diffMax } = frameDifferences(frames, frameCount);
  const result = new Float64Array(frameCount * KEY_COUNT);
  // With no positive change at all the reference divides 0 by 0 and every
  // inferred onset becomes NaN, so no onset peak survives; keep that.
  if (fixedScale === undefined && diffMax === 0) return result.fill(Number.NaN);
  if (fixedScale !== undefined) {
    for (let index = 0; index < result.length; index += 1) result[index] = Math.max(onsets[index] ?? 0, fixedScale * (diff[index] ?? 0));
    return result;
  }
  const onsetMax = maximum(onsets);
  for (let index = 0; index < result.length; index += 1) {
    result[index] = Math.max(onsets[index] ?? 0, (onsetMax * (diff[index] ?? 0)) / diffMax);
  }
  return result;
}

/** Onset peaks above threshold (argrelmax over time, order 1), in frame-major order. */
function onsetPeaks(onsets: ArrayLike<number>, frameCount: number, threshold: number): [number, number][] {
  const peaks: [number, number][] = [];
  for (let t = 0; t < frameCount; t += 1) {
    for (let key = 0; key < KEY_COUNT; key += 1) {
      const value = onsets[t * KEY_COUNT + key] ?? 0;
      const abovePrevious = t === 0 || value > (onsets[(t - 1) * KEY_COUNT + key] ?? 0);
      const aboveNext = t === frameCount - 1 || value > (onsets[(t + 1) * KEY_COUNT + key] ?? 0);
      if (abovePrevious && aboveNext && value > threshold) peaks.push([t, key]);
    }
  }
  return peaks;
}

function clearNeighbourhood(energy: Float32Array, t: number, key: number): void {
  energy[t * KEY_COUNT + key] = 0;
  if (key < KEY_COUNT - 1) energy[t * KEY_COUNT + key + 1] = 0;
  if (key > 0) energy[t * KEY_COUNT + key - 1] = 0;
}

function meanActivation(frames: Float32Array, key: number, from: number, to: number): number {
  let sum = 0;
  for (let t = from; t < to; t += 1) sum += frames[t * KEY_COUNT + key] ?? 0;
  return sum / (to - from);
}

/**
 * The strongest energy left, per frame, so the melodia loop scans one value
 * per frame instead of 88: the loop clears a run of frames per note, and only
 * those rows are looked at again. Decisions are the reference's (argmax with
 * the last key on ties within a frame, the first frame across frames).
 */
class RowMaxima {
  readonly #key: Int32Array;
  readonly #value: Float32Array;

  constructor(
    private readonly energy: Float32Array,
    private readonly frameCount: number
  ) {
    this.#key = new Int32Array(frameCount);
    this.#value = new Float32Array(frameCount);
    this.refresh(0, frameCount - 1);
  }

  /** Recomputes rows [from, to] after their energy changed. */
  refresh(from: number, to: number): void {
    const energy = this.energy;
    for (let t = Math.max(0, from); t <= Math.min(this.frameCount - 1, to); t += 1) {
      const row = t * KEY_COUNT;
      let rowBest = 0;
      for (let key = 1; key < KEY_COUNT; key += 1) {
        if ((energy[row + key] ?? 0) >= (energy[row + rowBest] ?? 0)) rowBest = key;
      }
      this.#key[t] = rowBest;
      this.#value[t] = energy[row + rowBest] ?? 0;
    }
  }

  /** The (frame, key) of the largest remaining energy: first frame, last key on ties, as the reference. */
  strongest(): [number, number, number] {
    let best: [number, number, number] = [0, 0, this.energy[0] ?? 0];
    for (let t = 0; t < this.frameCount; t += 1) {
      const value = this.#value[t] ?? 0;
      if (value > best[2]) best = [t, this.#key[t] ?? 0, value];
    }
    return best;
  }
}

export function extractNotes(
  noteActivations: ActivationMatrix,
  onsetActivations: ActivationMatrix,
  options: NoteExtractionOptions = DEFAULT_NOTE_EXTRACTION
): NoteEvent[] {
  checkShape(noteActivations, 'note');
  checkShape(onsetActivations, 'onset');
  const frameCount = noteActivations.frames;
  if (onsetActivations.frames !== frameCount) throw new Error('Note and onset activations cover different numbers of frames.');
  if (frameCount === 0) return [];
  const frames = noteActivations.values;
  const onsets = options.inferOnsets ? inferredOnsets(onsetActivations.values, frames, frameCount, options.inferredOnsetScale) : onsetActivations.values;
  const threshold = options.frameThreshold;
  const energy = frames.slice();
  const notes: NoteEvent[] = [];

  // Latest onsets first, highest key first within a frame (the reference reverses its scan).
  for (const [start, key] of onsetPeaks(onsets, frameCount, options.onsetThreshold).reverse()) {
    if (start >= frameCount - 1) continue;
    let t = start + 1;
    let below = 0;
    while (t < frameCount - 1 && below < options.energyTolerance) {
      below = (energy[t * KEY_COUNT + key] ?? 0) < threshold ? below + 1 : 0;
      t += 1;
    }
    t -= below;
    if (t - start <= options.minNoteFrames) continue;
    for (let frame = start; frame < t; frame += 1) clearNeighbourhood(energy, frame, key);
    notes.push({ startFrame: start, durationFrames: t - start, pitchMidi: key + MIDI_OFFSET, amplitude: meanActivation(frames, key, start, t) });
  }

  if (!options.melodiaTrick) return notes;
  const maxima = new RowMaxima(energy, frameCount);
  for (;;) {
    const [middle, key, peak] = maxima.strongest();
    if (!(peak > threshold)) break;
    energy[middle * KEY_COUNT + key] = 0;
    let t = middle + 1;
    let below = 0;
    while (t < frameCount - 1 && below < options.energyTolerance) {
      below = (energy[t * KEY_COUNT + key] ?? 0) < threshold ? below + 1 : 0;
      clearNeighbourhood(energy, t, key);
      t += 1;
    }
    const end = t - 1 - below;
    const lastCleared = t - 1;
    t = middle - 1;
    below = 0;
    while (t > 0 && below < options.energyTolerance) {
      below = (energy[t * KEY_COUNT + key] ?? 0) < threshold ? below + 1 : 0;
      clearNeighbourhood(energy, t, key);
      t -= 1;
    }
    const start = t + 1 + below;
    // Only rows between the two scans' last frames lost energy.
    maxima.refresh(t + 1, lastCleared);
    if (end - start <= options.minNoteFrames) continue;
    notes.push({ startFrame: start, durationFrames: end - start, pitchMidi: key + MIDI_OFFSET, amplitude: meanActivation(frames, key, start, end) });
  }
  return notes;
}
