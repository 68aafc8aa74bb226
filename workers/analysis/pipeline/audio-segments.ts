import * as v from 'valibot';
import type { ContentCache } from '../../../src/lib/storage/content-cache';

/**
 * Long audio in the cache as one-minute segments: each segment is its own
 * cache entry holding one mono part per named track (the five stems, or the
 * mono analysis copy). Writing segment by segment keeps only one minute of
 * each track in memory, however long the rehearsal (an hour of five stems is
 * 1.6 GB as Float32, 800 MB as PCM16), and a reader can fetch the stretch it
 * plays without decoding the rest. An evicted or damaged segment makes the
 * whole track a miss, so the stage that made it runs again.
 */
export const SEGMENT_SECONDS = 60;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
export const SegmentLayoutSchema = v.strictObject({
  sampleRate: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(768_000)),
  segmentFrames: v.pipe(v.number(), v.integer(), v.minValue(1)),
  frames: Count,
  segments: Count
});
/** Where a track's segments are and how long each is; stored in the stage result. */
export type SegmentLayout = v.InferOutput<typeof SegmentLayoutSchema>;

/** The cache key of segment `index` (from analysisKey with a per-segment part). */
export type SegmentKey = (index: number) => Promise<string>;

/** Frames in segment `index` of a layout (the last one may be short). */
export function segmentLength(layout: SegmentLayout, index: number): number {
  return Math.max(0, Math.min(layout.segmentFrames, layout.frames - index * layout.segmentFrames));
}

/**
 * Collects blocks of named mono tracks and writes each full segment to the
 * cache at once. A write the cache refuses (quota, budget) is remembered, not
 * thrown: the job goes on and `finish` reports the track as not stored.
 */
export class SegmentWriter<N extends string> {
  readonly #buffers: Record<N, Float32Array>;
  readonly #segmentFrames: number;
  #fill = 0;
  #index = 0;
  #frames = 0;
  #stored = true;

  constructor(
    private readonly cache: ContentCache,
    private readonly keyOf: SegmentKey,
    private readonly names: readonly N[],
    private readonly sampleRate: number,
    segmentSeconds = SEGMENT_SECONDS
  ) {
    this.#segmentFrames = Math.max(1, Math.round(segmentSeconds * sampleRate));
    this.#buffers = Object.fromEntries(names.map((name) => [name, new Float32Array(this.#segmentFrames)])) as Record<N, Float32Array>;
  }

  /** Appends one block (every track the same length). */
  async push(block: Readonly<Record<N, Float32Array>>): Promise<void> {
    const length = block[this.names[0]!]?.length ?? 0;
    let taken = 0;
    while (taken < length) {
      const count = Math.min(length - taken, this.#segmentFrames - this.#fill);
      for (const name of this.names) this.#buffers[name].set(block[name].subarray(taken, taken + count), this.#fill);
      this.#fill += count;
      taken += count;
      if (this.#fill === this.#segmentFrames) await this.#writeSegment();
    }
  }

  /** Writes the last, partial segment; answers the layout and whether every segment was stored. */
  async finish(): Promise<{ layout: SegmentLayout; stored: boolean }> {
    if (this.#fill > 0) await this.#writeSegment();
    return { layout: { sampleRate: this.sampleRate, segmentFrames: this.#segmentFrames, frames: this.#frames, segments: this.#index }, stored: this.#stored };
  }

  async #writeSegment(): Promise<void> {
    const frames = this.#fill;
    const stems = Object.fromEntries(this.names.map((name) => [name, { sampleRate: this.sampleRate, channels: [this.#buffers[name].subarray(0, frames)] }]));
    // After the first refusal, stop writing: a track with a hole is a miss anyway.
    if (this.#stored) {
      const written = await this.cache.put(await this.keyOf(this.#index), { kind: 'stage', result: { index: this.#index, frames }, stems });
      if (!written.ok) this.#stored = false;
    }
    this.#index++;
    this.#frames += frames;
    this.#fill = 0;
  }
}

/** True when every segment of the layout is in the cache with each named track. */
export async function segmentsPresent(cache: ContentCache, keyOf: SegmentKey, layout: SegmentLayout, names: readonly string[]): Promise<boolean> {
  for (let index = 0; index < layout.segments; index++) {
    const found = await cache.describe(await keyOf(index));
    if (!found.hit || !names.every((name) => found.value.stems.includes(name))) return false;
  }
  return true;
}

/**
 * Frames [from, to) of one track, segment by segment, each handed to `visit`
 * with the frame it starts at and dropped before the next is read: a reader
 * that only measures holds one minute, however long the track. False when a
 * segment is missing, damaged or not the length the layout says (what was
 * visited before it is then meaningless).
 */
export async function forEachSegment(
  cache: ContentCache,
  keyOf: SegmentKey,
  layout: SegmentLayout,
  name: string,
  visit: (samples: Float32Array, startFrame: number) => void,
  from = 0,
  to = layout.frames
): Promise<boolean> {
  const start = Math.max(0, Math.min(from, layout.frames));
  const end = Math.max(start, Math.min(to, layout.frames));
  for (let index = Math.floor(start / layout.segmentFrames); index * layout.segmentFrames < end; index++) {
    const found = await cache.getStem(await keyOf(index), name);
    const samples = found.hit ? found.value.channels[0] : undefined;
    if (!found.hit || found.value.sampleRate !== layout.sampleRate || samples?.length !== segmentLength(layout, index)) return false;
    const segmentStart = index * layout.segmentFrames;
    const a = Math.max(start, segmentStart);
    const b = Math.min(end, segmentStart + samples.length);
    visit(samples.subarray(a - segmentStart, b - segmentStart), a);
  }
  return true;
}

/** Frames [from, to) of one track joined; undefined when a segment is gone (see `forEachSegment`). */
export async function readSegmentedTrack(cache: ContentCache, keyOf: SegmentKey, layout: SegmentLayout, name: string, from = 0, to = layout.frames): Promise<Float32Array | undefined> {
  const start = Math.max(0, Math.min(from, layout.frames));
  const out = new Float32Array(Math.max(start, Math.min(to, layout.frames)) - start);
  const complete = await forEachSegment(cache, keyOf, layout, name, (samples, at) => out.set(samples, at - start), from, to);
  return complete ? out : undefined;
}
