/**
 * Repeated-section labels: segments are compared by their normalised block
 * similarity on the SSM, sim(i, j) / √(sim(i, i)·sim(j, j)), and grouped by
 * greedy single-link clustering in time order (the first section is A, the
 * next unlike anything earlier is B…), which is how a band names parts.
 * A segment joins the existing label it is most alike if that likeness clears
 * `threshold`; its confidence is how clearly it cleared (or missed) it.
 */
import { blockMean, type SelfSimilarity } from './self-similarity';

export interface LabelledSegment {
  label: string;
  confidence: number;
}

export function labelSegments(matrix: SelfSimilarity, bounds: readonly number[], threshold = 0.8): LabelledSegment[] {
  const segments = bounds.length - 1;
  const self = Array.from({ length: segments }, (_, i) => blockMean(matrix, bounds[i] ?? 0, bounds[i + 1] ?? 0, bounds[i] ?? 0, bounds[i + 1] ?? 0));
  const similarity = (i: number, j: number): number => {
    const cross = blockMean(matrix, bounds[i] ?? 0, bounds[i + 1] ?? 0, bounds[j] ?? 0, bounds[j + 1] ?? 0);
    const scale = Math.sqrt(Math.max(1e-9, (self[i] ?? 0) * (self[j] ?? 0)));
    return cross / scale;
  };
  const labelOf: number[] = [];
  const out: LabelledSegment[] = [];
  let labels = 0;
  for (let i = 0; i < segments; i++) {
    let best = -1;
    let bestSimilarity = -Infinity;
    for (let j = 0; j < i; j++) {
      const s = similarity(i, j);
      if (s > bestSimilarity) {
        bestSimilarity = s;
        best = labelOf[j] ?? -1;
      }
    }
    const joins = best >= 0 && bestSimilarity >= threshold;
    const label = joins ? best : labels++;
    labelOf.push(label);
    // Distance from the threshold, scaled so a margin of 0.2 or more is full confidence.
    const margin = best < 0 ? 1 : Math.abs(bestSimilarity - threshold) / 0.2;
    out.push({ label: sectionLetter(label), confidence: Math.min(1, margin) });
  }
  return out;
}

/** A, B, … Z, then A2, B2, … (a rehearsal rarely has more than a handful). */
export function sectionLetter(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : `${letter}${Math.floor(index / 26) + 1}`;
}
