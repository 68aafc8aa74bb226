// Cosine clustering in a per-file standardised space is relative: it will
// split even a single voice into "speakers". This check is absolute: two
// clusters stay apart only if their mean raw features differ by more than
// chance allows, a two-sample t statistic per dimension (pooled within-cluster
// variance), root-mean-squared over dimensions. Pairs below the bar are merged,
// closest first, until every remaining pair clears it.

/** Relabels `labels` (0..k-1) so that no two clusters are statistically indistinct; returns the new labels. */
export function mergeIndistinctClusters(raw: readonly Float32Array[], labels: Int32Array, minSeparation: number, evidenceCap = Infinity): Int32Array {
  const merged = Int32Array.from(labels);
  for (;;) {
    const ids = [...new Set(merged)];
    if (ids.length < 2) return compact(merged);
    let worst = Infinity;
    let pair: [number, number] = [0, 0];
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i] as number;
        const b = ids[j] as number;
        const t = separation(raw, merged, a, b, evidenceCap);
        if (t < worst) {
          worst = t;
          pair = [a, b];
        }
      }
    }
    if (worst >= minSeparation) return compact(merged);
    for (let i = 0; i < merged.length; i++) if (merged[i] === pair[1]) merged[i] = pair[0];
  }
}

/** RMS over dimensions of Welch-free (pooled) two-sample t statistics between clusters a and b. */
/**
 * `evidenceCap` limits the window count used for the standard error: with
 * thousands of windows any systematic wobble (a cluster of one voice's louder
 * sentences) becomes "significant", yet it is still one person.
 */
export function separation(raw: readonly Float32Array[], labels: Int32Array, a: number, b: number, evidenceCap = Infinity): number {
  const dimension = raw[0]?.length ?? 0;
  const sums = [new Float64Array(dimension), new Float64Array(dimension)] as const;
  const squares = [new Float64Array(dimension), new Float64Array(dimension)] as const;
  const counts = [0, 0];
  raw.forEach((v, i) => {
    if (labels[i] !== a && labels[i] !== b) return;
    const side = labels[i] === a ? 0 : 1;
    counts[side] = (counts[side] ?? 0) + 1;
    for (let d = 0; d < dimension; d++) {
      sums[side][d] = (sums[side][d] ?? 0) + (v[d] ?? 0);
      squares[side][d] = (squares[side][d] ?? 0) + (v[d] ?? 0) ** 2;
    }
  });
  const [na, nb] = counts as [number, number];
  // One window on a side gives no variance estimate: call it indistinct, it is too little evidence for a new person.
  if (na < 2 || nb < 2) return 0;
  let total = 0;
  for (let d = 0; d < dimension; d++) {
    const ma = (sums[0][d] ?? 0) / na;
    const mb = (sums[1][d] ?? 0) / nb;
    const pooled = ((squares[0][d] ?? 0) - na * ma * ma + (squares[1][d] ?? 0) - nb * mb * mb) / (na + nb - 2);
    if (pooled <= 1e-12) continue;
    total += (ma - mb) ** 2 / (pooled * (1 / Math.min(na, evidenceCap) + 1 / Math.min(nb, evidenceCap)));
  }
  return Math.sqrt(total / Math.max(1, dimension));
}

function compact(labels: Int32Array): Int32Array {
  const names = new Map<number, number>();
  return labels.map((label) => {
    if (!names.has(label)) names.set(label, names.size);
    return names.get(label) ?? 0;
  });
}
