// How many speakers, and which windows are whose. Three steps:
// 1. average-linkage AHC on cosine distance in the file-standardised space,
//    cut at a calibrated threshold (or at the user's speaker count);
// 2. clusters that are statistically indistinct in raw features are merged
//    (cosine in a standardised space is relative and would split one voice);
// 3. each cluster is re-standardised on its own windows and bisected, keeping
//    the split only if the halves are statistically distinct: two similar
//    voices hidden by louder differences elsewhere in the file come apart here.
import { clusterAgglomerative } from './agglomerative-clustering.ts';
import { EmbeddingSpace } from './embedding-space.ts';
import { mergeIndistinctClusters, separation } from './voice-separation.ts';

export interface DiscoveryOptions {
  readonly clusterThreshold: number;
  readonly minSeparation: number;
  /** Smaller clusters are not people (a cough, a laugh, a clipped word): their windows get label −1. */
  readonly minClusterWindows: number;
  /** Most windows per cluster counted as evidence by the separation check (see voice-separation.ts). */
  readonly evidenceCap: number;
}

/** Labels 0..k-1 per raw embedding (−1 for windows in clusters too small to be a speaker). */
export function discoverSpeakers(raw: readonly Float32Array[], options: DiscoveryOptions, speakerCount?: number): Int32Array {
  if (raw.length === 0) return new Int32Array(0);
  const space = EmbeddingSpace.fit(raw);
  const projected = raw.map((v) => space.project(v));
  const first = clusterAgglomerative(projected, { threshold: options.clusterThreshold, clusterCount: speakerCount });
  // The user's count is taken as given; an automatic count must survive the absolute checks.
  if (speakerCount !== undefined) return first;
  const merged = mergeIndistinctClusters(raw, first, options.minSeparation, options.evidenceCap);
  const refined = new Int32Array(raw.length);
  let next = 0;
  const groups = new Map<number, number[]>();
  merged.forEach((label, i) => {
    const members = groups.get(label);
    if (members) members.push(i);
    else groups.set(label, [i]);
  });
  for (const members of groups.values()) {
    for (const part of bisect(raw, members, options)) {
      for (const i of part) refined[i] = next;
      next++;
    }
  }
  const final = mergeIndistinctClusters(raw, refined, options.minSeparation, options.evidenceCap);
  return dropSmallClusters(final, options.minClusterWindows);
}

/** Splits `members` in two while the halves stay statistically distinct voices. */
function bisect(raw: readonly Float32Array[], members: number[], options: DiscoveryOptions): number[][] {
  // Each half must hold twice the minimum cluster: choosing the best split of a
  // handful of windows inflates t (the split is picked to look separated).
  const minimumHalf = 2 * options.minClusterWindows;
  if (members.length < 2 * minimumHalf) return [members];
  const subset = members.map((i) => raw[i] as Float32Array);
  const space = EmbeddingSpace.fit(subset);
  const halves = clusterAgglomerative(
    subset.map((v) => space.project(v)),
    { threshold: Infinity, clusterCount: 2 }
  );
  const left = members.filter((_, k) => halves[k] === 0);
  const right = members.filter((_, k) => halves[k] === 1);
  if (left.length < minimumHalf || right.length < minimumHalf) return [members];
  if (separation(subset, halves, 0, 1, options.evidenceCap) < options.minSeparation) return [members];
  return [...bisect(raw, left, options), ...bisect(raw, right, options)];
}

function dropSmallClusters(labels: Int32Array, minimum: number): Int32Array {
  const sizes = new Map<number, number>();
  for (const label of labels) sizes.set(label, (sizes.get(label) ?? 0) + 1);
  const largest = Math.max(...sizes.values());
  // Never drop everything: a file with a few words from one person still has that person.
  const keep = (label: number): boolean => (sizes.get(label) ?? 0) >= Math.min(minimum, largest);
  const names = new Map<number, number>();
  return labels.map((label) => {
    if (!keep(label)) return -1;
    if (!names.has(label)) names.set(label, names.size);
    return names.get(label) ?? -1;
  });
}
