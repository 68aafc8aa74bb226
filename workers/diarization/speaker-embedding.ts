// Speaker embeddings: one vector per window of speech, close for the same voice.
// The built-in default is DSP (MFCC + delta statistics); a user-supplied ONNX
// model implements the same `SpeakerEmbedder` and replaces it without the rest
// of the pipeline noticing.
import { mergeRanges } from './intervals.ts';
import { MfccAnalyser } from './mfcc.ts';
import { PitchTracker, voicedMedian } from './pitch.ts';
import { DIARIZATION_SAMPLE_RATE, type TimeRange } from './types.ts';

export interface SpeakerEmbedder {
  /** Recorded in the result so a cached answer says which features made it. */
  readonly name: string;
  /** Vectors for each window of 16 kHz mono audio, in order. Not normalised; the pipeline standardises. */
  embed(audio: Float32Array, windows: readonly TimeRange[]): Promise<Float32Array[]>;
}

/**
 * Sliding windows inside each speech region. A region shorter than a window
 * gets one window of its own (short replies are turns too) if it is at least
 * `minSeconds` long; the last window is aligned to the region's end so no
 * speech is left out.
 */
export function planWindows(speech: readonly TimeRange[], windowSeconds: number, hopSeconds: number, minSeconds: number): TimeRange[] {
  const windows: TimeRange[] = [];
  for (const region of speech) {
    const length = region.end - region.start;
    if (length < minSeconds) continue;
    if (length <= windowSeconds) {
      windows.push({ start: region.start, end: region.end });
      continue;
    }
    let start = region.start;
    for (; start + windowSeconds <= region.end + 1e-9; start += hopSeconds) windows.push({ start, end: start + windowSeconds });
    const last = windows[windows.length - 1];
    if (last && last.end < region.end - 1e-6) windows.push({ start: region.end - windowSeconds, end: region.end });
  }
  return windows;
}

const DELTA_REACH = 2;

/**
 * Mean and standard deviation of MFCC c1..c(n-1) and their deltas over the window
 * (c0 is loudness, which says more about the microphone distance than the voice).
 */
export interface DspEmbedderOptions {
  /** Append delta-MFCC statistics (how the voice moves, not just where it sits). */
  readonly deltas: boolean;
  /** Append standard deviations next to the means. */
  readonly spreads: boolean;
  /** Append the window's median log2 pitch, repeated `pitchWeight` times so it counts against the cepstrum. */
  readonly pitchWeight: number;
}

export function createDspEmbedder(analyser = new MfccAnalyser(), features: DspEmbedderOptions = { deltas: false, spreads: false, pitchWeight: 1 },
  pitchTracker = new PitchTracker()): SpeakerEmbedder {
  const coefficients = analyser.options.coefficients;
  const hop = analyser.options.hopSamples;
  const used = coefficients - 1;
  const block = features.spreads ? used * 2 : used;
  return {
    name: 'dsp-mfcc-v1',
    embed: async (audio, windows) => {
      // MFCCs once per stretch of contiguous windows: overlapping windows share frames.
      const spans = mergeRanges(windows).map((span) => {
        const start = Math.max(0, Math.floor(span.start * DIARIZATION_SAMPLE_RATE));
        const end = Math.min(audio.length, Math.ceil(span.end * DIARIZATION_SAMPLE_RATE));
        const mfcc = analyser.analyse(audio, start, end);
        const pitch = features.pitchWeight > 0 ? pitchTracker.track(audio, start, end) : new Float32Array(0);
        return { start, frames: mfcc.length / coefficients, mfcc, deltas: features.deltas ? deltas(mfcc, coefficients) : mfcc, pitch };
      });
      let spanIndex = 0;
      return windows.map((window) => {
        const first = Math.floor(window.start * DIARIZATION_SAMPLE_RATE);
        while (spanIndex < spans.length - 1 && (spans[spanIndex + 1]?.start ?? Infinity) <= first) spanIndex++;
        const span = spans[spanIndex];
        const cepstral = block * (features.deltas ? 2 : 1);
        const vector = new Float32Array(cepstral + features.pitchWeight);
        if (!span) return vector;
        const from = Math.max(0, Math.floor((first - span.start) / hop));
        const to = Math.min(span.frames, Math.max(from + 1, Math.floor((window.end * DIARIZATION_SAMPLE_RATE - span.start) / hop)));
        accumulateStats(span.mfcc, coefficients, from, to, vector, 0, features.spreads);
        if (features.deltas) accumulateStats(span.deltas, coefficients, from, to, vector, block, features.spreads);
        if (features.pitchWeight > 0) {
          const pitchHop = pitchTracker.options.hopSamples;
          const median = voicedMedian(span.pitch, Math.floor((first - span.start) / pitchHop), Math.ceil((window.end * DIARIZATION_SAMPLE_RATE - span.start) / pitchHop));
          // Unvoiced windows get 7 (128 Hz, between typical male and female pitch): neutral, not zero.
          vector.fill(Number.isFinite(median) ? median : 7, cepstral);
        }
        return vector;
      });
    }
  };
}

/** Writes means then standard deviations of columns 1..n-1 of rows [from, to) into `out` at `offset`. */
function accumulateStats(rows: Float32Array, width: number, from: number, to: number, out: Float32Array, offset: number, spreads: boolean): void {
  const used = width - 1;
  const count = Math.max(1, to - from);
  for (let c = 1; c < width; c++) {
    let sum = 0;
    let squares = 0;
    for (let r = from; r < to; r++) {
      const value = rows[r * width + c] ?? 0;
      sum += value;
      squares += value * value;
    }
    const mean = sum / count;
    out[offset + c - 1] = mean;
    if (spreads) out[offset + used + c - 1] = Math.sqrt(Math.max(0, squares / count - mean * mean));
  }
}

/** Regression deltas over ±2 frames (the HTK formula), edges clamped. */
function deltas(rows: Float32Array, width: number): Float32Array {
  const frames = rows.length / width;
  const out = new Float32Array(rows.length);
  const norm = 2 * (1 + 4);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      for (let k = 1; k <= DELTA_REACH; k++) {
        const ahead = rows[Math.min(frames - 1, f + k) * width + c] ?? 0;
        const behind = rows[Math.max(0, f - k) * width + c] ?? 0;
        sum += k * (ahead - behind);
      }
      out[f * width + c] = sum / norm;
    }
  }
  return out;
}
