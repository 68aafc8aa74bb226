/**
 * Median filters for HPSS. A median of 17 values is found with quickselect
 * (Hoare) on a scratch copy, O(n) on average, which beats keeping sorted
 * windows at these tiny sizes and allocates nothing.
 */

/** Median of `scratch[0…count)`; reorders `scratch`. */
export function medianInPlace(scratch: Float32Array, count: number): number {
  if (count === 0) return 0;
  const middle = count >> 1;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const pivot = scratch[(low + high) >> 1] as number;
    let i = low;
    let j = high;
    while (i <= j) {
      while ((scratch[i] as number) < pivot) i++;
      while ((scratch[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = scratch[i] as number;
        scratch[i] = scratch[j] as number;
        scratch[j] = swap;
        i++;
        j--;
      }
    }
    if (middle <= j) high = j;
    else if (middle >= i) low = i;
    else break;
  }
  return scratch[middle] as number;
}

/**
 * Median over ±`half` neighbouring bins of each bin (the percussive
 * enhancement of Fitzgerald 2010: a click is broadband, so it survives a
 * median across frequency while a partial, narrow in frequency, is removed).
 * Bins past either edge are left out rather than taken as zero.
 */
export function medianAcrossFrequency(magnitude: Float32Array, out: Float32Array, half: number, scratch: Float32Array): void {
  const bins = magnitude.length;
  for (let k = 0; k < bins; k++) {
    const from = Math.max(0, k - half);
    const to = Math.min(bins - 1, k + half);
    let count = 0;
    for (let j = from; j <= to; j++) scratch[count++] = magnitude[j] as number;
    out[k] = medianInPlace(scratch, count);
  }
}
