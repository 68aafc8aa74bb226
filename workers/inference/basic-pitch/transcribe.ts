// Basic Pitch transcription core: windows → batched model runs → stitched
// activations → notes with times. The model is behind `BasicPitchModel` so
// this runs the same on onnxruntime-web in a worker, in Node tests, or on any
// backend; it works on a few seconds of audio as well as on a whole song.
import { DEFAULT_NOTE_EXTRACTION, extractNotes, type NoteEvent, type NoteExtractionOptions } from './note-extraction.ts';
import {
  BASIC_PITCH_SAMPLE_RATE,
  FFT_HOP,
  FRAMES_PER_WINDOW,
  WINDOW_SAMPLES,
  WindowStitcher,
  fillWindows,
  outputFrameCount,
  windowCount,
  type ActivationMatrix
} from './windowing.ts';

export const CONTOUR_BINS = 264;
export const KEY_BINS = 88;

/** Raw outputs for `batchSize` windows, each FRAMES_PER_WINDOW × bins, row-major. */
export interface BasicPitchWindowOutputs {
  readonly contour: Float32Array;
  readonly note: Float32Array;
  readonly onset: Float32Array;
}

export interface BasicPitchModel {
  /** `windows` holds batchSize × WINDOW_SAMPLES mono samples at 22.05 kHz. */
  run(windows: Float32Array, batchSize: number): Promise<BasicPitchWindowOutputs>;
}

export interface TimedNote {
  readonly startSeconds: number;
  readonly durationSeconds: number;
  readonly pitchMidi: number;
  /** Mean note activation, 0..1. */
  readonly confidence: number;
}

export interface Transcription {
  readonly notes: TimedNote[];
  readonly noteActivations: ActivationMatrix;
  readonly onsetActivations: ActivationMatrix;
  readonly contourActivations: ActivationMatrix;
}

export interface TranscribeOptions {
  /** Windows per model run; 4 is where batching stops paying off on 2 cores. */
  readonly batchSize?: number;
  readonly extraction?: NoteExtractionOptions;
  /** Called after each batch with the fraction done (0..1]. */
  readonly onProgress?: (fraction: number) => void;
}

// The reference's time correction for drift across 172-frame blocks
// (toMidi.ts modelFrameToTime; 0.0018 is its own empirical constant).
const ANNOT_FRAMES = 172;
const WINDOW_OFFSET = (FFT_HOP / BASIC_PITCH_SAMPLE_RATE) * (ANNOT_FRAMES - WINDOW_SAMPLES / FFT_HOP) + 0.0018;

export function frameToSeconds(frame: number): number {
  return (frame * FFT_HOP) / BASIC_PITCH_SAMPLE_RATE - WINDOW_OFFSET * Math.floor(frame / ANNOT_FRAMES);
}

export function timeNotes(notes: readonly NoteEvent[]): TimedNote[] {
  return notes.map((note) => {
    const startSeconds = frameToSeconds(note.startFrame);
    return {
      startSeconds,
      durationSeconds: frameToSeconds(note.startFrame + note.durationFrames) - startSeconds,
      pitchMidi: note.pitchMidi,
      confidence: note.amplitude
    };
  });
}

/** Runs the model over `audio` (mono, 22.05 kHz) and returns the stitched activations. */
export async function computeActivations(
  model: BasicPitchModel,
  audio: Float32Array,
  options: Pick<TranscribeOptions, 'batchSize' | 'onProgress'> = {}
): Promise<Omit<Transcription, 'notes'>> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 4));
  const windows = windowCount(audio.length);
  const frames = outputFrameCount(audio.length);
  const note = new WindowStitcher(frames, KEY_BINS);
  const onset = new WindowStitcher(frames, KEY_BINS);
  const contour = new WindowStitcher(frames, CONTOUR_BINS);
  // One buffer for every batch; the last, shorter batch uses its front part.
  const batch = new Float32Array(batchSize * WINDOW_SAMPLES);
  for (let first = 0; first < windows; first += batchSize) {
    const count = Math.min(batchSize, windows - first);
    fillWindows(audio, first, count, batch);
    const input = count === batchSize ? batch : batch.subarray(0, count * WINDOW_SAMPLES);
    const outputs = await model.run(input, count);
    checkOutputs(outputs, count);
    note.append(outputs.note, count);
    onset.append(outputs.onset, count);
    contour.append(outputs.contour, count);
    options.onProgress?.((first + count) / windows);
  }
  return { noteActivations: note.result(), onsetActivations: onset.result(), contourActivations: contour.result() };
}

/** Throws, naming the output, when a model's answer for `count` windows has the wrong size. */
export function checkOutputs(outputs: BasicPitchWindowOutputs, count: number): void {
  const expected = [
    ['note', outputs.note, KEY_BINS],
    ['onset', outputs.onset, KEY_BINS],
    ['contour', outputs.contour, CONTOUR_BINS]
  ] as const;
  for (const [name, values, bins] of expected) {
    if (values.length !== count * FRAMES_PER_WINDOW * bins) {
      throw new Error(`Basic Pitch returned ${values.length} ${name} values for ${count} windows; expected ${count * FRAMES_PER_WINDOW * bins}. Is this the right model?`);
    }
  }
}

/** Notes for mono 22.05 kHz audio of any length (a few seconds to an hour). */
export async function transcribe(model: BasicPitchModel, audio: Float32Array, options: TranscribeOptions = {}): Promise<Transcription> {
  const activations = await computeActivations(model, audio, options);
  const events = extractNotes(activations.noteActivations, activations.onsetActivations, options.extraction ?? DEFAULT_NOTE_EXTRACTION);
  return { ...activations, notes: timeNotes(events) };
}
