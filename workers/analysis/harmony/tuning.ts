/**
 * Tuning: how far the band's reference pitch sits from A440, in cents, so the
 * chroma bins can be centred on the notes actually played (a band tuned to a
 * piano at A436 would otherwise smear every note across two bins).
 *
 * Method: spectral peaks with parabolic interpolation on the log magnitude
 * (Smith & Serra's quadratic peak interpolation), each peak's deviation from
 * the nearest equal-tempered semitone, and a magnitude-weighted circular mean
 * of those deviations (the wrap at ±50 cents is why it is circular).
 */
import { forEachMagnitudeFrame, frameCount, type StftLayout } from './stft-frames';

export interface TuningEstimate {
  /** Deviation from A440 in cents, in [-50, 50). */
  cents: number;
  /** Length of the mean resultant vector, 0…1: near 1 when every peak agrees. */
  agreement: number;
  peaks: number;
}

const LOW_HZ = 100;
const HIGH_HZ = 2000;
/** Peaks below this fraction of the frame's loudest bin are leakage or noise. */
const RELATIVE_FLOOR = 0.05;
/** Enough frames to be stable; more only costs time on long files. */
const MAX_FRAMES = 300;

export function estimateTuning(samples: Float32Array, sampleRate: number, layout: StftLayout): TuningEstimate {
  const { fftSize, hop } = layout;
  const binHz = sampleRate / fftSize;
  const lo = Math.max(2, Math.floor(LOW_HZ / binHz));
  const hi = Math.min(fftSize / 2 - 2, Math.ceil(HIGH_HZ / binHz));
  const total = frameCount(samples.length, hop);
  const stride = Math.max(1, Math.floor(total / MAX_FRAMES));
  let sumCos = 0;
  let sumSin = 0;
  let sumWeight = 0;
  let peaks = 0;
  const frames: number[] = [];
  for (let f = 0; f < total; f += stride) frames.push(f);
  forEachMagnitudeFrame(
    samples,
    layout,
    (_frame, magnitude) => {
      let loudest = 0;
      for (let k = lo; k <= hi; k++) loudest = Math.max(loudest, magnitude[k] ?? 0);
      if (loudest <= 1e-9) return;
      const floor = loudest * RELATIVE_FLOOR;
      for (let k = lo; k <= hi; k++) {
        const b = magnitude[k] ?? 0;
        const a = magnitude[k - 1] ?? 0;
        const c = magnitude[k + 1] ?? 0;
        if (b < floor || b <= a || b < c) continue;
        const la = Math.log(a + 1e-12);
        const lb = Math.log(b);
        const lc = Math.log(c + 1e-12);
        const curvature = la - 2 * lb + lc;
        const offset = curvature < 0 ? (0.5 * (la - lc)) / curvature : 0;
        const hz = (k + offset) * binHz;
        const semitones = 12 * Math.log2(hz / 440);
        const deviation = semitones - Math.round(semitones);
        const angle = 2 * Math.PI * deviation;
        sumCos += b * Math.cos(angle);
        sumSin += b * Math.sin(angle);
        sumWeight += b;
        peaks++;
      }
    },
    frames
  );
  if (sumWeight === 0) return { cents: 0, agreement: 0, peaks: 0 };
  let cents = (Math.atan2(sumSin, sumCos) / (2 * Math.PI)) * 100;
  if (cents >= 50) cents -= 100;
  return { cents, agreement: Math.hypot(sumCos, sumSin) / sumWeight, peaks };
}
