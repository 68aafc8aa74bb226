import { describe, expect, it } from 'vitest';
import { readSegmentedTrack, SegmentWriter, segmentLength, segmentsPresent } from '$workers/analysis/pipeline/audio-segments';
import { ContentCache } from '$lib/storage/content-cache';
import { contentKey } from '$lib/storage/content-key';
import { createMemoryStore } from '$lib/storage/memory-store';

const DIGEST = 'a'.repeat(64);
const RATE = 1000;
const keyOf = (index: number) => contentKey({ inputDigest: DIGEST, pipelineVersion: 'test/1', modelVersions: {}, stage: `stems/segment-${index}` });
const ramp = (from: number, length: number) => Float32Array.from({ length }, (_, i) => ((from + i) % 1000) / 1000 - 0.5);

async function writeTracks(cache: ContentCache, frames: number, blockSize: number) {
  const writer = new SegmentWriter(cache, keyOf, ['low', 'high'], RATE, 2.5);
  for (let at = 0; at < frames; at += blockSize) {
    const length = Math.min(blockSize, frames - at);
    await writer.push({ low: ramp(at, length), high: ramp(at + 7, length) });
  }
  return writer.finish();
}

describe('long audio stored in segments', () => {
  it('splits the tracks into fixed segments, the last one short, whatever the block size', async () => {
    const cache = new ContentCache(createMemoryStore());
    const { layout, stored } = await writeTracks(cache, 6100, 777);
    expect(stored).toBe(true);
    expect(layout).toEqual({ sampleRate: RATE, segmentFrames: 2500, frames: 6100, segments: 3 });
    expect([0, 1, 2].map((index) => segmentLength(layout, index))).toEqual([2500, 2500, 1100]);
    expect(await segmentsPresent(cache, keyOf, layout, ['low', 'high'])).toBe(true);
  });

  it('reads back any stretch across segment boundaries within PCM16 precision', async () => {
    const cache = new ContentCache(createMemoryStore());
    const { layout } = await writeTracks(cache, 6100, 1000);
    const whole = await readSegmentedTrack(cache, keyOf, layout, 'high');
    expect(whole?.length).toBe(6100);
    const stretch = await readSegmentedTrack(cache, keyOf, layout, 'low', 2400, 5100);
    const expected = ramp(2400, 2700);
    expect(stretch?.length).toBe(2700);
    for (let i = 0; i < expected.length; i++) expect(Math.abs(stretch![i]! - expected[i]!)).toBeLessThan(1e-4);
  });

  it('is a miss when one segment is evicted, so the stage runs again rather than play a hole', async () => {
    const cache = new ContentCache(createMemoryStore());
    const { layout } = await writeTracks(cache, 6100, 1000);
    await cache.delete(await keyOf(1));
    expect(await segmentsPresent(cache, keyOf, layout, ['low'])).toBe(false);
    expect(await readSegmentedTrack(cache, keyOf, layout, 'low')).toBeUndefined();
    // A stretch that avoids the hole is still there.
    expect((await readSegmentedTrack(cache, keyOf, layout, 'low', 0, 2500))?.length).toBe(2500);
  });

  it('reports a refused write as not stored and keeps going, instead of failing the job', async () => {
    const cache = new ContentCache(createMemoryStore(), { budgetBytes: 6000 });
    const { layout, stored } = await writeTracks(cache, 6100, 1000);
    expect(stored).toBe(false);
    expect(layout.frames).toBe(6100);
  });
});
