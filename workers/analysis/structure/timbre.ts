/**
 * Timbre per frame: MFCC-like coefficients (Davis & Mermelstein 1980) from a
 * mel filterbank on the STFT, log, then a DCT-II. c0 (overall loudness) is
 * dropped: sections are told apart by what plays (strings vs piano, drums in
 * or out), not by how loud the take was. Frames follow the chroma's timing
 * convention (frame i = [i·hop, (i+1)·hop)), so the two stack row by row.
 */
import { forEachMagnitudeFrame, frameCount } from '../harmony/stft-frames';

export const TIMBRE_COEFFICIENTS = 12;
const MEL_BANDS = 40;
const LOW_HZ = 40;

export interface TimbreFrames {
  /** Row-major, TIMBRE_COEFFICIENTS per frame. */
  coefficients: Float32Array;
  frames: number;
}

function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/** Triangular mel filters as dense rows over the FFT bins (40 × fftSize/2 is small). */
function melFilterbank(sampleRate: number, fftSize: number): Float32Array[] {
  const high = Math.min(8000, sampleRate / 2);
  const edges = Array.from({ length: MEL_BANDS + 2 }, (_, i) => melToHz(hzToMel(LOW_HZ) + ((hzToMel(high) - hzToMel(LOW_HZ)) * i) / (MEL_BANDS + 1)));
  const bins = fftSize / 2 + 1;
  return Array.from({ length: MEL_BANDS }, (_, band) => {
    const row = new Float32Array(bins);
    const [lo = 0, mid = 0, hi = 0] = [edges[band], edges[band + 1], edges[band + 2]];
    for (let k = 0; k < bins; k++) {
      const hz = (k * sampleRate) / fftSize;
      if (hz > lo && hz < hi) row[k] = hz <= mid ? (hz - lo) / (mid - lo) : (hi - hz) / (hi - mid);
    }
    return row;
  });
}

export function computeTimbre(samples: Float32Array, sampleRate: number, hop: number): TimbreFrames {
  const fftSize = 2 ** Math.round(Math.log2(sampleRate * 0.093)); // ≈ 93 ms: the usual MFCC window
  const filters = melFilterbank(sampleRate, fftSize);
  const frames = frameCount(samples.length, hop);
  const coefficients = new Float32Array(frames * TIMBRE_COEFFICIENTS);
  const logBands = new Float32Array(MEL_BANDS);
  const cosines = new Float32Array(TIMBRE_COEFFICIENTS * MEL_BANDS);
  for (let c = 0; c < TIMBRE_COEFFICIENTS; c++) {
    for (let b = 0; b < MEL_BANDS; b++) cosines[c * MEL_BANDS + b] = Math.cos((Math.PI * (c + 1) * (b + 0.5)) / MEL_BANDS);
  }
  forEachMagnitudeFrame(samples, { fftSize, hop }, (frame, magnitude) => {
    for (let b = 0; b < MEL_BANDS; b++) {
      const filter = filters[b] as Float32Array;
      let energy = 0;
      for (let k = 0; k < filter.length; k++) {
        const w = filter[k] ?? 0;
        if (w > 0) energy += w * (magnitude[k] ?? 0) ** 2;
      }
      logBands[b] = Math.log(energy + 1e-10);
    }
    for (let c = 0; c < TIMBRE_COEFFICIENTS; c++) {
      let sum = 0;
      for (let b = 0; b < MEL_BANDS; b++) sum += (cosines[c * MEL_BANDS + b] ?? 0) * (logBands[b] ?? 0);
      coefficients[frame * TIMBRE_COEFFICIENTS + c] = sum;
    }
  });
  return { coefficients, frames };
}
