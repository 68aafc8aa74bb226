/**
 * Boundary novelty (Foote 2000): a Gaussian-tapered checkerboard kernel slid
 * along the self-similarity matrix's diagonal. It peaks where the music before
 * a point is self-similar, the music after is self-similar, and the two are
 * unlike each other: a section change. Near the edges the kernel shrinks
 * symmetrically and the sum is normalised by its weight.
 */
import type { SelfSimilarity } from './self-similarity';

export function footeNovelty(matrix: SelfSimilarity, halfWidth: number): Float32Array {
  const n = matrix.size;
  const novelty = new Float32Array(n);
  const sigma = Math.max(1, halfWidth / 2);
  const taper = new Float32Array(2 * halfWidth);
  for (let a = 0; a < 2 * halfWidth; a++) {
    const offset = a - halfWidth + 0.5;
    taper[a] = Math.exp(-(offset * offset) / (2 * sigma * sigma));
  }
  for (let i = 0; i < n; i++) {
    // Shrink the kernel symmetrically near the edges: a cut kernel that keeps only the "after" quadrant
    // would read the opening's self-similarity as novelty.
    const h = Math.min(halfWidth, i, n - i);
    if (h < Math.max(2, halfWidth / 2)) continue; // too little context either side to judge
    let sum = 0;
    let weight = 0;
    for (let a = 0; a < 2 * h; a++) {
      const row = i - h + a;
      const rowSign = a < h ? -1 : 1;
      const wa = taper[halfWidth - h + a] ?? 0;
      for (let b = 0; b < 2 * h; b++) {
        const w = wa * (taper[halfWidth - h + b] ?? 0);
        const sign = rowSign * (b < h ? -1 : 1);
        sum += sign * w * (matrix.values[row * n + i - h + b] ?? 0);
        weight += w;
      }
    }
    novelty[i] = weight > 0 ? Math.max(0, sum / weight) : 0;
  }
  return novelty;
}

export interface NoveltyPeak {
  index: number;
  /** 0…1: the peak's height above the curve's median, relative to the tallest peak's. */
  strength: number;
}

/**
 * Peaks that are the maximum within ±`spacing` steps and stand out from the
 * curve (above median + `sensitivity`·(max − median)), so one section change is
 * one boundary and the ripple of chord changes inside a section is not.
 */
export function pickPeaks(novelty: Float32Array, spacing: number, sensitivity = 0.2): NoveltyPeak[] {
  const sorted = Float32Array.from(novelty).sort();
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  if (max - median <= 1e-6) return [];
  const threshold = median + sensitivity * (max - median);
  const peaks: NoveltyPeak[] = [];
  for (let i = 1; i < novelty.length - 1; i++) {
    const value = novelty[i] ?? 0;
    if (value < threshold) continue;
    let isMax = true;
    for (let j = Math.max(0, i - spacing); j <= Math.min(novelty.length - 1, i + spacing) && isMax; j++) {
      if (j !== i && ((novelty[j] ?? 0) > value || ((novelty[j] ?? 0) === value && j < i))) isMax = false;
    }
    if (isMax) peaks.push({ index: i, strength: Math.min(1, (value - median) / (max - median)) });
  }
  return peaks;
}
