/**
 * The waveform overview: the lowest and highest sample in each of a fixed
 * number of buckets across the whole recording (channels mixed to mono).
 * Computed once per recording; drawing then needs no audio at all, so the
 * samples can be dropped right after.
 */
export interface WaveformPeaks {
  min: Float32Array;
  max: Float32Array;
}

export const OVERVIEW_BUCKETS = 4096;

export function waveformPeaks(channels: readonly Float32Array[], buckets = OVERVIEW_BUCKETS): WaveformPeaks {
  const length = channels[0]?.length ?? 0;
  const count = Math.max(1, Math.min(buckets, length || 1));
  const min = new Float32Array(count);
  const max = new Float32Array(count);
  const scale = 1 / Math.max(1, channels.length);
  for (let b = 0; b < count; b++) {
    const from = Math.floor((b * length) / count);
    const to = Math.max(from + 1, Math.floor(((b + 1) * length) / count));
    let low = Infinity;
    let high = -Infinity;
    for (let i = from; i < to && i < length; i++) {
      let value = 0;
      for (const channel of channels) value += channel[i]!;
      value *= scale;
      if (value < low) low = value;
      if (value > high) high = value;
    }
    min[b] = low === Infinity ? 0 : low;
    max[b] = high === -Infinity ? 0 : high;
  }
  return { min, max };
}

/** The min/max over the buckets a pixel column covers (a column may span several buckets, or part of one). */
export function columnRange(peaks: WaveformPeaks, column: number, columns: number): [number, number] {
  const count = peaks.min.length;
  const from = Math.floor((column * count) / columns);
  const to = Math.max(from + 1, Math.floor(((column + 1) * count) / columns));
  let low = 0;
  let high = 0;
  for (let b = from; b < to && b < count; b++) {
    low = Math.min(low, peaks.min[b]!);
    high = Math.max(high, peaks.max[b]!);
  }
  return [low, high];
}
