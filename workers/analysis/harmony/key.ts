/**
 * Global key: the Krumhansl–Schmuckler method on a duration-weighted chroma
 * sum: Pearson correlation with all 24 rotated key profiles, best wins.
 * Confidence is a softmax over the 24 correlations (temperature chosen so a
 * clear tonal piece scores ≈ 0.6–0.9 and a relative-key tie ≈ 0.5), and the
 * runner-up is reported because the usual mistakes (relative, fifth) are
 * exactly the keys a musician would want to see next.
 */
import type { ChromaSequence } from './chroma-sequence';
import { KEY_PROFILES, type KeyProfileName } from './key-profiles';
import { keyLabel, toPitchClass, type Mode, type PitchClass } from './pitch-class';

export interface KeyCandidate {
  tonic: PitchClass;
  mode: Mode;
  /** MIREX spelling, e.g. "G major". */
  label: string;
  /** Pearson correlation with the rotated profile, −1…1. */
  correlation: number;
}

export interface KeyEstimate extends KeyCandidate {
  confidence: number;
  runnerUp: KeyCandidate;
  /** The pitch-class distribution the decision was made on (sums to 1; zeros when silent). */
  profile: Float32Array;
}

export interface KeyOptions {
  profile?: KeyProfileName;
  /** Only spans in [from, to) seconds count (for a per-section key). */
  from?: number;
  to?: number;
}

const SOFTMAX_TEMPERATURE = 0.04;

export function estimateKey(sequence: ChromaSequence, options: KeyOptions = {}): KeyEstimate {
  const profiles = KEY_PROFILES[options.profile ?? 'temperley-kostka-payne'];
  const from = options.from ?? -Infinity;
  const to = options.to ?? Infinity;
  const histogram = new Float64Array(12);
  for (let i = 0; i < sequence.starts.length; i++) {
    const start = Math.max(from, sequence.starts[i] ?? 0);
    const end = Math.min(to, sequence.ends[i] ?? 0);
    if (end <= start) continue;
    for (let p = 0; p < 12; p++) histogram[p] = (histogram[p] ?? 0) + (end - start) * (sequence.chroma[i * 12 + p] ?? 0);
  }
  const candidates: KeyCandidate[] = [];
  for (const mode of ['major', 'minor'] as const) {
    for (let tonic = 0; tonic < 12; tonic++) {
      const correlation = rotatedCorrelation(histogram, mode === 'major' ? profiles.major : profiles.minor, tonic);
      candidates.push({ tonic: toPitchClass(tonic), mode, label: keyLabel(tonic, mode), correlation });
    }
  }
  candidates.sort((a, b) => b.correlation - a.correlation);
  const best = candidates[0] as KeyCandidate;
  const runnerUp = candidates[1] as KeyCandidate;
  let partition = 0;
  for (const c of candidates) partition += Math.exp((c.correlation - best.correlation) / SOFTMAX_TEMPERATURE);
  const total = histogram.reduce((a, b) => a + b, 0);
  const profile = Float32Array.from(histogram, (v) => (total > 0 ? v / total : 0));
  // Silence or a flat spectrum has no key: say so with zero confidence rather than a guess.
  const confidence = total > 0 && Number.isFinite(best.correlation) ? 1 / partition : 0;
  return { ...best, confidence, runnerUp, profile };
}

function rotatedCorrelation(histogram: Float64Array, profile: readonly number[], tonic: number): number {
  let meanX = 0;
  let meanY = 0;
  for (let p = 0; p < 12; p++) {
    meanX += histogram[p] ?? 0;
    meanY += profile[p] ?? 0;
  }
  meanX /= 12;
  meanY /= 12;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (let p = 0; p < 12; p++) {
    const x = (histogram[(p + tonic) % 12] ?? 0) - meanX;
    const y = (profile[p] ?? 0) - meanY;
    xy += x * y;
    xx += x * x;
    yy += y * y;
  }
  return xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
}
