/**
 * The autocorrelation tempogram (Grosche, Müller & Kurth 2010): the onset
 * envelope is cut into overlapping windows and each window's autocorrelation
 * shows which beat periods repeat there. Averaging all windows gives the
 * recording's dominant periods; each window alone gives the local tempo, which
 * is how we follow a band that speeds up through a take. Autocorrelation via
 * FFT (Wiener–Khinchin), zero-padded to avoid circular wrap.
 */
import FFT from 'fft.js';

export interface Tempogram {
  /** One autocorrelation per window, lags 0…maxLag (frames), normalised so lag 0 is 1. */
  windows: Float32Array[];
  /** Centre frame of each window. */
  centres: number[];
  maxLag: number;
}

/** 12 s windows every 3 s: long enough to hold 4 periods of a 40 BPM beat (the comb in tempo.ts looks that far). */
export const TEMPOGRAM_WINDOW_SECONDS = 12;
export const TEMPOGRAM_HOP_SECONDS = 3;

export function autocorrelationTempogram(envelope: Float32Array, frameRate: number): Tempogram {
  const length = Math.min(envelope.length, Math.round(TEMPOGRAM_WINDOW_SECONDS * frameRate));
  const hop = Math.round(TEMPOGRAM_HOP_SECONDS * frameRate);
  const maxLag = Math.floor(length / 2);
  let size = 4;
  while (size < 2 * length) size *= 2;
  const fft = new FFT(size);
  const input = new Float64Array(size);
  const spectrum = new Float64Array(2 * size);
  const power = new Float64Array(2 * size);
  const lags = new Float64Array(2 * size);
  const windows: Float32Array[] = [];
  const centres: number[] = [];
  const starts: number[] = [];
  for (let start = 0; start + length <= envelope.length; start += hop) starts.push(start);
  // Cover the end too, so the last seconds have a local tempo of their own.
  const lastStart = envelope.length - length;
  if (starts.length === 0 || (starts[starts.length - 1] as number) < lastStart) starts.push(Math.max(0, lastStart));
  for (const start of starts) {
    let mean = 0;
    for (let i = 0; i < length; i++) mean += envelope[start + i] as number;
    mean /= Math.max(1, length);
    input.fill(0);
    for (let i = 0; i < length; i++) input[i] = (envelope[start + i] as number) - mean;
    fft.realTransform(spectrum, input);
    fft.completeSpectrum(spectrum);
    for (let k = 0; k < size; k++) {
      power[2 * k] = (spectrum[2 * k] as number) ** 2 + (spectrum[2 * k + 1] as number) ** 2;
      power[2 * k + 1] = 0;
    }
    fft.inverseTransform(lags, power);
    const acf = new Float32Array(maxLag + 1);
    const zero = lags[0] as number;
    // Unbiased (divide by the overlap), so long lags are not penalised just for overlapping less.
    for (let lag = 0; lag <= maxLag; lag++) acf[lag] = zero > 0 ? ((lags[2 * lag] as number) / (length - lag)) / (zero / length) : 0;
    windows.push(acf);
    centres.push(start + length / 2);
  }
  return { windows, centres, maxLag };
}
