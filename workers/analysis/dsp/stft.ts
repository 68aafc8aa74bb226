/**
 * Short-time Fourier transform and its inverse on fft.js (radix-4, real input).
 * Analysis uses a periodic Hann window; synthesis uses the same window and
 * divides by the summed squared window (the weighted overlap-add of Griffin &
 * Lim 1984), which makes ISTFT(STFT(x)) = x wherever frames fully overlap, for
 * any hop that divides the frame size and leaves Σw² > 0 (hop ≤ size/2).
 *
 * Frames are "centred": frame t covers input samples [t·hop − size/2, t·hop + size/2),
 * so a frame's time is t·hop / sampleRate. The streaming classes in
 * stft-stream.ts use the same convention.
 */
import FFT from 'fft.js';

export interface Spectrum {
  /** Bins 0…size/2 inclusive. */
  re: Float32Array;
  im: Float32Array;
}

export function hannWindow(size: number): Float32Array {
  const window = new Float32Array(size);
  // Periodic (not symmetric): sums to a constant under overlap-add at size/4 and size/2 hops.
  for (let i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  return window;
}

export class FrameTransform {
  readonly bins: number;
  readonly window: Float32Array;
  private readonly fft: FFT;
  private readonly real: Float64Array;
  private readonly complex: Float64Array;
  private readonly time: Float64Array;

  constructor(readonly size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new RangeError(`FFT size must be a power of two ≥ 4, got ${size}`);
    this.bins = size / 2 + 1;
    this.window = hannWindow(size);
    this.fft = new FFT(size);
    this.real = new Float64Array(size);
    this.complex = new Float64Array(2 * size);
    this.time = new Float64Array(2 * size);
  }

  newSpectrum(): Spectrum {
    return { re: new Float32Array(this.bins), im: new Float32Array(this.bins) };
  }

  /** Windows `size` samples of `frame` (from `offset`) and writes their spectrum into `out`. */
  forward(frame: Float32Array, offset: number, out: Spectrum): void {
    const { real, complex, window, size } = this;
    for (let i = 0; i < size; i++) real[i] = (frame[offset + i] ?? 0) * (window[i] as number);
    this.fft.realTransform(complex, real);
    for (let k = 0; k < this.bins; k++) {
      out.re[k] = complex[2 * k] as number;
      out.im[k] = complex[2 * k + 1] as number;
    }
  }

  /** Inverse of `forward` without the window division: writes windowed time samples into `out`. */
  inverse(spectrum: Spectrum, out: Float32Array): void {
    const { complex, time, window, size, bins } = this;
    // Rebuild the Hermitian-symmetric full spectrum that fft.js's complex inverse needs.
    for (let k = 0; k < bins; k++) {
      complex[2 * k] = spectrum.re[k] as number;
      complex[2 * k + 1] = spectrum.im[k] as number;
    }
    for (let k = bins; k < size; k++) {
      complex[2 * k] = spectrum.re[size - k] as number;
      complex[2 * k + 1] = -(spectrum.im[size - k] as number);
    }
    this.fft.inverseTransform(time, complex);
    for (let i = 0; i < size; i++) out[i] = (time[2 * i] as number) * (window[i] as number);
  }
}

/** Overlap-add normalisation: where almost no window energy landed there is no signal to recover. */
export function safeDivide(sum: number, energy: number): number {
  return energy > 1e-8 ? sum / energy : 0;
}

/** Whole-signal STFT (centred frames, zero padding at both ends). */
export function stft(signal: Float32Array, size: number, hop: number): Spectrum[] {
  const transform = new FrameTransform(size);
  const frames = Math.floor(signal.length / hop) + 1;
  const padded = new Float32Array(signal.length + size);
  padded.set(signal, size / 2);
  const out: Spectrum[] = [];
  for (let t = 0; t < frames; t++) {
    const spectrum = transform.newSpectrum();
    transform.forward(padded, t * hop, spectrum);
    out.push(spectrum);
  }
  return out;
}

/** Whole-signal inverse of `stft`, returning `length` samples. */
export function istft(spectra: readonly Spectrum[], size: number, hop: number, length: number): Float32Array {
  const transform = new FrameTransform(size);
  const { window } = transform;
  const padded = new Float64Array((spectra.length - 1) * hop + size);
  // The window energy actually summed at each sample: exact at the edges too, where fewer frames overlap.
  const energy = new Float64Array(padded.length);
  const frame = new Float32Array(size);
  spectra.forEach((spectrum, t) => {
    transform.inverse(spectrum, frame);
    for (let i = 0; i < size; i++) {
      padded[t * hop + i] = (padded[t * hop + i] as number) + (frame[i] as number);
      energy[t * hop + i] = (energy[t * hop + i] as number) + (window[i] as number) ** 2;
    }
  });
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = safeDivide(padded[i + size / 2] as number, energy[i + size / 2] as number);
  return out;
}
