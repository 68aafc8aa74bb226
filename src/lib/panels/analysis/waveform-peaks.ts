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

/**
 * Builds the overview from frames handed over in order, in blocks of any
 * size (the cache's one-minute segments), so the recording is never whole in
 * memory. `length` is the recording's length in frames.
 */
export class WaveformPeaksBuilder {
  readonly #min: Float32Array;
  readonly #max: Float32Array;
  readonly #length: number;
  #bucket = 0;
  #bucketEnd: number;
  #low = Infinity;
  #high = -Infinity;
  #frame = 0;

  constructor(length: number, buckets: number) {
    const count = Math.max(1, Math.min(buckets, length || 1));
    this.#length = length;
    this.#min = new Float32Array(count);
    this.#max = new Float32Array(count);
    this.#bucketEnd = this.#endOf(0);
  }

  /** The next frames of every channel (mixed to mono); blocks must follow each other. */
  add(channels: readonly Float32Array[]): void {
    const frames = Math.min(channels[0]?.length ?? 0, this.#length - this.#frame);
    const scale = 1 / Math.max(1, channels.length);
    for (let i = 0; i < frames; i++, this.#frame++) {
      while (this.#frame >= this.#bucketEnd) this.#close();
      let value = 0;
      for (const channel of channels) value += channel[i]!;
      value *= scale;
      if (value < this.#low) this.#low = value;
      if (value > this.#high) this.#high = value;
    }
  }

  result(): WaveformPeaks {
    while (this.#bucket < this.#min.length) this.#close();
    return { min: this.#min, max: this.#max };
  }

  /** Bucket b covers frames [floor(b·length/count), floor((b+1)·length/count)): the buckets tile the recording. */
  #endOf(bucket: number): number {
    return Math.floor(((bucket + 1) * this.#length) / this.#min.length);
  }

  #close(): void {
    if (this.#bucket < this.#min.length) {
      this.#min[this.#bucket] = this.#low === Infinity ? 0 : this.#low;
      this.#max[this.#bucket] = this.#high === -Infinity ? 0 : this.#high;
    }
    this.#bucket++;
    this.#bucketEnd = this.#endOf(this.#bucket);
    this.#low = Infinity;
    this.#high = -Infinity;
  }
}

export function waveformPeaks(channels: readonly Float32Array[], buckets: number): WaveformPeaks {
  const builder = new WaveformPeaksBuilder(channels[0]?.length ?? 0, buckets);
  builder.add(channels);
  return builder.result();
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
