// Puts raw embeddings in a space where cosine similarity compares voices:
// each dimension centred on the file's mean and divided by its spread. Before
// speakers are known the spread is the total one (mean/variance normalisation);
// once clusters exist it is the pooled *within-cluster* spread (diagonal
// within-class covariance normalisation), so a dimension where two voices
// differ clearly but the file as a whole varies a lot (pitch, in a band with
// two male and two female voices) gets the weight it deserves.

export class EmbeddingSpace {
  private constructor(
    private readonly mean: Float64Array,
    private readonly scale: Float64Array
  ) {}

  /** With `labels`, scales by the pooled within-cluster spread; without, by the total spread. */
  static fit(vectors: readonly Float32Array[], labels?: Int32Array): EmbeddingSpace {
    const dimension = vectors[0]?.length ?? 0;
    const mean = new Float64Array(dimension);
    for (const v of vectors) for (let d = 0; d < dimension; d++) mean[d] = (mean[d] ?? 0) + (v[d] ?? 0) / vectors.length;
    const centres = labels ? clusterMeans(vectors, labels, dimension) : [mean];
    const spread = new Float64Array(dimension);
    vectors.forEach((v, i) => {
      const centre = centres[labels ? (labels[i] ?? 0) : 0] ?? mean;
      for (let d = 0; d < dimension; d++) spread[d] = (spread[d] ?? 0) + ((v[d] ?? 0) - (centre[d] ?? 0)) ** 2 / vectors.length;
    });
    // A constant dimension (one window, a dead telephone band) keeps scale 1 instead of exploding.
    const scale = spread.map((s) => (s > 1e-12 ? 1 / Math.sqrt(s) : 1));
    return new EmbeddingSpace(mean, scale);
  }

  /** Centred, scaled and unit length (a zero vector stays zero). */
  project(vector: Float32Array): Float32Array {
    const out = new Float32Array(vector.length);
    let norm = 0;
    for (let d = 0; d < vector.length; d++) {
      const value = ((vector[d] ?? 0) - (this.mean[d] ?? 0)) * (this.scale[d] ?? 1);
      out[d] = value;
      norm += value * value;
    }
    if (norm > 0) for (let d = 0; d < out.length; d++) out[d] = (out[d] ?? 0) / Math.sqrt(norm);
    return out;
  }
}

function clusterMeans(vectors: readonly Float32Array[], labels: Int32Array, dimension: number): Float64Array[] {
  const count = Math.max(0, ...labels) + 1;
  const sums = Array.from({ length: count }, () => new Float64Array(dimension));
  const sizes = new Float64Array(count);
  vectors.forEach((v, i) => {
    const label = labels[i] ?? 0;
    sizes[label] = (sizes[label] ?? 0) + 1;
    const sum = sums[label] as Float64Array;
    for (let d = 0; d < dimension; d++) sum[d] = (sum[d] ?? 0) + (v[d] ?? 0);
  });
  return sums.map((sum, label) => sum.map((value) => value / Math.max(1, sizes[label] ?? 1)));
}

/** Cosine similarity of two unit vectors (their dot product). */
export function unitCosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let d = 0; d < a.length; d++) dot += (a[d] ?? 0) * (b[d] ?? 0);
  return dot;
}

/** Unit-length mean of unit vectors: a cluster's centroid direction. */
export function centroid(vectors: readonly Float32Array[], dimension: number): Float32Array {
  const out = new Float32Array(dimension);
  for (const v of vectors) for (let d = 0; d < dimension; d++) out[d] = (out[d] ?? 0) + (v[d] ?? 0);
  let norm = 0;
  for (let d = 0; d < dimension; d++) norm += (out[d] ?? 0) ** 2;
  if (norm > 0) for (let d = 0; d < dimension; d++) out[d] = (out[d] ?? 0) / Math.sqrt(norm);
  return out;
}
