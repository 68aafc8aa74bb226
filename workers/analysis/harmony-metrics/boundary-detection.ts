/**
 * Section boundary detection (mir_eval.segment.detection, trim = false):
 * boundaries are the distinct segment edges (the piece's start and end
 * included); an estimate hits a reference when they are within `window`
 * seconds, each used at most once, with a maximum matching (as mir_eval's
 * match_events) rather than greedy pairing. Precision, recall and F1.
 */
export interface BoundaryScore {
  precision: number;
  recall: number;
  f: number;
  hits: number;
}

export function boundariesOf(intervals: readonly (readonly [number, number])[]): number[] {
  const all = intervals.flatMap(([a, b]) => [a, b]).map((t) => Math.round(t * 1e6) / 1e6);
  return [...new Set(all)].sort((a, b) => a - b);
}

/**
 * mir_eval.segment.evaluate first stretches or trims the estimate to the
 * reference's span (util.adjust_intervals); this does the same for boundaries:
 * drop those outside [0, end], and make sure 0 and `end` are there.
 */
export function adjustToSpan(boundaries: readonly number[], end: number): number[] {
  const inside = boundaries.filter((t) => t > 0 && t < end);
  return [0, ...inside, end];
}

export function boundaryDetection(reference: readonly number[], estimate: readonly number[], window: number): BoundaryScore {
  const hits = maximumMatching(reference, estimate, window);
  const precision = estimate.length > 0 ? hits / estimate.length : 0;
  const recall = reference.length > 0 ? hits / reference.length : 0;
  const f = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f, hits };
}

/** Kuhn's augmenting paths: boundary lists are tens long, so O(V·E) is nothing. */
function maximumMatching(reference: readonly number[], estimate: readonly number[], window: number): number {
  const neighbours = reference.map((r) => estimate.flatMap((e, j) => (Math.abs(r - e) <= window ? [j] : [])));
  const owner = new Int32Array(estimate.length).fill(-1);
  const tryAssign = (r: number, seen: Uint8Array): boolean => {
    for (const j of neighbours[r] ?? []) {
      if (seen[j]) continue;
      seen[j] = 1;
      const current = owner[j] ?? -1;
      if (current < 0 || tryAssign(current, seen)) {
        owner[j] = r;
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (let r = 0; r < reference.length; r++) if (tryAssign(r, new Uint8Array(estimate.length))) matched++;
  return matched;
}
