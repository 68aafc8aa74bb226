// Fundamental frequency per frame by normalised autocorrelation (computed as
// the inverse FFT of the power spectrum). Two voices with similar vocal-tract
// shapes (similar MFCCs) often differ most in pitch, so the DSP embedder adds
// a window's median log-pitch to its cepstral statistics.
import FFT from 'fft.js';
import { DIARIZATION_SAMPLE_RATE } from './types.ts';

export interface PitchOptions {
  readonly frameSamples: number;
  readonly hopSamples: number;
  readonly minHz: number;
  readonly maxHz: number;
  /** Autocorrelation peak (relative to lag 0) needed to call a frame voiced. */
  readonly voicing: number;
}

export const DEFAULT_PITCH: PitchOptions = { frameSamples: 512, hopSamples: 320, minHz: 60, maxHz: 400, voicing: 0.45 };

export class PitchTracker {
  readonly options: PitchOptions;
  private readonly fft: FFT;
  private readonly frame: Float64Array;
  private readonly spectrum: Float64Array;
  private readonly correlation: Float64Array;

  constructor(options: PitchOptions = DEFAULT_PITCH) {
    this.options = options;
    // Zero-padding to twice the frame makes the circular autocorrelation linear.
    const size = 2 ** Math.ceil(Math.log2(options.frameSamples * 2));
    this.fft = new FFT(size);
    this.frame = new Float64Array(size);
    this.spectrum = new Float64Array(size * 2);
    this.correlation = new Float64Array(size * 2);
  }

  /** log2(Hz) per frame of audio[start, end), NaN where unvoiced. */
  track(audio: Float32Array, start: number, end: number): Float32Array {
    const { frameSamples, hopSamples } = this.options;
    const frames = end - start < frameSamples ? 0 : 1 + Math.floor((end - start - frameSamples) / hopSamples);
    const out = new Float32Array(frames).fill(NaN);
    const minLag = Math.floor(DIARIZATION_SAMPLE_RATE / this.options.maxHz);
    const maxLag = Math.min(frameSamples - 1, Math.ceil(DIARIZATION_SAMPLE_RATE / this.options.minHz));
    for (let f = 0; f < frames; f++) {
      const at = start + f * hopSamples;
      this.frame.fill(0);
      for (let i = 0; i < frameSamples; i++) this.frame[i] = audio[at + i] ?? 0;
      this.fft.realTransform(this.spectrum, this.frame);
      this.fft.completeSpectrum(this.spectrum);
      for (let i = 0; i < this.spectrum.length; i += 2) {
        this.spectrum[i] = (this.spectrum[i] ?? 0) ** 2 + (this.spectrum[i + 1] ?? 0) ** 2;
        this.spectrum[i + 1] = 0;
      }
      this.fft.inverseTransform(this.correlation, this.spectrum);
      const energy = this.correlation[0] ?? 0;
      if (energy <= 1e-9) continue;
      let bestLag = -1;
      let best = -Infinity;
      for (let lag = minLag; lag <= maxLag; lag++) {
        // Divide by the overlap length so long lags are not penalised for having fewer products.
        const value = ((this.correlation[2 * lag] ?? 0) / energy) * (frameSamples / (frameSamples - lag));
        if (value > best) {
          best = value;
          bestLag = lag;
        }
      }
      if (best >= this.options.voicing && bestLag > 0) out[f] = Math.log2(DIARIZATION_SAMPLE_RATE / bestLag);
    }
    return out;
  }
}

/** Median of the finite values in values[from, to), or NaN if none. */
export function voicedMedian(values: Float32Array, from: number, to: number): number {
  const voiced: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) if (Number.isFinite(values[i])) voiced.push(values[i] ?? 0);
  if (voiced.length === 0) return NaN;
  voiced.sort((a, b) => a - b);
  return voiced[Math.floor(voiced.length / 2)] ?? NaN;
}
