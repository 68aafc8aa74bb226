// Mel-frequency cepstral coefficients, the classic speaker/voice descriptor:
// 25 ms Hamming frames every 10 ms, 512-point FFT (fft.js), a triangular mel
// filterbank and an orthonormal DCT-II, all precomputed once per analyser.
import FFT from 'fft.js';
import { DIARIZATION_SAMPLE_RATE } from './types.ts';

export interface MfccOptions {
  readonly frameSamples: number;
  readonly hopSamples: number;
  readonly fftSize: number;
  readonly melBands: number;
  readonly coefficients: number;
  readonly lowHz: number;
  readonly highHz: number;
}

export const DEFAULT_MFCC: MfccOptions = {
  frameSamples: 400,
  hopSamples: 160,
  fftSize: 512,
  melBands: 40,
  coefficients: 20,
  // 7.6 kHz keeps the top band below Nyquist; 8 kHz telephone audio simply
  // leaves the upper bands near the floor, which the later normalisation absorbs.
  lowHz: 40,
  highHz: 7600
};

const mel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const hz = (m: number): number => 700 * (10 ** (m / 2595) - 1);

/** Triangular filters as (first bin, weights) pairs: most of a dense matrix would be zeros. */
function melFilterbank(options: MfccOptions): { first: number; weights: Float32Array }[] {
  const bins = options.fftSize / 2 + 1;
  const edges = Array.from({ length: options.melBands + 2 }, (_, i) =>
    hz(mel(options.lowHz) + ((mel(options.highHz) - mel(options.lowHz)) * i) / (options.melBands + 1))
  );
  const binHz = DIARIZATION_SAMPLE_RATE / options.fftSize;
  return Array.from({ length: options.melBands }, (_, band) => {
    const [left, centre, right] = [edges[band] ?? 0, edges[band + 1] ?? 0, edges[band + 2] ?? 0];
    const first = Math.max(0, Math.ceil(left / binHz));
    const last = Math.min(bins - 1, Math.floor(right / binHz));
    const weights = new Float32Array(Math.max(0, last - first + 1));
    for (let bin = first; bin <= last; bin++) {
      const f = bin * binHz;
      weights[bin - first] = f <= centre ? (f - left) / (centre - left) : (right - f) / (right - centre);
    }
    return { first, weights };
  });
}

export class MfccAnalyser {
  readonly options: MfccOptions;
  private readonly fft: FFT;
  private readonly window: Float32Array;
  private readonly filters: { first: number; weights: Float32Array }[];
  private readonly dct: Float32Array;
  private readonly frame: Float64Array;
  private readonly spectrum: Float64Array;
  private readonly power: Float64Array;
  private readonly logMel: Float64Array;

  constructor(options: MfccOptions = DEFAULT_MFCC) {
    this.options = options;
    this.fft = new FFT(options.fftSize);
    this.window = Float32Array.from({ length: options.frameSamples }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (options.frameSamples - 1)));
    this.filters = melFilterbank(options);
    this.dct = new Float32Array(options.coefficients * options.melBands);
    for (let k = 0; k < options.coefficients; k++) {
      const scale = Math.sqrt((k === 0 ? 1 : 2) / options.melBands);
      for (let n = 0; n < options.melBands; n++) this.dct[k * options.melBands + n] = scale * Math.cos((Math.PI * k * (n + 0.5)) / options.melBands);
    }
    this.frame = new Float64Array(options.fftSize);
    this.spectrum = new Float64Array(options.fftSize * 2);
    this.power = new Float64Array(options.fftSize / 2 + 1);
    this.logMel = new Float64Array(options.melBands);
  }

  /** Number of frames `analyse` returns for a span of `samples` samples. */
  frameCount(samples: number): number {
    return samples < this.options.frameSamples ? (samples > 0 ? 1 : 0) : 1 + Math.floor((samples - this.options.frameSamples) / this.options.hopSamples);
  }

  /** MFCC frames for audio[start, end): row-major, `coefficients` values per frame, c0 first. */
  analyse(audio: Float32Array, start: number, end: number): Float32Array {
    const { frameSamples, hopSamples, coefficients, melBands } = this.options;
    const frames = this.frameCount(end - start);
    const out = new Float32Array(frames * coefficients);
    for (let f = 0; f < frames; f++) {
      const at = start + f * hopSamples;
      this.frame.fill(0);
      // Pre-emphasis (0.97) flattens the speech spectrum's tilt so upper formants count.
      for (let i = 0; i < frameSamples && at + i < end; i++) {
        const previous = at + i > 0 ? (audio[at + i - 1] ?? 0) : 0;
        this.frame[i] = ((audio[at + i] ?? 0) - 0.97 * previous) * (this.window[i] ?? 0);
      }
      this.fft.realTransform(this.spectrum, this.frame);
      for (let bin = 0; bin < this.power.length; bin++) {
        const re = this.spectrum[2 * bin] ?? 0;
        const im = this.spectrum[2 * bin + 1] ?? 0;
        this.power[bin] = re * re + im * im;
      }
      for (let band = 0; band < melBands; band++) {
        const filter = this.filters[band];
        let energy = 0;
        if (filter) for (let i = 0; i < filter.weights.length; i++) energy += (filter.weights[i] ?? 0) * (this.power[filter.first + i] ?? 0);
        // The floor (≈ −100 dB) keeps digital silence and empty telephone bands finite.
        this.logMel[band] = Math.log(energy + 1e-10);
      }
      for (let k = 0; k < coefficients; k++) {
        let sum = 0;
        for (let n = 0; n < melBands; n++) sum += (this.dct[k * melBands + n] ?? 0) * (this.logMel[n] ?? 0);
        out[f * coefficients + k] = sum;
      }
    }
    return out;
  }
}
