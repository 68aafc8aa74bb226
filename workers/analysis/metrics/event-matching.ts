/**
 * Precision, recall and F-measure of detected events (onsets, beats) against
 * reference times, mir_eval style: each reference may be matched by at most
 * one estimate within ±tolerance, and the number of matches is the largest
 * such one-to-one matching. On a line with one fixed tolerance, matching
 * greedily in time order is maximal (the tolerance windows are intervals in
 * the same order as their centres), so no Hopcroft–Karp is needed.
 */

export interface EventScores {
  precision: number;
  recall: number;
  fMeasure: number;
  matches: number;
}

/** Size of the largest one-to-one matching of events within ±tolerance seconds. */
export function countMatches(reference: readonly number[], estimate: readonly number[], tolerance: number): number {
  const ref = [...reference].sort((a, b) => a - b);
  const est = [...estimate].sort((a, b) => a - b);
  let i = 0;
  let j = 0;
  let matches = 0;
  while (i < ref.length && j < est.length) {
    const r = ref[i] as number;
    const e = est[j] as number;
    if (Math.abs(r - e) <= tolerance) {
      matches++;
      i++;
      j++;
    } else if (e < r) j++;
    else i++;
  }
  return matches;
}

export function eventScores(reference: readonly number[], estimate: readonly number[], tolerance: number): EventScores {
  // mir_eval scores an empty reference or estimate as 0 (not undefined), and so do we.
  if (reference.length === 0 || estimate.length === 0) return { precision: 0, recall: 0, fMeasure: 0, matches: 0 };
  const matches = countMatches(reference, estimate, tolerance);
  const precision = matches / estimate.length;
  const recall = matches / reference.length;
  const fMeasure = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, fMeasure, matches };
}

/** Onset detection score (mir_eval.onset.f_measure: ±50 ms). */
export function onsetScores(reference: readonly number[], estimate: readonly number[], tolerance = 0.05): EventScores {
  return eventScores(reference, estimate, tolerance);
}

/**
 * Beat tracking F-measure (mir_eval.beat.f_measure: ±70 ms). Like mir_eval's
 * trim_beats, beats in the first `ignoreBefore` seconds are dropped from both
 * lists, because trackers need a few beats to lock on.
 */
export function beatScores(reference: readonly number[], estimate: readonly number[], options: { tolerance?: number; ignoreBefore?: number } = {}): EventScores {
  const from = options.ignoreBefore ?? 5;
  return eventScores(
    reference.filter((t) => t >= from),
    estimate.filter((t) => t >= from),
    options.tolerance ?? 0.07
  );
}
