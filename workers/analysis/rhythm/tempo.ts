/**
 * Tempo from the tempogram. Each candidate beat period τ is scored by a comb
 * over its multiples, Σₘ A(m·τ)/m for m = 1…4 (a true beat period repeats at
 * 2τ, 3τ, 4τ; a sub-beat like the eighth-note hi-hat does not reach 3τ/2 as
 * strongly), weighted by a log-normal prior centred on 120 BPM with one octave
 * of spread (the perceptual resonance of Moelants 2002, used by Ellis 2007 and
 * librosa). The comb resolves the "double tempo" error, the prior the "half
 * tempo" one. The peak is refined by parabolic interpolation, since one frame
 * of lag is 2.7 % at 140 BPM.
 */
import type { Tempogram } from './tempogram';

export const MIN_BPM = 40;
export const MAX_BPM = 240;
const PRIOR_BPM = 120;
const PRIOR_OCTAVES = 1;
const COMB_WEIGHTS = [1, 1 / 2, 1 / 3, 1 / 4];
/** How far a local tempo may stray from the global one before we call it another octave instead. */
const LOCAL_RANGE = [0.8, 1.25] as const;

export interface TempoEstimate {
  bpm: number;
  /** Beat period in envelope frames (fractional). */
  period: number;
  /** Share of the prior-weighted comb score the winner has over the runner-up outside its ±10 %: 0 (ambiguous) … 1. */
  confidence: number;
  /** Local beat period per tempogram window (frames), for drift across a long take. */
  localPeriods: number[];
  localCentres: number[];
}

function sampleAt(acf: ArrayLike<number>, lag: number): number {
  const i = Math.floor(lag);
  const frac = lag - i;
  if (i + 1 >= acf.length) return 0;
  return (acf[i] as number) * (1 - frac) + (acf[i + 1] as number) * frac;
}

function combScore(acf: ArrayLike<number>, lag: number): number {
  let score = 0;
  COMB_WEIGHTS.forEach((weight, m) => {
    score += weight * Math.max(0, sampleAt(acf, lag * (m + 1)));
  });
  return score;
}

/** Best lag of `score` over integer lags in [lo, hi], refined by a parabola through its neighbours. */
function peakLag(score: (lag: number) => number, lo: number, hi: number): { lag: number; value: number } {
  let best = lo;
  let bestValue = -Infinity;
  for (let lag = lo; lag <= hi; lag++) {
    const value = score(lag);
    if (value > bestValue) [best, bestValue] = [lag, value];
  }
  if (best <= lo || best >= hi) return { lag: best, value: bestValue };
  const left = score(best - 1);
  const right = score(best + 1);
  const curvature = left - 2 * bestValue + right;
  const offset = curvature < 0 ? (0.5 * (left - right)) / curvature : 0;
  return { lag: best + Math.max(-0.5, Math.min(0.5, offset)), value: bestValue };
}

export function estimateTempo(tempogram: Tempogram, frameRate: number): TempoEstimate {
  const { windows, maxLag } = tempogram;
  const mean = new Float32Array(maxLag + 1);
  for (const acf of windows) for (let lag = 0; lag <= maxLag; lag++) mean[lag] = (mean[lag] as number) + (acf[lag] as number) / windows.length;
  const lo = Math.max(2, Math.floor((60 * frameRate) / MAX_BPM));
  const hi = Math.min(Math.floor(maxLag / 2), Math.ceil((60 * frameRate) / MIN_BPM));
  const prior = (lag: number): number => Math.exp(-0.5 * (Math.log2((60 * frameRate) / lag / PRIOR_BPM) / PRIOR_OCTAVES) ** 2);
  const weighted = (lag: number): number => prior(lag) * combScore(mean, lag);
  const best = peakLag(weighted, lo, Math.max(lo, hi));
  let rival = 0;
  for (let lag = lo; lag <= hi; lag++) if (Math.abs(lag - best.lag) > 0.1 * best.lag) rival = Math.max(rival, weighted(lag));
  const confidence = best.value > 0 ? Math.max(0, Math.min(1, (best.value - rival) / best.value)) : 0;

  const localPeriods = windows.map((acf) => {
    const from = Math.max(lo, Math.floor(best.lag * LOCAL_RANGE[0]));
    const to = Math.min(hi, Math.ceil(best.lag * LOCAL_RANGE[1]));
    return to > from ? peakLag((lag) => combScore(acf, lag), from, to).lag : best.lag;
  });
  return { bpm: (60 * frameRate) / best.lag, period: best.lag, confidence, localPeriods: medianSmooth(localPeriods, 2), localCentres: tempogram.centres };
}

/** A running median over ±half windows: one noisy window must not bend the beat grid. */
function medianSmooth(values: number[], half: number): number[] {
  return values.map((_, i) => {
    const window = values.slice(Math.max(0, i - half), i + half + 1).sort((a, b) => a - b);
    return window[window.length >> 1] as number;
  });
}
