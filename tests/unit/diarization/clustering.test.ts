import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageLinkageMerges, clusterAgglomerative } from '../../../workers/diarization/agglomerative-clustering.ts';
import { unitCosine } from '../../../workers/diarization/embedding-space.ts';
import { mergeIndistinctClusters } from '../../../workers/diarization/voice-separation.ts';

const unit = (values: number[]): Float32Array => {
  const norm = Math.hypot(...values) || 1;
  return Float32Array.from(values, (v) => v / norm);
};

/** Textbook average linkage: merge the closest pair, repeat (O(n³)); the reference for the NN-chain. */
function greedyHeights(vectors: Float32Array[]): number[] {
  let clusters = vectors.map((_, i) => [i]);
  const heights: number[] = [];
  const distance = (a: number[], b: number[]): number => {
    let sum = 0;
    for (const i of a) for (const j of b) sum += 1 - unitCosine(vectors[i] as Float32Array, vectors[j] as Float32Array);
    return sum / (a.length * b.length);
  };
  while (clusters.length > 1) {
    let best = [0, 1, Infinity] as [number, number, number];
    for (let i = 0; i < clusters.length; i++)
      for (let j = i + 1; j < clusters.length; j++) {
        const d = distance(clusters[i] as number[], clusters[j] as number[]);
        if (d < best[2]) best = [i, j, d];
      }
    heights.push(best[2]);
    const merged = [...(clusters[best[0]] ?? []), ...(clusters[best[1]] ?? [])];
    clusters = clusters.filter((_, k) => k !== best[0] && k !== best[1]).concat([merged]);
  }
  return heights.sort((a, b) => a - b);
}

describe('agglomerative clustering', () => {
  const voices = [unit([1, 0.1, 0]), unit([0.9, 0.2, 0]), unit([1, 0, 0.1]), unit([0, 1, 0.1]), unit([0.1, 0.9, 0]), unit([0, 0, 1])];

  it('groups nearby directions and stops at the threshold', () => {
    expect(Array.from(clusterAgglomerative(voices, { threshold: 0.3 }))).toEqual([0, 0, 0, 1, 1, 2]);
  });

  it('cuts at the requested number of clusters instead of the threshold', () => {
    expect(new Set(clusterAgglomerative(voices, { threshold: 0.01, clusterCount: 2 })).size).toBe(2);
    expect(new Set(clusterAgglomerative(voices, { threshold: 0.01, clusterCount: 1 })).size).toBe(1);
  });

  it('finds the same merge heights as the textbook greedy algorithm', () => {
    // Unbiased values, and no tied distances: with ties the dendrogram is not unique.
    const vector = fc.noBias(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 })).filter((v) => Math.hypot(...v) > 0.1);
    const untied = (vectors: Float32Array[]): boolean => {
      const distances = vectors.flatMap((a, i) => vectors.slice(i + 1).map((b) => 1 - unitCosine(a, b))).sort((x, y) => x - y);
      return distances.every((d, i) => i === 0 || d - (distances[i - 1] ?? 0) > 1e-3);
    };
    fc.assert(
      fc.property(fc.array(vector, { minLength: 2, maxLength: 9 }).filter((raw) => untied(raw.map(unit))), (raw) => {
        const vectors = raw.map(unit);
        const chain = averageLinkageMerges(vectors).map((m) => m.distance);
        const greedy = greedyHeights(vectors);
        return chain.every((h, i) => Math.abs(h - (greedy[i] ?? NaN)) < 1e-5);
      })
    );
  });
});

describe('voice separation check', () => {
  it('merges two clusters drawn from the same voice and keeps two different voices apart', () => {
    let seed = 7;
    const noise = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 4294967296 - 0.5;
    };
    const sameVoice = Array.from({ length: 20 }, () => Float32Array.from({ length: 8 }, noise));
    const split = Int32Array.from({ length: 20 }, (_, i) => i % 2);
    expect(new Set(mergeIndistinctClusters(sameVoice, split, 3.7)).size).toBe(1);
    const twoVoices = sameVoice.map((v, i) => v.map((x) => x + (i % 2) * 2));
    expect(new Set(mergeIndistinctClusters(twoVoices, split, 3.7)).size).toBe(2);
  });
});
