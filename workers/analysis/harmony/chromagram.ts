/**
 * The chroma front end: mono audio (ideally the harmonic stem, so drums do
 * not smear every pitch class) → tuning-corrected, log-compressed chroma.
 *
 * Method: a semitone-resolution pitch spectrogram from the STFT (each FFT bin
 * feeds its nearest tuned semitone, weighted cos² by its distance from the
 * semitone centre, a constant-Q-like mapping without a CQT), then CLP chroma
 * (Müller & Ewert 2011): logarithmic compression log(1 + η·e) before folding
 * octaves, so soft chord tones are not drowned by one loud note.
 */
import type { ChromaSequence } from './chroma-sequence';
import { normaliseRows } from './chroma-sequence';
import { fftSizeFor, forEachMagnitudeFrame, frameCount, type StftLayout } from './stft-frames';
import { estimateTuning, type TuningEstimate } from './tuning';

export interface ChromagramOptions {
  /** Analysis hop in seconds (default ≈ 93 ms: 2048 samples at 22.05 kHz). */
  hopSeconds?: number;
  /** Window length in seconds (default ≈ 0.37 s: 8192 at 22.05 kHz, enough to resolve semitones near 100 Hz). */
  windowSeconds?: number;
  /** Skip estimation and use this tuning (cents from A440). */
  tuningCents?: number;
}

export interface Chromagram extends ChromaSequence {
  tuning: TuningEstimate;
  layout: StftLayout;
  sampleRate: number;
}

/** MIDI 36 (C2, 65 Hz) to 95 (B6, 1976 Hz): five whole octaves, so no pitch class is favoured. */
export const LOWEST_PITCH = 36;
export const PITCH_COUNT = 60;
/** CLP compression strength (Müller uses 100–1000 on normalised energies). */
const COMPRESSION = 100;
/** Frames quieter than this (relative to the loudest, ≈ −50 dB) carry no chroma. */
const SILENCE = 0.003;

export function computeChromagram(samples: Float32Array, sampleRate: number, options: ChromagramOptions = {}): Chromagram {
  const hop = Math.max(1, Math.round((options.hopSeconds ?? 2048 / 22050) * sampleRate));
  const layout: StftLayout = { fftSize: fftSizeFor(sampleRate, options.windowSeconds ?? 8192 / 22050), hop };
  const tuning: TuningEstimate =
    options.tuningCents === undefined ? estimateTuning(samples, sampleRate, layout) : { cents: options.tuningCents, agreement: 1, peaks: 0 };
  const map = semitoneMap(sampleRate, layout.fftSize, tuning.cents);
  const count = frameCount(samples.length, hop);
  const pitches = new Float32Array(count * PITCH_COUNT);
  forEachMagnitudeFrame(samples, layout, (frame, magnitude) => {
    const row = frame * PITCH_COUNT;
    for (let i = 0; i < map.bins.length; i++) {
      const m = magnitude[map.bins[i] ?? 0] ?? 0;
      const at = row + (map.pitch[i] ?? 0);
      pitches[at] = (pitches[at] ?? 0) + (map.weight[i] ?? 0) * m * m;
    }
  });
  let loudest = 0;
  for (let i = 0; i < pitches.length; i++) {
    const amplitude = Math.sqrt(pitches[i] ?? 0);
    pitches[i] = amplitude;
    loudest = Math.max(loudest, amplitude);
  }
  const chroma = new Float32Array(count * 12);
  const energy = new Float32Array(count);
  const frameLoudest = new Float32Array(count);
  const scale = loudest > 0 ? 1 / loudest : 0;
  for (let frame = 0; frame < count; frame++) {
    let peak = 0;
    for (let p = 0; p < PITCH_COUNT; p++) {
      const e = (pitches[frame * PITCH_COUNT + p] ?? 0) * scale;
      peak = Math.max(peak, e);
      const pc = (LOWEST_PITCH + p) % 12;
      chroma[frame * 12 + pc] = (chroma[frame * 12 + pc] ?? 0) + Math.log1p(COMPRESSION * e);
    }
    frameLoudest[frame] = peak;
    energy[frame] = peak;
  }
  normaliseRows(chroma);
  for (let frame = 0; frame < count; frame++) {
    if ((frameLoudest[frame] ?? 0) < SILENCE) {
      chroma.fill(0, frame * 12, frame * 12 + 12);
      energy[frame] = 0;
    }
  }
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  for (let frame = 0; frame < count; frame++) {
    starts[frame] = (frame * hop) / sampleRate;
    ends[frame] = ((frame + 1) * hop) / sampleRate;
  }
  return { starts, ends, chroma, energy, tuning, layout, sampleRate };
}

interface SemitoneMap {
  bins: Uint16Array;
  pitch: Uint8Array;
  weight: Float32Array;
}

/** Sparse FFT-bin → semitone table, built once per file (tuning moves the semitone centres). */
function semitoneMap(sampleRate: number, fftSize: number, tuningCents: number): SemitoneMap {
  const reference = 440 * 2 ** (tuningCents / 1200);
  const bins: number[] = [];
  const pitch: number[] = [];
  const weight: number[] = [];
  for (let k = 1; k <= fftSize / 2; k++) {
    const hz = (k * sampleRate) / fftSize;
    const midi = 69 + 12 * Math.log2(hz / reference);
    const nearest = Math.round(midi);
    if (nearest < LOWEST_PITCH || nearest >= LOWEST_PITCH + PITCH_COUNT) continue;
    const w = Math.cos(Math.PI * (midi - nearest)) ** 2;
    if (w < 0.01) continue;
    bins.push(k);
    pitch.push(nearest - LOWEST_PITCH);
    weight.push(w);
  }
  return { bins: Uint16Array.from(bins), pitch: Uint8Array.from(pitch), weight: Float32Array.from(weight) };
}
