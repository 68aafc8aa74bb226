/**
 * Self-similarity matrix (Foote 1999): cosine similarity of every pair of
 * steps. Features are unit vectors, so it is a dot product; silent steps
 * (zero vectors) are similar to nothing.
 */
export interface SelfSimilarity {
  size: number;
  /** Row-major size × size, symmetric, −1…1. */
  values: Float32Array;
}

export function selfSimilarity(features: Float32Array, dims: number): SelfSimilarity {
  const size = Math.floor(features.length / dims);
  const values = new Float32Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += (features[i * dims + d] ?? 0) * (features[j * dims + d] ?? 0);
      values[i * size + j] = dot;
      values[j * size + i] = dot;
    }
  }
  return { size, values };
}

/** Mean similarity over the block rows [a0, a1) × columns [b0, b1): how alike two stretches are. */
export function blockMean(matrix: SelfSimilarity, a0: number, a1: number, b0: number, b1: number): number {
  let sum = 0;
  let count = 0;
  for (let i = a0; i < a1; i++) {
    for (let j = b0; j < b1; j++) {
      sum += matrix.values[i * matrix.size + j] ?? 0;
      count++;
    }
  }
  return count > 0 ? sum / count : 0;
}
