// Average-linkage agglomerative clustering on cosine distance, by the
// nearest-neighbour-chain algorithm: O(n²) time and one condensed distance
// matrix, where the textbook "find the closest pair, repeat" is O(n³).
// Average linkage is reducible, so the chain finds the same merges as the
// greedy order; sorting them by height lets us cut at a distance threshold
// (automatic speaker count) or at a requested number of clusters.
import { unitCosine } from './embedding-space.ts';

export interface ClusteringOptions {
  /** Stop merging when the closest clusters are further apart than this (cosine distance, 0..2). */
  readonly threshold: number;
  /** The user's "number of speakers": overrides the threshold when given. */
  readonly clusterCount?: number;
}

export interface Merge {
  readonly a: number;
  readonly b: number;
  readonly distance: number;
}

/** Every merge of the full dendrogram, sorted by distance (lowest first). `vectors` must be unit length. */
export function averageLinkageMerges(vectors: readonly Float32Array[]): Merge[] {
  const n = vectors.length;
  const at = (i: number, j: number): number => (i < j ? i * n - (i * (i + 1)) / 2 + j - i - 1 : j * n - (j * (j + 1)) / 2 + i - j - 1);
  const distances = new Float32Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) {
    const vi = vectors[i] as Float32Array;
    for (let j = i + 1; j < n; j++) distances[at(i, j)] = 1 - unitCosine(vi, vectors[j] as Float32Array);
  }
  const size = new Float64Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const merges: Merge[] = [];
  const chain: number[] = [];
  for (let remaining = n; remaining > 1; ) {
    if (chain.length === 0) chain.push(active.indexOf(1));
    const a = chain[chain.length - 1] as number;
    const previous = chain.length >= 2 ? (chain[chain.length - 2] as number) : -1;
    // Ties go to the previous link, which is what guarantees the chain terminates.
    let nearest = previous;
    let best = previous >= 0 ? (distances[at(a, previous)] ?? Infinity) : Infinity;
    for (let k = 0; k < n; k++) {
      if (k === a || !active[k]) continue;
      const d = distances[at(a, k)] ?? Infinity;
      if (d < best) {
        best = d;
        nearest = k;
      }
    }
    if (nearest !== previous) {
      chain.push(nearest);
      continue;
    }
    chain.length -= 2;
    merges.push({ a, b: previous, distance: best });
    // Lance–Williams update for average linkage; the merged cluster lives on at `previous`.
    const sa = size[a] ?? 1;
    const sb = size[previous] ?? 1;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === a || k === previous) continue;
      distances[at(previous, k)] = (sa * (distances[at(a, k)] ?? 0) + sb * (distances[at(previous, k)] ?? 0)) / (sa + sb);
    }
    size[previous] = sa + sb;
    active[a] = 0;
    remaining--;
  }
  return merges.sort((x, y) => x.distance - y.distance);
}

/** Cluster label per vector, 0..k-1 in order of first appearance. */
export function clusterAgglomerative(vectors: readonly Float32Array[], options: ClusteringOptions): Int32Array {
  const n = vectors.length;
  const merges = averageLinkageMerges(vectors);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  const wanted = options.clusterCount !== undefined ? Math.max(1, Math.min(n, Math.round(options.clusterCount))) : undefined;
  const mergeCount = wanted !== undefined ? n - wanted : merges.filter((m) => m.distance <= options.threshold).length;
  for (const merge of merges.slice(0, mergeCount)) parent[find(merge.a)] = find(merge.b);
  const labels = new Int32Array(n);
  const names = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (!names.has(root)) names.set(root, names.size);
    labels[i] = names.get(root) ?? 0;
  }
  return labels;
}
