/**
 * Monophonic pitch per frame by YIN (de Cheveigné & Kawahara 2002): the
 * cumulative-mean-normalised difference function, its first dip under an
 * absolute threshold, parabolic interpolation. The difference function is
 * computed through one FFT cross-correlation per frame (fft.js) instead of the
 * textbook O(N·τ) double loop, which is what makes a 15 s bass stem take tens
 * of milliseconds rather than seconds. All buffers are allocated once.
 */
import FFT from 'fft.js';

export interface YinOptions {
  readonly sampleRate: number;
  /** Samples summed per lag (the integration window); 1024 at 22.05 kHz is 46 ms, two periods of a low E. */
  readonly integrationSamples: number;
  readonly hopSamples: number;
  readonly minHz: number;
  readonly maxHz: number;
  /** First dip of the normalised difference under this counts as the period (the paper's 0.1–0.15). */
  readonly threshold: number;
}

export interface PitchTrack {
  /** Hz per frame, NaN where no period was found. */
  readonly frequency: Float32Array;
  /** The normalised difference at the chosen lag, 0 (perfectly periodic) … 1 (noise). */
  readonly aperiodicity: Float32Array;
  /** RMS of the integration window per frame. */
  readonly rms: Float32Array;
  /** Seconds of frame f's centre: f · hopSeconds + offsetSeconds. */
  readonly hopSeconds: number;
  readonly offsetSeconds: number;
}

export class YinPitchTracker {
  readonly options: YinOptions;
  private readonly minLag: number;
  private readonly maxLag: number;
  private readonly frameLength: number;
  private readonly fft: FFT;
  private readonly head: Float64Array;
  private readonly frame: Float64Array;
  private readonly headSpectrum: Float64Array;
  private readonly frameSpectrum: Float64Array;
  private readonly product: Float64Array;
  private readonly correlation: Float64Array;
  private readonly difference: Float64Array;
  private readonly squares: Float64Array;

  constructor(options: YinOptions) {
    this.options = options;
    this.minLag = Math.max(2, Math.floor(options.sampleRate / options.maxHz));
    this.maxLag = Math.ceil(options.sampleRate / options.minHz);
    if (this.minLag >= this.maxLag) throw new RangeError(`YIN range ${options.minHz}–${options.maxHz} Hz is empty at ${options.sampleRate} Hz`);
    this.frameLength = options.integrationSamples + this.maxLag + 1;
    // Linear (not circular) correlation of the head against the whole frame needs size ≥ frame + head.
    const size = 2 ** Math.ceil(Math.log2(this.frameLength + options.integrationSamples));
    this.fft = new FFT(size);
    this.head = new Float64Array(size);
    this.frame = new Float64Array(size);
    this.headSpectrum = new Float64Array(size * 2);
    this.frameSpectrum = new Float64Array(size * 2);
    this.product = new Float64Array(size * 2);
    this.correlation = new Float64Array(size * 2);
    this.difference = new Float64Array(this.maxLag + 2);
    this.squares = new Float64Array(this.frameLength + 1);
  }

  track(audio: Float32Array): PitchTrack {
    const { hopSamples, integrationSamples, sampleRate } = this.options;
    const frames = audio.length < this.frameLength ? 0 : 1 + Math.floor((audio.length - this.frameLength) / hopSamples);
    const frequency = new Float32Array(frames).fill(NaN);
    const aperiodicity = new Float32Array(frames).fill(1);
    const rms = new Float32Array(frames);
    for (let f = 0; f < frames; f++) {
      const at = f * hopSamples;
      const energy = this.loadFrame(audio, at);
      rms[f] = Math.sqrt(energy / integrationSamples);
      if (energy <= 1e-12) continue;
      const lag = this.bestLag();
      if (lag === null) continue;
      frequency[f] = sampleRate / lag.period;
      aperiodicity[f] = lag.value;
    }
    return { frequency, aperiodicity, rms, hopSeconds: hopSamples / sampleRate, offsetSeconds: integrationSamples / 2 / sampleRate };
  }

  /** Copies the frame, fills the running energy and the difference function; returns the head's energy. */
  private loadFrame(audio: Float32Array, at: number): number {
    const n = this.options.integrationSamples;
    this.head.fill(0);
    this.frame.fill(0);
    this.squares[0] = 0;
    for (let i = 0; i < this.frameLength; i++) {
      const x = audio[at + i] ?? 0;
      this.frame[i] = x;
      if (i < n) this.head[i] = x;
      this.squares[i + 1] = (this.squares[i] as number) + x * x;
    }
    this.fft.realTransform(this.headSpectrum, this.head);
    this.fft.completeSpectrum(this.headSpectrum);
    this.fft.realTransform(this.frameSpectrum, this.frame);
    this.fft.completeSpectrum(this.frameSpectrum);
    // r(τ) = Σ head[j]·frame[j+τ] = IFFT(conj(H) · F)[τ]
    for (let k = 0; k < this.product.length; k += 2) {
      const hr = this.headSpectrum[k] as number;
      const hi = this.headSpectrum[k + 1] as number;
      const fr = this.frameSpectrum[k] as number;
      const fi = this.frameSpectrum[k + 1] as number;
      this.product[k] = hr * fr + hi * fi;
      this.product[k + 1] = hr * fi - hi * fr;
    }
    this.fft.inverseTransform(this.correlation, this.product);
    const e0 = this.squares[n] as number;
    for (let lag = 0; lag <= this.maxLag; lag++) {
      const shifted = (this.squares[lag + n] as number) - (this.squares[lag] as number);
      this.difference[lag] = Math.max(0, e0 + shifted - 2 * (this.correlation[2 * lag] as number));
    }
    return e0;
  }

  /** The cumulative-mean-normalised difference in place, then the first dip under the threshold. */
  private bestLag(): { period: number; value: number } | null {
    const d = this.difference;
    d[0] = 1;
    let running = 0;
    for (let lag = 1; lag <= this.maxLag; lag++) {
      running += d[lag] as number;
      d[lag] = running > 0 ? ((d[lag] as number) * lag) / running : 1;
    }
    let chosen = -1;
    for (let lag = this.minLag; lag <= this.maxLag; lag++) {
      if ((d[lag] as number) < this.options.threshold) {
        // Walk down to the bottom of this dip.
        while (lag + 1 <= this.maxLag && (d[lag + 1] as number) < (d[lag] as number)) lag++;
        chosen = lag;
        break;
      }
    }
    if (chosen < 0) return null;
    const before = d[chosen - 1] as number;
    const here = d[chosen] as number;
    const after = chosen + 1 <= this.maxLag ? (d[chosen + 1] as number) : here;
    const curvature = before + after - 2 * here;
    const shift = curvature > 0 ? (0.5 * (before - after)) / curvature : 0;
    return { period: chosen + Math.max(-0.5, Math.min(0.5, shift)), value: Math.max(0, Math.min(1, here)) };
  }
}
