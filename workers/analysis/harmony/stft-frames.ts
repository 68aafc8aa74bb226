/**
 * Short-time magnitude spectra, one frame at a time, with fft.js (a maintained,
 * small radix-4 FFT). Frames are visited rather than stored because a
 * rehearsal can be an hour long: the chroma and timbre front ends keep only
 * what they reduce each spectrum to.
 *
 * Timing convention (shared by every feature here): frame i describes the
 * interval [i·hop, (i+1)·hop) samples, and its Hann window is centred on the
 * middle of that interval, zero-padded at the file's edges.
 */
import FFT from 'fft.js';

export interface StftLayout {
  fftSize: number;
  hop: number;
}

export type MagnitudeVisitor = (frame: number, magnitude: Float32Array) => void;

export function frameCount(sampleCount: number, hop: number): number {
  return Math.max(1, Math.ceil(sampleCount / hop));
}

export function hannWindow(size: number): Float32Array {
  const window = new Float32Array(size);
  for (let i = 0; i < size; i++) window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
  return window;
}

/** Calls `visit` for every frame with |X[k]| for k = 0…fftSize/2; the array is reused between calls. */
export function forEachMagnitudeFrame(samples: Float32Array, layout: StftLayout, visit: MagnitudeVisitor, frames?: Iterable<number>): void {
  const { fftSize, hop } = layout;
  if (fftSize < 16 || (fftSize & (fftSize - 1)) !== 0) throw new Error(`STFT size ${fftSize} must be a power of two ≥ 16`);
  const fft = new FFT(fftSize);
  const window = hannWindow(fftSize);
  const input = new Float64Array(fftSize);
  const spectrum = new Float64Array(2 * fftSize);
  const magnitude = new Float32Array(fftSize / 2 + 1);
  const total = frameCount(samples.length, hop);
  const order = frames ?? range(total);
  for (const frame of order) {
    const start = Math.round((frame + 0.5) * hop - fftSize / 2);
    for (let i = 0; i < fftSize; i++) {
      const at = start + i;
      input[i] = at >= 0 && at < samples.length ? (samples[at] ?? 0) * (window[i] ?? 0) : 0;
    }
    fft.realTransform(spectrum, input);
    for (let k = 0; k <= fftSize / 2; k++) {
      const re = spectrum[2 * k] ?? 0;
      const im = spectrum[2 * k + 1] ?? 0;
      magnitude[k] = Math.sqrt(re * re + im * im);
    }
    visit(frame, magnitude);
  }
}

function* range(count: number): Generator<number> {
  for (let i = 0; i < count; i++) yield i;
}

/** The FFT size whose window lasts about `seconds` at `sampleRate` (a power of two). */
export function fftSizeFor(sampleRate: number, seconds: number): number {
  return 2 ** Math.round(Math.log2(Math.max(16, sampleRate * seconds)));
}
