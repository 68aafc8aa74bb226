/**
 * The waveform overview: the lowest and highest sample in each 10 ms
 * bucket of the recording (channels mixed to mono). Computed once per
 * recording; drawing any view, zoomed or not, then needs no audio at all,
 * so the samples can be dropped right after.
 */
export interface WaveformPeaks {
  min: Float32Array;
  max: Float32Array;
}

/** 100 buckets a second: 10 ms, enough for a zoomed view of a few bars to look like audio. */
export const BUCKETS_PER_SECOND = 100;
/** An hour at 100/s is 360,000 buckets (2.9 MB); beyond 2^19 the overview gets coarser instead of bigger. */
export const MAX_BUCKETS = 2 ** 19;

export function bucketsFor(frames: number, sampleRate: number): number {
  return Math.max(1, Math.min(frames, MAX_BUCKETS, Math.ceil((frames / sampleRate) * BUCKETS_PER_SECOND)));
}

export function waveformPeaks(channels: readonly Float32Array[], buckets: number): WaveformPeaks {
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

/** The lowest and highest value between two times (one pixel column), over every bucket the span touches. */
export function rangeBetween(peaks: WaveformPeaks, duration: number, from: number, to: number): [number, number] {
  const count = peaks.min.length;
  if (!(duration > 0)) return [0, 0];
  const first = Math.max(0, Math.floor((from / duration) * count));
  const last = Math.min(count, Math.max(first + 1, Math.ceil((to / duration) * count)));
  let low = 0;
  let high = 0;
  for (let b = first; b < last; b++) {
    low = Math.min(low, peaks.min[b]!);
    high = Math.max(high, peaks.max[b]!);
  }
  return [low, high];
}
